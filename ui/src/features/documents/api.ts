// Typed wrappers of the « Documents » commands (src-tauri/src/commands/documents.rs; contract
// in docs/ipc.md). Argument names are camelCase (Tauri maps them to the Rust names), every
// rejection becomes an `AppError`. Nothing here decides a rule: the core's catalogue does.

import { invoke } from '@tauri-apps/api/core';
import { toAppError } from '../../lib/api';

export type OutputFormat = 'pdf' | 'docx' | 'odt' | 'ods' | 'xlsx' | 'csv' | 'pia_json' | 'zip' | 'folder';
export type DocumentGroup = 'compliance' | 'teleservices' | 'aipd' | 'breaches' | 'hand_over';

/** The groups in the order of the screen. */
export const GROUPS: DocumentGroup[] = ['compliance', 'teleservices', 'aipd', 'breaches', 'hand_over'];

export interface Generation {
  /** RFC 3339 */
  at: string;
  format: OutputFormat;
}

/** Something the dossier lacks for a document, with where to fill it in (« Organisme › Délégué »). */
export interface Missing {
  label_fr: string;
  label_en: string;
  where_fr: string;
}

export interface DocumentEntry {
  key: string;
  group: DocumentGroup;
  subject: string | null;
  title_fr: string;
  title_en: string;
  description_fr: string;
  description_en: string;
  destination_fr: string | null;
  destination_en: string | null;
  /** The first is the usual one. */
  formats: OutputFormat[];
  missing: Missing[];
  /** False: cannot be made at all; `missing` says why. */
  ready: boolean;
  last_generated: Generation | null;
}

export interface DocumentsView {
  documents: DocumentEntry[];
  read_only: boolean;
}

export interface DesignationItem {
  /** JSON pointer into the organisation (`/dpo/person/last_name`). */
  key: string;
  label_fr: string;
  label_en: string;
  value: string;
  required: boolean;
  missing: boolean;
  problem_fr: string | null;
  problem_en: string | null;
  copyable: boolean;
  hint_fr: string | null;
  hint_en: string | null;
}

export interface DesignationSection {
  key: string;
  title_fr: string;
  title_en: string;
  note_fr: string | null;
  note_en: string | null;
  applies: boolean;
  items: DesignationItem[];
}

export interface ObligationReason {
  code: string;
  text_fr: string;
  text_en: string;
  article: string;
  processings: string[];
}

export interface DesignationSheet {
  sections: DesignationSection[];
  missing: number;
  invalid: number;
  obligation: { required: boolean; reasons: ObligationReason[]; note_fr: string; note_en: string };
  conditions: { key: string; label_fr: string; label_en: string; help_fr: string; help_en: string }[];
  designated: boolean;
  source_note_fr: string;
  source_note_en: string;
}

export interface DpoDesignationView {
  sheet: DesignationSheet;
  dpo_set: boolean;
  organisation: string;
}

/** The key of the DPO designation sheet in the catalogue. */
export const DPO_KEY = 'dpo-designation';

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    throw toAppError(e);
  }
}

export const documentsApi = {
  /** Every document of the current organisation, with its last generation. */
  list: () => call<DocumentsView>('documents_list'),
  /** Makes the document, asks where to put it (save dialog, or folder picker for a pack), writes
   *  it and notes the generation; the path written, `null` when cancelled. */
  exportTo: (key: string, format: OutputFormat) => call<string | null>('document_export', { key, format }),
  /** The DPO designation sheet of the current organisation. */
  dpoDesignation: () => call<DpoDesignationView>('dpo_designation'),
};
