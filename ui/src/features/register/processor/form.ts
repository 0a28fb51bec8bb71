// Pure helpers of the register of activities carried out as a processor: a stored activity
// or a draft (any JSON) into the object the form edits and back, new list items, where a
// JSON pointer is edited (element ids, sections), and what the list shows. Conventions of
// the model (src/model/common.rs): blank free text is "", a blank e-mail or phone is `null`,
// an unknown choice is `null`. Nothing here decides a rule: the core does.

import type { Problem } from '../../../lib/api';
import { pathToId } from '../../../lib/format';
import { clone, fill, fillContactOf, fillList, fillSecurity, fillTransfer, recordFrom, toggleChoice } from '../editor/form';
import { candidateIds as candidateIdsOf, lookupField, problemsById as problemsByIdOf, shiftPath } from '../editor/paths';
import type { ThirdParty } from '../model';
import type { ClientController, ProcessorActivity } from '../processorApi';

/**
 * The activity the form edits, from the stored one or from a draft: a deep copy with every
 * missing field set to the model's default (serde `default`), unknown fields kept.
 */
export function normalize(raw: unknown): ProcessorActivity {
  const o = recordFrom(raw);
  fill(o, 'description', '');
  fillList(o, 'clients', (c) => {
    fill(c, 'name', '');
    fillContactOf(c);
    fill(c, 'third_party', null);
    fill(c, 'operations', '');
  });
  fillList(o, 'sub_processors');
  fill(o, 'sub_processors_details', '');
  fillList(o, 'transfers', fillTransfer);
  fillSecurity(o);
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
  return toggleChoice(list, id, on, order);
}

// --------------------------------------------------------------------------- places

export const ID_PREFIX = 'pa';

/** The id of the element that edits the value at JSON pointer `path`: `/clients/0/name` → `pa-clients-0-name`. */
export function fieldId(path: string): string {
  return pathToId(ID_PREFIX, path);
}

/**
 * The ids to try, most precise first, to reach the field of `path`: the field itself, then
 * each enclosing value (`/clients/0/contact/address/postcode` → … the client row, the list).
 */
export function candidateIds(path: string): string[] {
  return candidateIdsOf(path, ID_PREFIX);
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
  return lookupField(SECTION_OF_FIELD, path);
}

/** Problems grouped by the id of the field they concern. */
export function problemsById(problems: readonly Problem[]): Map<string, Problem[]> {
  return problemsByIdOf(problems, ID_PREFIX);
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
