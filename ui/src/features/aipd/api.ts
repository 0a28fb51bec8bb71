// Typed wrappers of the AIPD commands (src-tauri/src/commands/aipd.rs; contract in
// docs/ipc.md). Same pattern as src/lib/api.ts: argument names are camelCase (Tauri maps them
// to the Rust names), every rejection becomes an `AppError`. Nothing here decides a rule.

import { invoke } from '@tauri-apps/api/core';
import { toAppError } from '../../lib/api';
import type {
  Aipd,
  AipdExportFormat,
  AipdOverview,
  AipdReference,
  AipdSave,
  AipdScreening,
  AipdView,
  PiaImportSummary,
  ScreeningForm,
  ScreeningSave,
  Transition,
} from './model';

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    throw toAppError(e);
  }
}

export const aipdApi = {
  /** Screening rows, the analyses and the dashboard counts of the current organisation. */
  overview: () => call<AipdOverview>('aipd_overview'),
  /** Lists, criteria help, scales, knowledge base, the high risk rule and the choice lists. */
  reference: () => call<AipdReference>('aipd_reference'),
  /** The screening of a processing (stored, or pre-filled from the register), with its draft. */
  screening: (processingId: string) => call<ScreeningForm>('aipd_screening', { processingId }),
  /** Saves the screening when valid, else keeps it as a draft; the verdict on what was sent. */
  screeningUpdate: (screening: AipdScreening) => call<ScreeningSave>('aipd_screening_update', { screening }),
  /** The shell's save dialog, then the screening of the processing as a PDF (the stored one, or
   *  the register's proposal marked as such); `null` when cancelled. */
  screeningExport: (processingId: string) => call<string | null>('aipd_screening_export', { processingId }),
  /** A new analysis of `processingIds`, pre-filled from the register; its id. */
  create: (processingIds: string[], title: string) => call<string>('aipd_create', { processingIds, title }),
  get: (id: string) => call<AipdView>('aipd_get', { id }),
  update: (aipd: Aipd) => call<AipdSave>('aipd_update', { aipd }),
  discardDraft: (id: string) => call<AipdView>('aipd_discard_draft', { id }),
  transition: (id: string, transition: Transition) => call<AipdView>('aipd_transition', { id, transition }),
  /** A new version « En cours » started from a validated one; its id. */
  newVersion: (id: string) => call<string>('aipd_new_version', { id }),
  remove: (id: string) => call<null>('aipd_delete', { id }),
  /** The shell's save dialog, then the PDF report or the PIA software's JSON; `null` when cancelled. */
  exportTo: (id: string, format: AipdExportFormat) => call<string | null>('aipd_export', { id, format }),
  /** The shell's open dialog, then the import of a PIA software export; `null` when cancelled. */
  importPia: () => call<PiaImportSummary | null>('aipd_import'),
};

// The reference data does not change while the window runs: one request.
let referenceCache: Promise<AipdReference> | null = null;

export function cachedReference(): Promise<AipdReference> {
  if (!referenceCache) {
    referenceCache = aipdApi.reference();
    referenceCache.catch(() => (referenceCache = null));
  }
  return referenceCache;
}

/** Forgets the cached reference (tests). */
export function resetAipdCaches(): void {
  referenceCache = null;
}
