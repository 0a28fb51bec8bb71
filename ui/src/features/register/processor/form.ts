// Pure helpers of the register of activities carried out as a processor: a stored activity
// or a draft (any JSON) into the object the form edits and back, new list items, where a
// JSON pointer is edited (element ids, sections), and what the list shows. Conventions of
// the model (src/model/common.rs): blank free text is "", a blank e-mail or phone is `null`,
// an unknown choice is `null`. Nothing here decides a rule: the core does.

import type { Problem } from '../../../lib/api';
import { pathToId } from '../../../lib/format';
import { shiftPath } from '../editor/paths';
import type { ThirdParty } from '../model';
import type { ClientController, ProcessorActivity } from '../processorApi';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** Sets `o[k]` to `def` when it is missing (a present value, even of a wrong type, is kept). */
function fill(o: Obj, k: string, def: unknown): void {
  if (o[k] === undefined) o[k] = def;
}

function fillList(o: Obj, k: string, each?: (item: Obj) => void): void {
  if (!Array.isArray(o[k])) {
    if (o[k] === undefined || o[k] === null) o[k] = [];
    return;
  }
  if (each) for (const it of o[k] as unknown[]) if (isObj(it)) each(it);
}

function fillContact(o: Obj): void {
  fill(o, 'email', null);
  fill(o, 'phone', null);
  if (!isObj(o.address)) o.address = {};
  const a = o.address as Obj;
  fillList(a, 'lines');
  fill(a, 'postcode', '');
  fill(a, 'city', '');
  fill(a, 'country', 'FR');
}

/**
 * The activity the form edits, from the stored one or from a draft: a deep copy with every
 * missing field set to the model's default (serde `default`), unknown fields kept.
 */
export function normalize(raw: unknown): ProcessorActivity {
  const o: Obj = isObj(raw) ? clone(raw) : {};
  fill(o, 'id', '');
  fill(o, 'created_at', '');
  fill(o, 'updated_at', '');
  fill(o, 'name', '');
  fill(o, 'reference', '');
  fill(o, 'description', '');
  fillList(o, 'clients', (c) => {
    fill(c, 'name', '');
    if (!isObj(c.contact)) c.contact = {};
    fillContact(c.contact as Obj);
    fill(c, 'third_party', null);
    fill(c, 'operations', '');
  });
  fillList(o, 'sub_processors');
  fill(o, 'sub_processors_details', '');
  fillList(o, 'transfers', (t) => {
    fill(t, 'recipient', '');
    fill(t, 'country', '');
    fill(t, 'safeguard', null);
    fill(t, 'documentation', '');
  });
  if (!isObj(o.security)) o.security = {};
  const sec = o.security as Obj;
  fill(sec, 'description', '');
  fillList(sec, 'measures');
  fillList(sec, 'categories');
  fill(o, 'notes', '');
  fill(o, 'archived', false);
  return o as unknown as ProcessorActivity;
}

/** What is sent to the shell: a plain deep copy, trailing blank address lines dropped. */
export function toPayload(a: ProcessorActivity): ProcessorActivity {
  const out = clone(a);
  for (const c of out.clients) {
    const lines = c.contact?.address?.lines;
    if (Array.isArray(lines)) while (lines.length > 0 && String(lines[lines.length - 1]).trim() === '') lines.pop();
  }
  return out;
}

export function newClient(): ClientController {
  return {
    name: '',
    contact: { email: null, phone: null, address: { lines: [], postcode: '', city: '', country: 'FR' } },
    third_party: null,
    operations: '',
  };
}

/** Adds or removes `id` in a list of ids, in the order of `order` (unknown ids kept at the end). */
export function toggleId(list: readonly string[], id: string, on: boolean, order: readonly string[]): string[] {
  const set = new Set(list);
  if (on) set.add(id);
  else set.delete(id);
  return [...order.filter((x) => set.has(x)), ...list.filter((x) => !order.includes(x) && set.has(x))];
}

// --------------------------------------------------------------------------- places

export const ID_PREFIX = 'pa';

/** The id of the element that edits the value at JSON pointer `path`: `/clients/0/name` → `pa-clients-0-name`. */
export function fieldId(path: string): string {
  return pathToId(ID_PREFIX, path);
}

function segments(path: string): string[] {
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
 * each enclosing value (`/clients/0/contact/address/postcode` → … the client row, the list).
 */
export function candidateIds(path: string): string[] {
  const segs = segments(path);
  const out: string[] = [];
  for (let n = segs.length; n >= 1; n--) out.push(fieldId(pointer(segs.slice(0, n))));
  return out;
}

export type Section = 'identity' | 'categories' | 'clients' | 'sub_processors' | 'transfers' | 'security' | 'notes';

export const SECTIONS: Section[] = ['identity', 'categories', 'clients', 'sub_processors', 'transfers', 'security', 'notes'];

const SECTION_OF_FIELD: Record<string, Section> = {
  id: 'identity',
  created_at: 'identity',
  updated_at: 'identity',
  name: 'identity',
  reference: 'identity',
  description: 'categories',
  clients: 'clients',
  sub_processors: 'sub_processors',
  sub_processors_details: 'sub_processors',
  transfers: 'transfers',
  security: 'security',
  notes: 'notes',
  archived: 'notes',
};

/** The section of the form that edits `path`; `null` when none does. */
export function sectionForPath(path: string): Section | null {
  const first = segments(path)[0];
  if (first === undefined) return null;
  return Object.prototype.hasOwnProperty.call(SECTION_OF_FIELD, first) ? SECTION_OF_FIELD[first] : null;
}

/** Problems grouped by the id of the field they concern. */
export function problemsById(problems: readonly Problem[]): Map<string, Problem[]> {
  const map = new Map<string, Problem[]>();
  for (const p of problems) {
    const id = fieldId(p.path);
    const list = map.get(id);
    if (list) list.push(p);
    else map.set(id, [p]);
  }
  return map;
}

/**
 * After removing item `index` of the list at `listPath`: the problems about it are dropped
 * and those of the items after it renumbered, until the core answers again.
 */
export function shiftProblems(problems: readonly Problem[], listPath: string, index: number): Problem[] {
  return problems.flatMap((p) => {
    const path = shiftPath(p.path, listPath, index);
    return path === null ? [] : [{ ...p, path }];
  });
}

// --------------------------------------------------------------------------- list

/** The activities shown: all of them, or only those not archived. */
export function visibleActivities(list: readonly ProcessorActivity[], includeArchived: boolean): ProcessorActivity[] {
  return includeArchived ? list.slice() : list.filter((a) => !a.archived);
}

/** The clients' names, blank ones left out. */
export function clientNames(a: ProcessorActivity): string[] {
  return a.clients.map((c) => c.name.trim()).filter((n) => n !== '');
}

/**
 * The names of the sub-processors among `thirdParties`, in the activity's order; an id not
 * found there (a list not loaded yet) counts in `unknown`.
 */
export function subProcessorNames(
  a: ProcessorActivity,
  thirdParties: readonly ThirdParty[],
): { names: string[]; unknown: number } {
  const names: string[] = [];
  let unknown = 0;
  for (const id of a.sub_processors) {
    const tp = thirdParties.find((x) => x.id === id);
    if (tp && tp.name.trim() !== '') names.push(tp.name.trim());
    else unknown += 1;
  }
  return { names, unknown };
}

/** A short list for a table cell: at most `max` names, then how many more. */
export function shortList(names: readonly string[], max = 3): { shown: string[]; more: number } {
  return { shown: names.slice(0, max), more: Math.max(0, names.length - max) };
}
