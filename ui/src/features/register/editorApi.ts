// Typed wrappers over the shell's commands used by the processing editor. Same pattern as
// src/lib/api.ts: argument names are camelCase (Tauri maps them to the Rust names), every
// rejection becomes an `AppError`.

import { invoke } from '@tauri-apps/api/core';
import { toAppError } from '../../lib/api';
import type {
  CountryList,
  Processing,
  ProcessingForm,
  ProcessingSave,
  RegisterOptions,
  SecurityMeasures,
  ThirdParty,
} from './model';

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    throw toAppError(e);
  }
}

export const editorApi = {
  /** The stored processing, its draft if any, and the core's verdicts on what is shown. */
  processingForm: (id: string) => call<ProcessingForm>('processing_form', { id }),
  /** Saves the edited JSON when it is valid, else keeps it as a draft; verdicts on what was sent. */
  processingUpdate: (processing: Processing) => call<ProcessingSave>('processing_update', { processing }),
  processingDiscardDraft: (id: string) => call<ProcessingForm>('processing_discard_draft', { id }),
  registerOptions: () => call<RegisterOptions>('register_options'),
  countries: () => call<CountryList>('countries'),
  thirdParties: () => call<ThirdParty[]>('third_parties'),
  thirdPartySave: (thirdParty: ThirdParty) => call<ThirdParty>('third_party_save', { thirdParty }),
  /** The security checklist's done items applied by the core to `security` (nothing stored). */
  securityForProcessing: (security: SecurityMeasures) =>
    call<SecurityForProcessing>('security_for_processing', { security }),
};

/** What the security checklist brings to a processing (Art. 30(1)(g)). */
export interface SecurityForProcessing {
  summary: { categories: string[]; description_fr: string; description_en: string; items: string[] };
  security: SecurityMeasures;
  changed: boolean;
}

// The choice lists and the country list do not change while the window runs: one request each.
let optionsCache: Promise<RegisterOptions> | null = null;
let countriesCache: Promise<CountryList> | null = null;

export function cachedRegisterOptions(): Promise<RegisterOptions> {
  if (!optionsCache) {
    optionsCache = editorApi.registerOptions();
    optionsCache.catch(() => (optionsCache = null));
  }
  return optionsCache;
}

export function cachedCountries(): Promise<CountryList> {
  if (!countriesCache) {
    countriesCache = editorApi.countries();
    countriesCache.catch(() => (countriesCache = null));
  }
  return countriesCache;
}

/** Forgets the cached lists (tests; a language switch does not need it: both languages are sent). */
export function resetEditorCaches(): void {
  optionsCache = null;
  countriesCache = null;
}
