// The corrective actions « Plan d'action »: grouping by the part they answer, the overdue
// flag, and the small edits (new action, status with its done date). Pure functions.

import type { ActionStatus, Aipd, CorrectiveAction, PartRef } from '../model';
import { newId } from './ids';

export type PartGroup = 'context' | 'principles' | 'measures' | 'risks' | 'general';
export const PART_GROUPS: PartGroup[] = ['context', 'principles', 'measures', 'risks', 'general'];
export const ACTION_STATUSES: ActionStatus[] = ['todo', 'in_progress', 'done'];

export function groupOf(part: PartRef): PartGroup {
  switch (part.type) {
    case 'context':
      return 'context';
    case 'principle':
      return 'principles';
    case 'measure':
      return 'measures';
    case 'risk':
      return 'risks';
    default:
      return 'general';
  }
}

/** Same part (what `PartRef`'s equality is in the core). */
export function samePart(a: PartRef, b: PartRef): boolean {
  switch (a.type) {
    case 'context':
      return b.type === 'context' && b.part === a.part;
    case 'principle':
      return b.type === 'principle' && b.key === a.key;
    case 'measure':
      return b.type === 'measure' && b.id === a.id;
    case 'risk':
      return b.type === 'risk' && b.id === a.id;
    default:
      return b.type === 'general';
  }
}

/** A short stable text for element ids: `risk-<uuid>`, `principle-purposes`, `general`. */
export function partKey(part: PartRef): string {
  switch (part.type) {
    case 'context':
      return `context-${part.part}`;
    case 'principle':
      return `principle-${part.key}`;
    case 'measure':
      return `measure-${part.id}`;
    case 'risk':
      return `risk-${part.id}`;
    default:
      return 'general';
  }
}

/** The actions of one part, in plan order. */
export function actionsOf(aipd: Aipd, part: PartRef): CorrectiveAction[] {
  return aipd.actions.filter((a) => samePart(a.part, part));
}

/** Where a part sits in the analysis, to order the plan as the analysis reads. */
function partRank(aipd: Aipd, part: PartRef): number {
  switch (part.type) {
    case 'context':
      return part.part === 'overview' ? 0 : 1;
    case 'principle': {
      const i = aipd.principles.findIndex((p) => p.key === part.key);
      return i < 0 ? 1000 : i;
    }
    case 'measure': {
      const i = aipd.measures.findIndex((m) => m.id === part.id);
      return i < 0 ? 1000 : i;
    }
    case 'risk': {
      const i = aipd.risks.findIndex((r) => r.id === part.id);
      return i < 0 ? 1000 : i;
    }
    default:
      return 0;
  }
}

export interface ActionGroup {
  group: PartGroup;
  actions: CorrectiveAction[];
}

/**
 * The plan grouped Contexte / Principes / Mesures / Risques / Général (all five, possibly
 * empty), each ordered by the part's place in the analysis, then as entered.
 */
export function groupActions(aipd: Aipd): ActionGroup[] {
  return PART_GROUPS.map((group) => {
    const list = aipd.actions
      .map((a, i) => ({ a, i, rank: partRank(aipd, a.part) }))
      .filter((x) => groupOf(x.a.part) === group)
      .sort((x, y) => x.rank - y.rank || x.i - y.i)
      .map((x) => x.a);
    return { group, actions: list };
  });
}

/** Not done and its due date (`YYYY-MM-DD`) is before `today`. */
export function isOverdue(a: CorrectiveAction, today: string): boolean {
  return a.status !== 'done' && a.due_date !== null && a.due_date !== '' && a.due_date < today;
}

export interface PlanCounts {
  total: number;
  open: number;
  overdue: number;
}

export function planCounts(actions: CorrectiveAction[], today: string): PlanCounts {
  return {
    total: actions.length,
    open: actions.filter((a) => a.status !== 'done').length,
    overdue: actions.filter((a) => isOverdue(a, today)).length,
  };
}

/** A new corrective action « À faire » (`CorrectiveAction::new` plus owner and due date). */
export function newAction(part: PartRef, title: string, owner = '', due: string | null = null): CorrectiveAction {
  return {
    id: newId(),
    part,
    title: title.trim(),
    details: '',
    owner: owner.trim(),
    due_date: due === '' ? null : due,
    status: 'todo',
    done_on: null,
  };
}

/**
 * Sets the status in place: « Faite » dates it today unless a date is already there; going
 * back to « À faire » or « En cours » clears the done date (it would say something false).
 */
export function setActionStatus(a: CorrectiveAction, status: ActionStatus, today: string): void {
  a.status = status;
  if (status === 'done') a.done_on = a.done_on ?? today;
  else a.done_on = null;
}
