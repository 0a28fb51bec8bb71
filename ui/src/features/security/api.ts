// Typed wrappers of the security checklist's commands (src-tauri/src/commands/security.rs;
// contract in docs/ipc.md). The types mirror the core's serde shapes (src/security/*.rs,
// src/model/security.rs): field names keep the core's snake_case, enums their snake_case
// values. Scores are integers per mille (725 = 72,5 %); `null` = nothing applies.

import { invoke } from '@tauri-apps/api/core';
import { toAppError, type Problem } from '../../lib/api';

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    throw toAppError(e);
  }
}

// ------------------------------------------------------------------------- stored answers

/** A question of the applicability profile (`ProfileKey`). */
export type ProfileKey =
  | 'employees'
  | 'premises'
  | 'paper'
  | 'office_network'
  | 'wifi'
  | 'remote_work'
  | 'byod'
  | 'own_servers'
  | 'server_room'
  | 'website'
  | 'software_dev'
  | 'mobile_apps'
  | 'ai'
  | 'apis'
  | 'cloud'
  | 'processors'
  | 'external_it'
  | 'health_data'
  | 'public_body'
  | 'fax';

/** The answer to one item: « Fait », « Partiel », « À faire », « Non applicable ». */
export type AnswerStatus = 'done' | 'partial' | 'todo' | 'not_applicable';

/** « Haute », « Moyenne », « Basse ». */
export type Priority = 'high' | 'medium' | 'low';

/** Why a score snapshot was taken. */
export type SnapshotReason = 'validation' | 'on_demand';

/** The stored answer to one item of the guide. */
export interface ItemAnswer {
  /** e.g. `s04-p02` */
  item_id: string;
  status: AnswerStatus;
  /** Required for `not_applicable`. */
  na_reason: string;
  comment: string;
  evidence: string;
  owner: string;
  /** ISO date */
  due_date: string | null;
  priority: Priority | null;
}

/** An answer with only a status (like the core's `ItemAnswer::new`). */
export function newAnswer(item_id: string, status: AnswerStatus): ItemAnswer {
  return { item_id, status, na_reason: '', comment: '', evidence: '', owner: '', due_date: null, priority: null };
}

// ------------------------------------------------------------------------- checklist view

/** An item's effective status as the checklist shows it. */
export type ItemStatus = 'done' | 'partial' | 'todo' | 'unanswered' | 'not_applicable';

/** Essential precaution (in the score) or « pour aller plus loin » (never in the score). */
export type ItemKind = 'precaution' | 'optional';

/** Where a « Non applicable » comes from. */
export type NaSource = 'profile' | 'answer';

export interface NaReason {
  source: NaSource;
  /** The « non » answers behind it (empty for `answer`). */
  keys: ProfileKey[];
  reason_fr: string;
  reason_en: string;
}

export interface ProfileView {
  key: ProfileKey;
  question_fr: string;
  question_en: string;
  /** `null`: not answered (counts as « oui »). */
  answer: boolean | null;
  /** How many items this question can hide. */
  items: number;
}

/** The core's name for {@link ProfileView}. */
export type ProfileQuestionView = ProfileView;

export interface Tally {
  applicable: number;
  done: number;
  partial: number;
  todo: number;
  unanswered: number;
  not_applicable: number;
}

export interface Score {
  per_mille: number | null;
  precautions: Tally;
  optional: Tally;
  optional_per_mille: number | null;
}

export interface SheetScore {
  sheet: number;
  chapter: string;
  applies: boolean;
  score: Score;
}

export interface ChapterScore {
  chapter: string;
  title_fr: string;
  title_en: string;
  score: Score;
}

export interface Scores {
  overall: Score;
  chapters: ChapterScore[];
  /** Sheets 1 to 25. */
  sheets: SheetScore[];
}

export interface ItemView {
  id: string;
  kind: ItemKind;
  text_fr: string;
  text_en: string;
  help_fr: string;
  help_en: string;
  in_grid: boolean;
  status: ItemStatus;
  /** Why it does not apply, when `status` is `not_applicable`. */
  not_applicable: NaReason | null;
  /** The stored answer (kept even while the profile hides the item). */
  answer: ItemAnswer | null;
}

export interface DontView {
  id: string;
  text_fr: string;
  text_en: string;
  present: boolean;
}

export interface SheetView {
  number: number;
  chapter: string;
  title_fr: string;
  title_en: string;
  goal_fr: string;
  goal_en: string;
  /** False when the profile leaves none of its precautions. */
  applies: boolean;
  not_applicable: NaReason | null;
  score: Score;
  items: ItemView[];
  donts: DontView[];
}

export interface ChecklistView {
  guide_edition: string;
  guide_source: string;
  profile: ProfileView[];
  sheets: SheetView[];
  scores: Scores;
}

// ------------------------------------------------------------------------- action plan

/** Where an action comes from (internally tagged by `type`). */
export type ActionSource =
  | { type: 'security_item'; item_id: string }
  | { type: 'measure'; measure_id: string }
  | { type: 'aipd_action'; aipd_id: string; action_id: string };

/** « À faire », « Partiel » (checklist items), « Prévue » (planned measures), « En cours »
 * (an AIPD's corrective action under way). */
export type ActionState = 'todo' | 'partial' | 'planned' | 'in_progress';

export interface Action {
  source: ActionSource;
  sheet: number | null;
  title_fr: string;
  title_en: string;
  state: ActionState;
  owner: string;
  /** ISO date */
  due_date: string | null;
  priority: Priority | null;
  overdue: boolean;
  days_late: number | null;
  comment: string;
}

export interface ActionPlan {
  /** ISO date */
  today: string;
  /** Overdue first, then by due date (none last), priority, sheet. */
  actions: Action[];
  overdue: number;
  without_owner: number;
  without_due_date: number;
}

// ------------------------------------------------------------------------- progress

export interface ProgressPoint {
  /** RFC 3339 */
  taken_at: string;
  reason: SnapshotReason;
  overall: number | null;
  /** Change since the previous point with a score, per mille. */
  change: number | null;
  applicable: number;
  done: number;
  partial: number;
  note: string;
}

export interface ChapterTrend {
  chapter: string;
  title_fr: string;
  title_en: string;
  /** One value per point, same order. */
  values: (number | null)[];
}

export interface Progress {
  /** Oldest first. */
  points: ProgressPoint[];
  chapters: ChapterTrend[];
  first_to_last: number | null;
}

// ------------------------------------------------------------------------- dashboard

export interface SecurityDashboard {
  started: boolean;
  overall: number | null;
  applicable: number;
  answered: number;
  open_actions: number;
  overdue_actions: number;
  /** RFC 3339 */
  last_snapshot_at: string | null;
  last_snapshot_overall: number | null;
}

// ------------------------------------------------------------------------- commands

export interface SecurityView {
  checklist: ChecklistView;
  plan: ActionPlan;
  progress: Progress;
  dashboard: SecurityDashboard;
}

/** `saved: false`: the value was kept as an encrypted draft and `problems` say why. */
export interface SecuritySave {
  saved: boolean;
  problems: Problem[];
  view: SecurityView;
}

export type SecurityFormat = 'pdf' | 'csv';

export const securityApi = {
  view: () => call<SecurityView>('security_view'),
  setProfile: (key: ProfileKey, answer: boolean | null) =>
    call<SecuritySave>('security_set_profile', { key, answer }),
  setAnswer: (answer: ItemAnswer) => call<SecuritySave>('security_set_answer', { answer }),
  setDont: (id: string, present: boolean) => call<SecuritySave>('security_set_dont', { id, present }),
  snapshot: (note: string) => call<SecurityView>('security_snapshot', { note }),
  markDone: (source: ActionSource) => call<SecurityView>('security_mark_done', { source }),
  exportTo: (format: SecurityFormat) => call<string | null>('security_export', { format }),
};
