// Geometry of the risk map « Cartographie des risques »: a 4×4 SVG grid, severity vertical
// (Maximale at the top), likelihood horizontal (Négligeable at the left). Pure functions, so
// that placement, overlaps and the high zone are tested without a browser.

import { LEVELS, levelValue, type HighRiskRule, type Level, type MapPoint, type MapRisk } from '../model';

/** Side of one cell, in SVG units. */
export const CELL = 96;
/** Room on the left for the axis title and the severity level names. */
export const MARGIN_LEFT = 150;
export const MARGIN_TOP = 16;
/** Room below for the likelihood level names and the axis title. */
export const MARGIN_BOTTOM = 64;
export const MARGIN_RIGHT = 16;
export const GRID = CELL * 4;
export const WIDTH = MARGIN_LEFT + GRID + MARGIN_RIGHT;
export const HEIGHT = MARGIN_TOP + GRID + MARGIN_BOTTOM;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

/** The cell of (severity, likelihood): Maximale on the top row, Négligeable in the left column. */
export function cellRect(severity: Level, likelihood: Level): Rect {
  return {
    x: MARGIN_LEFT + (levelValue(likelihood) - 1) * CELL,
    y: MARGIN_TOP + (4 - levelValue(severity)) * CELL,
    width: CELL,
    height: CELL,
  };
}

export function cellCenter(severity: Level, likelihood: Level): Point {
  const r = cellRect(severity, likelihood);
  return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
}

/** Vertical middle of a severity row (for its level name on the left). */
export function rowCenter(severity: Level): number {
  return MARGIN_TOP + (4 - levelValue(severity)) * CELL + CELL / 2;
}

/** Horizontal middle of a likelihood column (for its level name below). */
export function columnCenter(likelihood: Level): number {
  return MARGIN_LEFT + (levelValue(likelihood) - 1) * CELL + CELL / 2;
}

/** Whether the cell is in the high zone of `rule` (same test as `HighRiskRule::is_high_cell`). */
export function isHighCell(rule: HighRiskRule, severity: Level, likelihood: Level): boolean {
  const s = levelValue(severity);
  const l = levelValue(likelihood);
  const both = levelValue(rule.both_at_least);
  return (s >= both && l >= both) || s >= levelValue(rule.severity_at_least);
}

/** Every cell of the grid, top row first, with whether it is high under `rule`. */
export function gridCells(rule: HighRiskRule): { severity: Level; likelihood: Level; high: boolean }[] {
  const out: { severity: Level; likelihood: Level; high: boolean }[] = [];
  for (const severity of [...LEVELS].reverse()) {
    for (const likelihood of LEVELS) out.push({ severity, likelihood, high: isHighCell(rule, severity, likelihood) });
  }
  return out;
}

/**
 * Offsets from the cell centre for `n` marks sharing one cell: a centred grid of
 * ⌈√n⌉ columns, spaced so that marks and their labels stay inside the cell.
 */
export function slotOffsets(n: number): Point[] {
  if (n <= 0) return [];
  if (n === 1) return [{ x: 0, y: 0 }];
  const cols = Math.ceil(Math.sqrt(n));
  const rows = Math.ceil(n / cols);
  const step = Math.min(36, (CELL - 28) / Math.max(cols, rows));
  const out: Point[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % cols;
    const r = Math.floor(i / cols);
    out.push({ x: (c - (cols - 1) / 2) * step - 6, y: (r - (rows - 1) / 2) * step });
  }
  return out;
}

export type MarkKind = 'inherent' | 'initial' | 'residual';
export const MARK_KINDS: MarkKind[] = ['inherent', 'initial', 'residual'];

export interface Mark {
  kind: MarkKind;
  point: MapPoint;
  at: Point;
}

export interface PlacedRisk {
  risk: MapRisk;
  marks: Partial<Record<MarkKind, Mark>>;
}

function cellKey(p: MapPoint): string {
  return `${p.severity}/${p.likelihood}`;
}

/**
 * Places every mark of every risk: marks in the same cell are spread by `slotOffsets` in
 * the order of the risks, then inherent → initial → residual, so the drawing is stable.
 */
export function placeRisks(risks: MapRisk[]): PlacedRisk[] {
  const count = new Map<string, number>();
  for (const r of risks) {
    for (const k of MARK_KINDS) {
      const p = r[k];
      if (p) count.set(cellKey(p), (count.get(cellKey(p)) ?? 0) + 1);
    }
  }
  const used = new Map<string, number>();
  return risks.map((risk) => {
    const marks: Partial<Record<MarkKind, Mark>> = {};
    for (const kind of MARK_KINDS) {
      const point = risk[kind];
      if (!point) continue;
      const key = cellKey(point);
      const i = used.get(key) ?? 0;
      used.set(key, i + 1);
      const off = slotOffsets(count.get(key) ?? 1)[i];
      const c = cellCenter(point.severity, point.likelihood);
      marks[kind] = { kind, point, at: { x: c.x + off.x, y: c.y + off.y } };
    }
    return { risk, marks };
  });
}

export interface Segment {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/**
 * The line of an arrow from `a` to `b`, cut by `gapStart` and `gapEnd` at its ends so that
 * it starts outside the first mark and its head stops at the second; `null` when the marks
 * are too close for a visible arrow.
 */
export function arrowSegment(a: Point, b: Point, gapStart = 9, gapEnd = 11): Segment | null {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len = Math.hypot(dx, dy);
  if (len <= gapStart + gapEnd + 4) return null;
  const ux = dx / len;
  const uy = dy / len;
  const round = (v: number) => Math.round(v * 10) / 10;
  return {
    x1: round(a.x + ux * gapStart),
    y1: round(a.y + uy * gapStart),
    x2: round(b.x - ux * gapEnd),
    y2: round(b.y - uy * gapEnd),
  };
}

/** The SVG path of `s` bent sideways by `bend` pixels at its middle (a quadratic curve),
 *  so that two risks moving along the same row or column do not draw one line over the
 *  other; `bend = 0` is the straight line. */
export function curvedPath(s: Segment, bend: number): string {
  const mx = (s.x1 + s.x2) / 2;
  const my = (s.y1 + s.y2) / 2;
  const len = Math.hypot(s.x2 - s.x1, s.y2 - s.y1) || 1;
  // the normal of the segment, pointing left of its direction
  const nx = -(s.y2 - s.y1) / len;
  const ny = (s.x2 - s.x1) / len;
  const round = (v: number) => Math.round(v * 10) / 10;
  return `M${s.x1},${s.y1} Q${round(mx + nx * bend)},${round(my + ny * bend)} ${s.x2},${s.y2}`;
}

/** The bend of the `i`-th arrow: alternately on each side, further out for each pair. */
export function bendOf(i: number): number {
  return (i % 2 === 0 ? 1 : -1) * (10 + 6 * Math.floor(i / 2));
}

/** The points of a diamond (the inherent mark) of half-diagonal `r` around `p`. */
export function diamondPoints(p: Point, r = 8): string {
  return `${p.x},${p.y - r} ${p.x + r},${p.y} ${p.x},${p.y + r} ${p.x - r},${p.y}`;
}
