// Typed wrappers of the breach commands (src-tauri/src/commands/breach.rs; contract in
// docs/ipc.md) and of `document_export` for the breach's documents. Same pattern as
// src/lib/api.ts: argument names are camelCase, every rejection becomes an `AppError`.
// Nothing here decides a rule: the core computes the countdown and the suggestion.

import { invoke } from '@tauri-apps/api/core';
import { toAppError, type Problem } from '../../lib/api';
import type { Level } from '../aipd/model';

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    throw toAppError(e);
  }
}

export type CountdownState = 'not_needed' | 'to_notify' | 'late' | 'notified_in_time' | 'notified_late';
export type RiskLevel = 'unrated' | 'no_risk' | 'risk' | 'high_risk';
export type Decision = 'yes' | 'no' | 'undecided';
export type BreachStatus = 'open' | 'closed';
export type NotificationKind = 'initial' | 'complementary';

export interface Countdown {
  deadline: string;
  /** Seconds left while the deadline runs. */
  remaining: number | null;
  overdue: boolean;
  notified_in_time: boolean | null;
  state: CountdownState;
  delay_reasons_missing: boolean;
}

export interface NotifySuggestion {
  level: RiskLevel;
  action: string;
  notify_cnil: boolean;
  inform_persons: boolean | null;
  differs_from_decisions: boolean;
  reasons_fr: string[];
  reasons_en: string[];
}

/** What the core derives from a breach at a moment. */
export interface BreachDerived {
  countdown: Countdown;
  countdown_fr: string;
  countdown_en: string;
  risk_level: RiskLevel;
  risk_label_fr: string;
  risk_label_en: string;
  suggestion: NotifySuggestion;
}

export interface Notification {
  kind: NotificationKind;
  sent_at: string;
  reference: string;
  note: string;
}

export interface Estimate {
  severity: Level | null;
  severity_justification: string;
  likelihood: Level | null;
  likelihood_justification: string;
}

export interface Breach {
  id: string;
  created_at: string;
  updated_at: string;
  title: string;
  status: BreachStatus;
  started_on: string | null;
  started_time: string | null;
  aware_at: string;
  ended_on: string | null;
  natures: string[];
  origin: string | null;
  cause: string | null;
  origin_details: string;
  circumstances: string;
  data_categories: string[];
  special_categories: string[];
  data_details: string;
  person_categories: string;
  persons_count: number | null;
  records_count: number | null;
  processings: string[];
  consequences: string;
  risk: Estimate;
  measures_taken: string[];
  measures_planned: string[];
  notify_cnil: Decision;
  notify_reasoning: string;
  inform_persons: Decision;
  inform_reasoning: string;
  inform_exception: string | null;
  notifications: Notification[];
  delay_reasons: string;
}

export interface EnumOption {
  value: string;
  label_fr: string;
  label_en: string;
}

export interface BreachOptions {
  nature: EnumOption[];
  origin: EnumOption[];
  cause: EnumOption[];
  decision: EnumOption[];
  exception: EnumOption[];
  notification_kind: EnumOption[];
  status: EnumOption[];
  level: EnumOption[];
  data_category: EnumOption[];
  special_category: EnumOption[];
}

export interface BreachRow extends BreachDerived {
  id: string;
  title: string;
  status: BreachStatus;
  started_on: string | null;
  aware_at: string;
  ended_on: string | null;
  natures: string[];
  notify_cnil: Decision;
  inform_persons: Decision;
  processings: string[];
  has_draft: boolean;
}

export interface BreachList {
  breaches: BreachRow[];
  options: BreachOptions;
  now: string;
}

export interface ProcessingName {
  id: string;
  name: string;
}

export interface BreachForm extends BreachDerived {
  breach: Breach;
  draft: Breach | null;
  problems: Problem[];
  register: ProcessingName[];
  options: BreachOptions;
  now: string;
}

export interface BreachSave extends BreachDerived {
  saved: boolean;
  breach: Breach;
  problems: Problem[];
  now: string;
}

/** An open breach on the dashboard (`greffier::breach::OpenBreach`). */
export interface OpenBreach {
  id: string;
  title: string;
  aware_at: string;
  countdown: Countdown;
}

export type DocFormat = 'pdf' | 'docx' | 'odt';
export type BreachDocKey = `breach-sheet:${string}` | `breach-letter:${string}` | 'breach-register';

export const breachApi = {
  list: () => call<BreachList>('breach_list'),
  create: (title: string) => call<string>('breach_create', { title }),
  form: (id: string) => call<BreachForm>('breach_form', { id }),
  update: (value: Breach) => call<BreachSave>('breach_update', { value }),
  discardDraft: (id: string) => call<BreachForm>('breach_discard_draft', { id }),
  remove: (id: string) => call<void>('breach_delete', { id }),
  /** The save dialog, then the document; the saved path, `null` when cancelled. */
  exportDoc: (key: BreachDocKey, format: DocFormat) => call<string | null>('document_export', { key, format }),
};
