// Pure helpers of the breach editor: field ids from JSON pointers, the core's problems per
// field and per section, date-time conversions between the window (local time) and the
// record (UTC instants), lists edited one item per line. No rule is decided here.

import type { Problem } from '../../lib/api';
import { pathToId } from '../../lib/format';
import type { Breach } from './api';

export type Section =
  | 'dates'
  | 'nature'
  | 'origin'
  | 'data'
  | 'processings'
  | 'consequences'
  | 'risk'
  | 'measures'
  | 'notify'
  | 'notifications'
  | 'inform'
  | 'status';

export const SECTIONS: Section[] = [
  'dates',
  'nature',
  'origin',
  'data',
  'processings',
  'consequences',
  'risk',
  'measures',
  'notify',
  'notifications',
  'inform',
  'status',
];

const SECTION_OF: Record<string, Section> = {
  title: 'dates',
  started_on: 'dates',
  started_time: 'dates',
  aware_at: 'dates',
  ended_on: 'dates',
  natures: 'nature',
  origin: 'origin',
  cause: 'origin',
  origin_details: 'origin',
  circumstances: 'origin',
  data_categories: 'data',
  special_categories: 'data',
  data_details: 'data',
  person_categories: 'data',
  persons_count: 'data',
  records_count: 'data',
  processings: 'processings',
  consequences: 'consequences',
  risk: 'risk',
  measures_taken: 'measures',
  measures_planned: 'measures',
  notify_cnil: 'notify',
  notify_reasoning: 'notify',
  notifications: 'notifications',
  delay_reasons: 'notifications',
  inform_persons: 'inform',
  inform_reasoning: 'inform',
  inform_exception: 'inform',
  status: 'status',
};

/** The section that edits the value at `path`; `null` when none does. */
export function sectionForPath(path: string): Section | null {
  return SECTION_OF[path.split('/')[1] ?? ''] ?? null;
}

/** The id of the input editing `path` (`/risk/severity` → `br-risk-severity`). */
export function fieldId(path: string): string {
  return pathToId('br', path);
}

/** Ids to try for `path`, most precise first (the field, then each enclosing value). */
export function candidateIds(path: string): string[] {
  const parts = path.split('/');
  const out: string[] = [];
  for (let n = parts.length; n > 1; n--) out.push(fieldId(parts.slice(0, n).join('/')));
  return out;
}

/** The problems about `path` itself or a value inside it. */
export function problemsAt(problems: readonly Problem[], path: string): Problem[] {
  return problems.filter((p) => p.path === path || p.path.startsWith(`${path}/`));
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** An instant (RFC 3339) as the value of an `<input type="datetime-local">`, in local time. */
export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The value of a `datetime-local` input (local time) as a UTC instant; `null` when incomplete. */
export function fromLocalInput(v: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(v);
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  if (Number.isNaN(d.getTime()) || d.getDate() !== Number(m[3])) return null;
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `"HH:MM:SS"` (the record) ↔ `"HH:MM"` (the input). */
export function timeToInput(v: string | null): string {
  return v ? v.slice(0, 5) : '';
}
export function timeFromInput(v: string): string | null {
  return /^\d{2}:\d{2}$/.test(v) ? `${v}:00` : null;
}

/** One item per line; empty lines dropped. */
export function linesToList(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

/** A count typed in a number field: empty → `null`; a whole number as typed (the core checks the range). */
export function countFromInput(v: string): number | null {
  const s = v.trim();
  if (s === '') return null;
  const n = Number(s);
  return Number.isFinite(n) ? Math.round(n) : null;
}

/** Adds `value` to `list` when `on`, removes it otherwise (order kept). */
export function toggle(list: string[], value: string, on: boolean): string[] {
  const without = list.filter((v) => v !== value);
  return on ? [...without, value] : without;
}

/** A breach with every field present (an older draft may lack some). */
export function normalize(b: Partial<Breach>): Breach {
  return {
    id: b.id ?? '',
    created_at: b.created_at ?? '',
    updated_at: b.updated_at ?? '',
    title: b.title ?? '',
    status: b.status ?? 'open',
    started_on: b.started_on ?? null,
    started_time: b.started_time ?? null,
    aware_at: b.aware_at ?? '',
    ended_on: b.ended_on ?? null,
    natures: b.natures ?? [],
    origin: b.origin ?? null,
    cause: b.cause ?? null,
    origin_details: b.origin_details ?? '',
    circumstances: b.circumstances ?? '',
    data_categories: b.data_categories ?? [],
    special_categories: b.special_categories ?? [],
    data_details: b.data_details ?? '',
    person_categories: b.person_categories ?? '',
    persons_count: b.persons_count ?? null,
    records_count: b.records_count ?? null,
    processings: b.processings ?? [],
    consequences: b.consequences ?? '',
    risk: {
      severity: b.risk?.severity ?? null,
      severity_justification: b.risk?.severity_justification ?? '',
      likelihood: b.risk?.likelihood ?? null,
      likelihood_justification: b.risk?.likelihood_justification ?? '',
    },
    measures_taken: b.measures_taken ?? [],
    measures_planned: b.measures_planned ?? [],
    notify_cnil: b.notify_cnil ?? 'undecided',
    notify_reasoning: b.notify_reasoning ?? '',
    inform_persons: b.inform_persons ?? 'undecided',
    inform_reasoning: b.inform_reasoning ?? '',
    inform_exception: b.inform_exception ?? null,
    notifications: (b.notifications ?? []).map((n) => ({
      kind: n.kind,
      sent_at: n.sent_at,
      reference: n.reference ?? '',
      note: n.note ?? '',
    })),
    delay_reasons: b.delay_reasons ?? '',
  };
}
