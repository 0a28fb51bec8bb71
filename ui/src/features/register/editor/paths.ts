// Where things are in the processing editor: the steps, the element id of the input that
// edits a JSON pointer, the step a pointer belongs to, and the core's verdicts (problems,
// gaps, transfer warnings) sorted by place.

import type { Problem } from '../../../lib/api';
import { pathToId } from '../../../lib/format';
import type { Gap, GapLevel, Step, TransferWarning } from '../model';

export const STEPS: Step[] = [
  'identity',
  'purposes',
  'persons',
  'data',
  'sensitive',
  'origin',
  'recipients',
  'transfers',
  'security',
  'review',
];

export const LEVELS: GapLevel[] = ['mandatory', 'where_possible', 'recommended', 'inconsistency'];

export const ID_PREFIX = 'proc';

/**
 * The id of the element that edits the value at JSON pointer `path`:
 * `/purposes/0/legal_basis` → `proc-purposes-0-legal_basis`. Lists and groups of boxes
 * carry the id of their own pointer (`/purposes` → `proc-purposes`), a retention editor the
 * id of `…/retention`.
 */
export function fieldId(path: string): string {
  return pathToId(ID_PREFIX, path);
}

/** The unescaped segments of JSON pointer `path` (`/a~1b/c` → `a/b`, `c`). */
export function segments(path: string): string[] {
  return path
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function pointer(segs: string[]): string {
  return segs.map((s) => `/${s.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/**
 * The ids to try, most precise first, to reach the field of `path`: the field itself, then
 * each enclosing value (`/transfers/0/country/x` → country, the transfer row, the list).
 * `prefix` is the editor's id prefix (the processor editor's is `pa`).
 */
export function candidateIds(path: string, prefix: string = ID_PREFIX): string[] {
  const segs = segments(path);
  const out: string[] = [];
  for (let n = segs.length; n >= 1; n--) out.push(pathToId(prefix, pointer(segs.slice(0, n))));
  return out;
}

/** The value `byField` gives to the first segment of `path` (a top-level field); `null` when none. */
export function lookupField<T>(byField: Record<string, T>, path: string): T | null {
  const first = segments(path)[0];
  if (first === undefined) return null;
  return Object.prototype.hasOwnProperty.call(byField, first) ? byField[first] : null;
}

const STEP_OF_FIELD: Record<string, Step> = {
  id: 'identity',
  created_at: 'review',
  updated_at: 'review',
  name: 'identity',
  reference: 'identity',
  role: 'identity',
  joint_controllers: 'identity',
  department: 'identity',
  owner: 'identity',
  software: 'identity',
  paper: 'identity',
  purposes: 'purposes',
  persons_concerned: 'persons',
  data_categories: 'data',
  sensitive_data: 'sensitive',
  criminal_data: 'sensitive',
  nir_used: 'sensitive',
  nir_justification: 'sensitive',
  data_origins: 'origin',
  data_origin_details: 'origin',
  collection_means: 'origin',
  collection_details: 'origin',
  information_of_persons: 'origin',
  rights_exercise: 'origin',
  automated_decision: 'origin',
  automated_decision_details: 'origin',
  recipients: 'recipients',
  transfers: 'transfers',
  security: 'security',
  status: 'review',
  dpo_notes: 'review',
  next_review: 'review',
  archived: 'review',
  public_register: 'review',
  large_scale: 'review',
};

/** The step whose screen edits `path`; `null` outside the processing (`/organisation/...`). */
export function stepForPath(path: string): Step | null {
  return lookupField(STEP_OF_FIELD, path);
}

/** The path concerns the organisation profile, not this processing. */
export function isOrganisationPath(path: string): boolean {
  return path === '/organisation' || path.startsWith('/organisation/');
}

/** `path` is `prefix` or lies inside it (`/purposes/1/x` is inside `/purposes/1`, not `/purposes/10`). */
export function isWithin(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}

/** Problems grouped by the id of the field they concern (`prefix`: the editor's id prefix). */
export function problemsById(problems: readonly Problem[], prefix: string = ID_PREFIX): Map<string, Problem[]> {
  const map = new Map<string, Problem[]>();
  for (const p of problems) {
    const id = pathToId(prefix, p.path);
    const list = map.get(id);
    if (list) list.push(p);
    else map.set(id, [p]);
  }
  return map;
}

/** How many things are to review on each step: gaps of the core plus problems of the values. */
export function countsByStep(gaps: Gap[], problems: Problem[]): Record<Step, number> {
  const counts = Object.fromEntries(STEPS.map((s) => [s, 0])) as Record<Step, number>;
  for (const g of gaps) if (g.step in counts) counts[g.step] += 1;
  for (const p of problems) {
    const s = stepForPath(p.path);
    if (s) counts[s] += 1;
  }
  return counts;
}

/** Gaps by level, in the panel's order, empty levels left out. */
export function groupGaps(gaps: Gap[]): { level: GapLevel; gaps: Gap[] }[] {
  return LEVELS.map((level) => ({ level, gaps: gaps.filter((g) => g.level === level) })).filter(
    (g) => g.gaps.length > 0,
  );
}

/**
 * Gaps shown next to a field or a list row: `exact` keeps only the gaps of that very
 * pointer (a plain field, a whole list), otherwise every gap inside the row.
 */
export function gapsAt(gaps: Gap[], path: string, exact = false): Gap[] {
  return gaps.filter((g) => (exact ? g.path === path : isWithin(g.path, path)));
}

export function warningsAt(warnings: TransferWarning[], path: string): TransferWarning[] {
  return warnings.filter((w) => isWithin(w.path, path));
}

/**
 * After removing item `index` of the list at `listPath`, the pointers of the items after
 * it move down by one; pointers of the removed item become `null`. Used to keep problems
 * shown next to the right row until the core answers again.
 */
export function shiftPath(path: string, listPath: string, index: number): string | null {
  if (!isWithin(path, listPath) || path === listPath) return path;
  const rest = path.slice(listPath.length + 1);
  const slash = rest.indexOf('/');
  const head = slash === -1 ? rest : rest.slice(0, slash);
  const tail = slash === -1 ? '' : rest.slice(slash);
  if (!/^\d+$/.test(head)) return path;
  const i = Number(head);
  if (i === index) return null;
  if (i < index) return path;
  return `${listPath}/${i - 1}${tail}`;
}

/** The lists whose items are shown as rows with their own remarks. */
export const ROW_LISTS = [
  'joint_controllers',
  'purposes',
  'persons_concerned',
  'data_categories',
  'sensitive_data',
  'recipients',
  'transfers',
] as const;

/** `path` lies in an item of a row list (its remarks are shown in that row, not at the step's top). */
export function isInRow(path: string): boolean {
  const segs = segments(path);
  return segs.length >= 2 && (ROW_LISTS as readonly string[]).includes(segs[0]) && /^\d+$/.test(segs[1]);
}
