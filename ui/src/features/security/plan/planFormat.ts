// Small pure helpers of the action plan, the history and the dashboard card (tested in
// planFormat.test.ts). Nothing here decides a rule: the core computes the plan, the
// overdue flags and the scores; these only filter, format and lay out what it sent.

import type { Lang } from '../../../lib/api';
import type { Action, ActionSource, Priority, ProgressPoint } from '../api';

/** The id behind an action: the checklist item's, the measure's or the AIPD action's. */
export function sourceId(source: ActionSource): string {
  switch (source.type) {
    case 'security_item':
      return source.item_id;
    case 'measure':
      return source.measure_id;
    case 'aipd_action':
      return source.action_id;
  }
}

/** A unique key for an action (the same id could in theory be an item and a measure). */
export function actionKey(action: Action): string {
  return `${action.source.type}:${sourceId(action.source)}`;
}

/** What the plan's filters keep; every empty field keeps everything. */
export interface PlanFilter {
  overdueOnly: boolean;
  priority: Priority | '';
  /** Words searched in the owner, without case and surrounding blanks. */
  owner: string;
  /** Sheet number as text (`''` = all sheets). */
  sheet: string;
}

export function emptyPlanFilter(): PlanFilter {
  return { overdueOnly: false, priority: '', owner: '', sheet: '' };
}

/** True when the filter hides something. */
export function isPlanFiltered(f: PlanFilter): boolean {
  return f.overdueOnly || f.priority !== '' || f.owner.trim() !== '' || f.sheet !== '';
}

function fold(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim();
}

/** The actions `f` keeps, in the core's order. */
export function filterActions(actions: Action[], f: PlanFilter): Action[] {
  const owner = fold(f.owner);
  const sheet = f.sheet === '' ? null : Number(f.sheet);
  return actions.filter(
    (a) =>
      (!f.overdueOnly || a.overdue) &&
      (f.priority === '' || a.priority === f.priority) &&
      (owner === '' || fold(a.owner).includes(owner)) &&
      (sheet === null || a.sheet === sheet),
  );
}

/** The sheets the actions belong to, once each, in order. */
export function sheetsOf(actions: Action[]): number[] {
  const set = new Set<number>();
  for (const a of actions) if (a.sheet !== null) set.add(a.sheet);
  return [...set].sort((x, y) => x - y);
}

/** A per mille score as a percentage: « 72,5 % » (no-break space) or « 72.5% »; `''` for none. */
export function formatPercent(perMille: number | null | undefined, lang: Lang): string {
  if (perMille === null || perMille === undefined) return '';
  const whole = Math.trunc(perMille / 10);
  const tenth = Math.abs(perMille % 10);
  const n = tenth === 0 ? String(whole) : `${whole}${lang === 'fr' ? ',' : '.'}${tenth}`;
  return lang === 'fr' ? `${n}\u00a0%` : `${n}%`;
}

/** A change in per mille as points with a sign: « +3,5 », « −2 », « 0 »; `''` for none. */
export function formatChange(change: number | null | undefined, lang: Lang): string {
  if (change === null || change === undefined) return '';
  const abs = Math.abs(change);
  const whole = Math.trunc(abs / 10);
  const tenth = abs % 10;
  const n = tenth === 0 ? String(whole) : `${whole}${lang === 'fr' ? ',' : '.'}${tenth}`;
  if (change > 0) return `+${n}`;
  if (change < 0) return `\u2212${n}`;
  return n;
}

/** An RFC 3339 moment as a short local date (« 23/11/2026 »); the text as is if unreadable. */
export function formatMoment(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'short' }).format(d);
}

/** One point of the chart, in the SVG's coordinates. */
export interface ChartPoint {
  x: number;
  y: number;
  /** The score, per mille. */
  value: number;
  /** Index of the progress point it draws. */
  index: number;
}

export interface ChartLayout {
  width: number;
  height: number;
  /** y of the 0 % and 100 % lines. */
  y0: number;
  y100: number;
  points: ChartPoint[];
  /** `points` attribute of the polyline (empty with fewer than two points). */
  line: string;
}

/**
 * Lays out the overall scores of `points` on a `width` × `height` chart: evenly spaced,
 * 0 % at the bottom and 100 % at the top, with a margin for the written values. Points
 * without a score are left out (the line joins the others).
 */
export function chartLayout(points: ProgressPoint[], width = 480, height = 180, margin = 24): ChartLayout {
  const y0 = height - margin;
  const y100 = margin;
  const n = points.length;
  const step = n > 1 ? (width - 2 * margin) / (n - 1) : 0;
  const out: ChartPoint[] = [];
  points.forEach((p, i) => {
    if (p.overall === null) return;
    const v = Math.max(0, Math.min(1000, p.overall));
    const x = n > 1 ? margin + i * step : width / 2;
    const y = y0 - ((y0 - y100) * v) / 1000;
    out.push({ x: round1(x), y: round1(y), value: p.overall, index: i });
  });
  const line = out.length > 1 ? out.map((p) => `${p.x},${p.y}`).join(' ') : '';
  return { width, height, y0, y100, points: out, line };
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}
