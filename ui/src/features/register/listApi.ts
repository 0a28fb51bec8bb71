// Typed wrappers of the register's list, library, guided start, export and import commands
// (src-tauri/src/commands/register.rs; contract in docs/ipc.md). The editor's commands are in
// editorApi.ts. Field names keep the core's snake_case.

import { invoke } from '@tauri-apps/api/core';
import { toAppError } from '../../lib/api';

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    throw toAppError(e);
  }
}

export type ProcessingStatus = 'draft' | 'complete' | 'validated_by_dpo';
export type ProcessingRole = 'controller' | 'joint_controller' | 'processor';
export type SortKey = 'name' | 'reference' | 'status' | 'completeness' | 'updated_at' | 'next_review';

export interface RegisterQuery {
  text: string;
  status: ProcessingStatus | null;
  role: ProcessingRole | null;
  sensitive: boolean | null;
  incomplete_only: boolean;
  overdue_only: boolean;
  include_archived: boolean;
  sort: SortKey;
  descending: boolean;
}

export function defaultQuery(): RegisterQuery {
  return {
    text: '',
    status: null,
    role: null,
    sensitive: null,
    incomplete_only: false,
    overdue_only: false,
    include_archived: false,
    sort: 'name',
    descending: false,
  };
}

export interface RegisterRow {
  id: string;
  name: string;
  reference: string;
  main_purpose: string;
  role: ProcessingRole;
  status: ProcessingStatus;
  sensitive: boolean;
  archived: boolean;
  /** RFC 3339 */
  updated_at: string;
  /** ISO date */
  next_review: string | null;
  review_overdue: boolean;
  completeness: number;
  ready: boolean;
  aipd_status: string | null;
}

export interface RegisterCounts {
  total: number;
  archived: number;
  drafts: number;
  complete: number;
  validated: number;
  overdue: number;
  sensitive: number;
}

export interface RegisterList {
  rows: RegisterRow[];
  counts: RegisterCounts;
}

export interface Reason {
  code: string;
  text_fr: string;
  text_en: string;
  article: string;
}

export interface Verdict {
  required: boolean;
  reasons: Reason[];
  note_fr: string;
  note_en: string;
}

export interface Obligations {
  register: Verdict;
  dpo: Verdict;
}

export interface LibrarySource {
  ref: string;
  about: string;
  reliability: 'sourced' | 'memory';
}

export interface LibraryItem {
  key: string;
  audience: ('business' | 'commune')[];
  title_fr: string;
  title_en: string;
  summary_fr: string;
  summary_en: string;
  sources: LibrarySource[];
  present: boolean;
}

export interface StarterQuestion {
  key: string;
  text_fr: string;
  text_en: string;
  help_fr: string;
  help_en: string;
  audience: ('business' | 'commune')[];
  proposes: string[];
}

export interface Starter {
  questions: StarterQuestion[];
  public_body: boolean;
}

export type RegisterFormat = 'pdf' | 'public-pdf' | 'ods' | 'xlsx' | 'csv';

export interface CellIssue {
  sheet: string;
  cell: string;
  value: string;
  message_fr: string;
  message_en: string;
}

export interface ImportedProcessing {
  id: string;
  name: string;
  purposes: unknown[];
  data_categories: unknown[];
  persons_concerned: unknown[];
  recipients: unknown[];
}

export interface ImportPreview {
  source: 'cnil_layout' | 'mapped';
  processings: ImportedProcessing[];
  issues: CellIssue[];
  sheet_names: string[];
  columns: string[];
}

/** `columns`: pairs [column index, field]. */
export interface ColumnMapping {
  sheet: string | null;
  header_row: number;
  columns: [number, string][];
}

export interface ImportView {
  file_name: string;
  preview: ImportPreview;
  mapping: ColumnMapping | null;
  duplicates: string[];
}

export const registerApi = {
  list: (query: RegisterQuery) => call<RegisterList>('register_list', { query }),
  obligations: () => call<Obligations>('register_obligations'),
  create: (name: string) => call<string>('processing_create', { name }),
  duplicate: (id: string) => call<string>('processing_duplicate', { id }),
  archive: (id: string, archived: boolean) => call<null>('processing_archive', { id, archived }),
  remove: (id: string) => call<null>('processing_delete', { id }),
  library: () => call<LibraryItem[]>('register_library'),
  addFromLibrary: (keys: string[]) => call<string[]>('register_add_from_library', { keys }),
  starter: () => call<Starter>('register_starter'),
  starterPropose: (answers: string[]) => call<string[]>('register_starter_propose', { answers }),
  exportTo: (format: RegisterFormat, includeArchived: boolean) =>
    call<string | null>('register_export', { format, includeArchived }),
  importPick: () => call<ImportView | null>('register_import_pick'),
  importMap: (mapping: ColumnMapping) => call<ImportView>('register_import_map', { mapping }),
  importCommit: () => call<number>('register_import_commit'),
  importCancel: () => call<null>('register_import_cancel'),
};
