// Typed wrappers over the shell's commands of the register of activities carried out as a
// processor « Registre de sous-traitance » (Art. 30(2) GDPR; src-tauri/src/commands/
// processor.rs). Argument names are camelCase (Tauri maps them to the Rust names), every
// rejection becomes an `AppError`. The types are the core's `ProcessorActivity`
// (src/model/processor_activity.rs) serialised as is.

import { invoke } from '@tauri-apps/api/core';
import { toAppError, type Contact, type Problem } from '../../lib/api';
import type { SecurityMeasures, Transfer } from './model';

/** A controller on whose behalf the activity is carried out « Client (responsable de traitement) ». */
export interface ClientController {
  name: string;
  contact: Contact;
  /** Id of a ThirdParty of the same organisation, when the client is recorded there. */
  third_party: string | null;
  /** Processing carried out for this client « Opérations effectuées pour ce client ». */
  operations: string;
}

/** One entry of the processor's register. */
export interface ProcessorActivity {
  id: string;
  created_at: string;
  updated_at: string;
  /** Category of processing carried out; required. */
  name: string;
  reference: string;
  description: string;
  clients: ClientController[];
  /** Ids of ThirdParty records of the same organisation. */
  sub_processors: string[];
  sub_processors_details: string;
  transfers: Transfer[];
  security: SecurityMeasures;
  notes: string;
  archived: boolean;
}

export interface ProcessorActivityForm {
  activity: ProcessorActivity;
  /** The unsaved edited JSON kept encrypted by the shell (any JSON: may not be a valid activity). */
  draft: Record<string, unknown> | null;
  problems: Problem[];
}

export interface ProcessorActivitySave {
  saved: boolean;
  /** The activity as stored (unchanged when `saved` is false). */
  activity: ProcessorActivity;
  problems: Problem[];
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    throw toAppError(e);
  }
}

export const processorApi = {
  /** Every activity of the current organisation, archived ones included, sorted by name. */
  list: () => call<ProcessorActivity[]>('processor_activities'),
  /** A new activity; resolves to its id. */
  create: (name: string) => call<string>('processor_activity_create', { name }),
  /** The stored activity, its draft if any and the problems of that draft. */
  form: (id: string) => call<ProcessorActivityForm>('processor_activity_form', { id }),
  /** Saves the edited JSON when it is valid, else keeps it as a draft. */
  update: (activity: ProcessorActivity) => call<ProcessorActivitySave>('processor_activity_update', { activity }),
  discardDraft: (id: string) => call<ProcessorActivityForm>('processor_activity_discard_draft', { id }),
  remove: (id: string) => call<null>('processor_activity_delete', { id }),
};
