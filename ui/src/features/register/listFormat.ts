// Small pure helpers of the register list (tested in listFormat.test.ts).

import type { Lang } from '../../lib/api';
import type { RegisterQuery } from './listApi';

/** An ISO date (`2026-11-23`) as people read it (`23/11/2026`, `23/11/2026` in en-GB); the text as is if unreadable. */
export function formatDay(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (Number.isNaN(d.getTime()) || d.getUTCDate() !== Number(m[3])) return iso;
  return new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'short', timeZone: 'UTC' }).format(d);
}

/** True when the query filters something (so an empty result means « no match », not « empty register »). */
export function isFiltered(q: RegisterQuery): boolean {
  return (
    q.text.trim() !== '' ||
    q.status !== null ||
    q.role !== null ||
    q.sensitive !== null ||
    q.incomplete_only ||
    q.overdue_only
  );
}

/** Library keys selected by default in the guided start: the proposals not already present. */
export function preselect(proposed: string[], present: Set<string>): string[] {
  return proposed.filter((k, i) => !present.has(k) && proposed.indexOf(k) === i);
}
