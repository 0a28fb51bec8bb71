// Typed wrappers over the shell's IPC commands (docs/ipc.md). One function per command:
// argument names are camelCase (Tauri maps them to the Rust snake_case names), returned data
// keeps the core's snake_case field names. Nothing here decides a rule: the core does.

import { invoke } from '@tauri-apps/api/core';
import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import fr from '../i18n/fr';
import en from '../i18n/en';
import type { SecurityDashboard } from '../features/security/api';

// ---------------------------------------------------------------------------------------
// Errors

export interface Problem {
  path: string;
  code: string;
  message_fr: string;
  message_en: string;
}

export interface AppError {
  code: string;
  message_fr: string;
  message_en: string;
  problems: Problem[];
}

/** True when `e` has the shape of the shell's error value. */
export function isAppError(e: unknown): e is AppError {
  if (typeof e !== 'object' || e === null) return false;
  const o = e as Record<string, unknown>;
  return (
    typeof o.code === 'string' &&
    typeof o.message_fr === 'string' &&
    typeof o.message_en === 'string' &&
    (o.problems === undefined || Array.isArray(o.problems))
  );
}

/**
 * Any rejection as an `AppError`: the shell's own value as is (with `problems` always an
 * array), anything else (a JavaScript exception, a string from Tauri itself) as `internal`.
 */
export function toAppError(e: unknown): AppError {
  if (isAppError(e)) return { ...e, problems: Array.isArray(e.problems) ? e.problems : [] };
  const detail = e instanceof Error ? e.message : typeof e === 'string' ? e : JSON.stringify(e);
  return {
    code: 'internal',
    message_fr: fr['error.unexpected'].replace('{detail}', detail ?? ''),
    message_en: en['error.unexpected'].replace('{detail}', detail ?? ''),
    problems: [],
  };
}

// ---------------------------------------------------------------------------------------
// Types

export type Lang = 'fr' | 'en';

export interface Settings {
  lang: Lang;
  user_name: string;
  /** 1..=120 */
  idle_lock_minutes: number;
}

export interface RecentDossier {
  path: string;
  file_name: string;
  /** RFC 3339 */
  last_opened: string;
  exists: boolean;
}

export interface OrganisationSummary {
  id: string;
  legal_name: string;
  record_count: number;
}

export interface Session {
  path: string;
  file_name: string;
  /** true: the key is dropped; only dossier_unlock/close work */
  locked: boolean;
  dossier_id: string | null;
  organisations: OrganisationSummary[];
  current_org: string | null;
  /** French text when the last backup failed */
  backup_warning: string | null;
}

export interface AppState {
  version: string;
  settings: Settings;
  recent: RecentDossier[];
  session: Session | null;
  default_dir: string;
  /** Not in docs/ipc.md: sent by the shell when its settings file could not be read. */
  config_warning?: string | null;
}

export interface Strength {
  score: 0 | 1 | 2 | 3 | 4;
  bits: number;
  acceptable: boolean;
  min_chars: number;
  label_fr: string;
  label_en: string;
  feedback_fr: string[];
  feedback_en: string[];
}

export interface EnumOption {
  value: string;
  label_fr: string;
  label_en: string;
}

export interface Options {
  headcount: EnumOption[];
  public_body_kind: EnumOption[];
  relationship: EnumOption[];
  dpo_kind: EnumOption[];
  dpo_person_type: EnumOption[];
  /** Optional for older shells: the UI falls back to its own labels. */
  civility?: EnumOption[];
}

// The core's `greffier::model::Organisation` and its nested types, serialised as is.

export interface PostalAddress {
  lines: string[];
  postcode: string;
  city: string;
  /** ISO 3166-1 alpha-2, "FR" by default */
  country: string;
}

export type Civility = 'ms' | 'mr';

export interface Person {
  civility: Civility | null;
  first_name: string;
  last_name: string;
  role: string;
  email: string | null;
  phone: string | null;
}

export interface Contact {
  email: string | null;
  phone: string | null;
  address: PostalAddress;
}

export interface ContactChannels {
  email: string | null;
  web_form_url: string | null;
  phone: string | null;
  address: PostalAddress;
  other: string;
}

export interface Representative {
  name: string;
  contact: Contact;
}

export type DpoKind = 'internal' | 'external' | 'pooled';
export type DpoPersonType = 'natural' | 'legal';

export interface Dpo {
  designated: boolean;
  kind: DpoKind | null;
  person_type: DpoPersonType | null;
  person: Person;
  organisation_name: string;
  organisation_siren: string | null;
  private_contact: Contact;
  public_contact: ContactChannels;
  cnil_designation_number: string;
  /** "YYYY-MM-DD" */
  designation_date: string | null;
}

export type PublicBodyKind =
  | 'commune'
  | 'epci'
  | 'social_action_centre'
  | 'syndicate'
  | 'departement'
  | 'region'
  | 'public_establishment'
  | 'other';
export type HeadcountBand = '0' | '1_9' | '10_49' | '50_249' | '250_plus';
export type Relationship = 'own' | 'client';

export interface Organisation {
  id: string;
  created_at: string;
  updated_at: string;
  legal_name: string;
  trade_name: string;
  legal_form: string;
  siren: string | null;
  siret: string | null;
  naf: string | null;
  address: PostalAddress;
  phone: string | null;
  email: string | null;
  website: string | null;
  sector: string;
  public_body: boolean;
  public_body_kind: PublicBodyKind | null;
  headcount: HeadcountBand | null;
  population: number | null;
  legal_representative: Person;
  dpo: Dpo;
  cnil_contact: Person;
  eu_representative: Representative | null;
  relationship: Relationship;
  notes: string;
}

export interface OrgForm {
  organisation: Organisation;
  draft: Organisation | null;
  problems: Problem[];
}

export interface SaveResult {
  saved: boolean;
  organisation: Organisation;
  problems: Problem[];
}

export interface DashboardCounts {
  processings: number;
  processor_activities: number;
  third_parties: number;
  measures: number;
}

export interface Dashboard {
  organisation: Organisation;
  counts: DashboardCounts;
  organisations: number;
  last_backup: string | null;
  backup_warning: string | null;
  /** The organisation has an unsaved draft. */
  has_draft: boolean;
  /** What the profile still lacks (decided by the core). */
  profile_gaps: ProfileGap[];
  /** The register at a glance (counted by the core; archived entries only in `total` and `archived`). */
  register: {
    total: number;
    archived: number;
    drafts: number;
    complete: number;
    validated: number;
    overdue: number;
    sensitive: number;
    incomplete: number;
  };
  /** The security checklist at a glance (counted by the core; scores per mille). */
  security: SecurityDashboard;
}

export interface ProfileGap {
  path: string;
  label_fr: string;
  label_en: string;
}

export interface BackupEntry {
  path: string;
  created_at: string;
  reason: string;
  label_fr: string;
  label_en: string;
  size_bytes: number;
  safety: boolean;
}

// ---------------------------------------------------------------------------------------
// Commands

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    throw toAppError(e);
  }
}

export const api = {
  appState: () => call<AppState>('app_state'),
  settingsSave: (settings: Settings) => call<Settings>('settings_save', { settings }),
  recentForget: (path: string) => call<RecentDossier[]>('recent_forget', { path }),
  enumOptions: () => call<Options>('enum_options'),
  passphraseAssess: (passphrase: string) => call<Strength>('passphrase_assess', { passphrase }),
  passphraseGenerate: () => call<string>('passphrase_generate'),
  suggestDossierPath: (name: string) => call<string>('suggest_dossier_path', { name }),
  pickNewDossierPath: (suggestedName: string) => call<string | null>('pick_new_dossier_path', { suggestedName }),
  pickExistingDossier: () => call<string | null>('pick_existing_dossier'),
  pickPdfPath: (suggestedName: string) => call<string | null>('pick_pdf_path', { suggestedName }),
  dossierCreate: (path: string, passphrase: string, organisationName: string) =>
    call<Session>('dossier_create', { path, passphrase, organisationName }),
  dossierOpen: (path: string, passphrase: string) => call<Session>('dossier_open', { path, passphrase }),
  dossierLock: () => call<Session>('dossier_lock'),
  dossierUnlock: (passphrase: string) => call<Session>('dossier_unlock', { passphrase }),
  dossierClose: () => call<AppState>('dossier_close'),
  dossierChangePassphrase: (old: string, newPassphrase: string) =>
    call<null>('dossier_change_passphrase', { old, new: newPassphrase }),
  rescueKitSave: (path: string) => call<null>('rescue_kit_save', { path }),
  orgSelect: (id: string) => call<Session>('org_select', { id }),
  orgAdd: (legalName: string) => call<Session>('org_add', { legalName }),
  orgDelete: (id: string) => call<Session>('org_delete', { id }),
  orgForm: (id: string) => call<OrgForm>('org_form', { id }),
  orgUpdate: (organisation: Organisation) => call<SaveResult>('org_update', { organisation }),
  orgDiscardDraft: (id: string) => call<OrgForm>('org_discard_draft', { id }),
  orgExport: (id: string, path: string, passphrase: string) => call<null>('org_export', { id, path, passphrase }),
  dashboard: () => call<Dashboard>('dashboard'),
  backupsList: () => call<BackupEntry[]>('backups_list'),
  backupNow: () => call<BackupEntry>('backup_now'),
  backupRestore: (backupPath: string, passphrase: string) =>
    call<Session>('backup_restore', { backupPath, passphrase }),
  activity: () => call<null>('activity'),
  appExit: () => call<null>('app_exit'),
};

// ---------------------------------------------------------------------------------------
// Events

export const EVENT_LOCK_REQUESTED = 'greffier://lock-requested';
export const EVENT_CLOSE_REQUESTED = 'greffier://close-requested';

/** Listens to a shell event; resolves to a no-op outside Tauri (tests, plain browser). */
export async function onShellEvent(name: string, handler: () => void): Promise<UnlistenFn> {
  try {
    return await listen(name, () => handler());
  } catch {
    return () => {};
  }
}
