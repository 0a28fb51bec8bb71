// Small pure helpers of the checklist screen (tested in checklistFormat.test.ts). Nothing
// here decides a rule: the core computes applicability, statuses and scores; these only
// count, filter, format and lay out what it sent.

import type { Lang, Problem } from '../../../lib/api';
import type { ChecklistView, ItemAnswer, ItemView, Score, SheetView } from '../api';

/** A per mille score as a percentage: « 72,5 % » (no-break space) or « 72.5% »; `null` stays `null`. */
export function percentText(perMille: number | null, lang: Lang): string | null {
  if (perMille === null) return null;
  const whole = Math.floor(perMille / 10);
  const tenth = perMille % 10;
  if (lang === 'fr') return tenth === 0 ? `${whole}\u00a0%` : `${whole},${tenth}\u00a0%`;
  return tenth === 0 ? `${whole}%` : `${whole}.${tenth}%`;
}

/**
 * The score worth showing: none when nothing applies (`per_mille` null) or when none of the
 * applicable precautions has an answer yet (a « 0 % » before starting says nothing).
 */
export function shownScore(score: Score): number | null {
  const p = score.precautions;
  if (score.per_mille === null || p.applicable === 0 || p.unanswered === p.applicable) return null;
  return score.per_mille;
}

/** True for an item hidden by the profile (the « non » answers), not by the user's own answer. */
export function hiddenByProfile(item: ItemView): boolean {
  return item.status === 'not_applicable' && item.not_applicable?.source === 'profile';
}

/** True for an item that still needs work: not answered, « À faire » or « Partiel ». */
export function isRemaining(item: ItemView): boolean {
  return item.status === 'unanswered' || item.status === 'todo' || item.status === 'partial';
}

/** How many items of a sheet still need work (« N à traiter »). */
export function remainingCount(sheet: SheetView): number {
  return sheet.items.filter(isRemaining).length;
}

/** Answers given over the items that apply (those the profile does not hide). */
export function answerCount(checklist: ChecklistView): { answered: number; total: number } {
  let answered = 0;
  let total = 0;
  for (const s of checklist.sheets) {
    for (const i of s.items) {
      if (hiddenByProfile(i)) continue;
      total += 1;
      if (i.status !== 'unanswered') answered += 1;
    }
  }
  return { answered, total };
}

/** A sheet's items split into those shown for answering and those the profile hides. */
export function splitItems(sheet: SheetView, onlyRemaining: boolean): { shown: ItemView[]; hidden: ItemView[] } {
  const shown: ItemView[] = [];
  const hidden: ItemView[] = [];
  for (const i of sheet.items) {
    if (hiddenByProfile(i)) hidden.push(i);
    else if (!onlyRemaining || isRemaining(i)) shown.push(i);
  }
  return { shown, hidden };
}

/** The sheets to list: with the filter, only those with something left to do. */
export function visibleSheets(sheets: SheetView[], onlyRemaining: boolean): SheetView[] {
  return onlyRemaining ? sheets.filter((s) => s.applies && remainingCount(s) > 0) : sheets;
}

/** The answer to edit for an item: its stored answer, or a new one with `status`. */
export function editableAnswer(item: ItemView, status: ItemAnswer['status'] = 'todo'): ItemAnswer {
  if (item.answer) return { ...item.answer };
  return {
    item_id: item.id,
    status,
    na_reason: '',
    comment: '',
    evidence: '',
    owner: '',
    due_date: null,
    priority: null,
  };
}

/**
 * The core's problems on a save, by item. A problem's path is `/answers/<i>/<field>`, `<i>`
 * counting the stored answers in the guide's order — the items of the view that have an
 * answer, in order. Other problems are returned apart.
 */
export function problemsByItem(
  checklist: ChecklistView,
  problems: readonly Problem[],
): { byItem: Map<string, Problem[]>; other: Problem[] } {
  const answered = checklist.sheets.flatMap((s) => s.items).filter((i) => i.answer !== null);
  const byItem = new Map<string, Problem[]>();
  const other: Problem[] = [];
  for (const p of problems) {
    const m = /^\/answers\/(\d+)(\/.*)?$/.exec(p.path);
    const item = m ? answered[Number(m[1])] : undefined;
    if (item) byItem.set(item.id, [...(byItem.get(item.id) ?? []), p]);
    else other.push(p);
  }
  return { byItem, other };
}

/** The field of a problem's path (`na_reason`…), or `''`. */
export function problemField(p: Problem): string {
  const m = /^\/answers\/\d+\/(\w+)/.exec(p.path);
  return m ? m[1] : '';
}

/** Profile radio value ↔ stored answer. */
export type ProfileChoice = 'yes' | 'no' | 'unknown';

export function profileChoice(answer: boolean | null): ProfileChoice {
  return answer === null ? 'unknown' : answer ? 'yes' : 'no';
}

export function profileAnswer(choice: ProfileChoice): boolean | null {
  return choice === 'unknown' ? null : choice === 'yes';
}

/** One bar of the chapter chart, in SVG user units. */
export interface Bar {
  key: string;
  label: string;
  /** `null`: nothing applies in this chapter. */
  perMille: number | null;
  /** Top of the row (label line). */
  y: number;
  /** Top of the bar. */
  barY: number;
  width: number;
}

export const CHART = { width: 600, labelHeight: 20, barHeight: 18, gap: 14, valueRoom: 80 } as const;

/** Rows of the chart: the name on one line, the bar below, the value written after the bar. */
export function chartBars(rows: { key: string; label: string; perMille: number | null }[]): {
  bars: Bar[];
  height: number;
} {
  const rowHeight = CHART.labelHeight + CHART.barHeight + CHART.gap;
  const max = CHART.width - CHART.valueRoom;
  const bars = rows.map((r, i) => {
    const y = i * rowHeight;
    const v = r.perMille === null ? 0 : Math.max(0, Math.min(1000, r.perMille));
    return { ...r, y, barY: y + CHART.labelHeight, width: Math.round((v / 1000) * max) };
  });
  return { bars, height: Math.max(rowHeight * rows.length - CHART.gap, 0) };
}
