import { describe, expect, it } from 'vitest';
import { LEVELS, type MapRisk } from '../model';
import {
  arrowSegment,
  bendOf,
  curvedPath,
  CELL,
  cellCenter,
  cellRect,
  diamondPoints,
  gridCells,
  HEIGHT,
  isHighCell,
  MARGIN_LEFT,
  MARGIN_TOP,
  placeRisks,
  slotOffsets,
  WIDTH,
} from './geometry';

const DEFAULT_RULE = { both_at_least: 'significant', severity_at_least: 'maximum' } as const;

function risk(id: string, over: Partial<MapRisk> = {}): MapRisk {
  return { risk_id: id, label: id, title: id, inherent: null, initial: null, residual: null, high: false, ...over };
}

describe('cells', () => {
  it('puts Maximale severity on the top row and Négligeable likelihood in the left column', () => {
    expect(cellRect('maximum', 'negligible')).toEqual({ x: MARGIN_LEFT, y: MARGIN_TOP, width: CELL, height: CELL });
    expect(cellRect('negligible', 'maximum')).toEqual({
      x: MARGIN_LEFT + 3 * CELL,
      y: MARGIN_TOP + 3 * CELL,
      width: CELL,
      height: CELL,
    });
    expect(cellCenter('limited', 'significant')).toEqual({
      x: MARGIN_LEFT + 2 * CELL + CELL / 2,
      y: MARGIN_TOP + 2 * CELL + CELL / 2,
    });
  });

  it('keeps the whole grid inside the drawing', () => {
    for (const s of LEVELS) {
      for (const l of LEVELS) {
        const r = cellRect(s, l);
        expect(r.x).toBeGreaterThanOrEqual(MARGIN_LEFT);
        expect(r.x + r.width).toBeLessThanOrEqual(WIDTH);
        expect(r.y + r.height).toBeLessThanOrEqual(HEIGHT);
      }
    }
  });
});

describe('high zone', () => {
  it('is the top row plus the 2×2 top-right block under the default rule (as the core tests it)', () => {
    const high = gridCells(DEFAULT_RULE)
      .filter((c) => c.high)
      .map((c) => `${LEVELS.indexOf(c.severity) + 1}${LEVELS.indexOf(c.likelihood) + 1}`)
      .sort();
    expect(high).toEqual(['33', '34', '41', '42', '43', '44']);
    expect(gridCells(DEFAULT_RULE)).toHaveLength(16);
  });

  it('follows the rule it is given', () => {
    const strict = { both_at_least: 'limited', severity_at_least: 'significant' } as const;
    expect(isHighCell(strict, 'limited', 'limited')).toBe(true);
    expect(isHighCell(strict, 'significant', 'negligible')).toBe(true);
    expect(isHighCell(strict, 'limited', 'negligible')).toBe(false);
    const never = { both_at_least: 'maximum', severity_at_least: 'maximum' } as const;
    expect(gridCells(never).filter((c) => c.high)).toHaveLength(4);
  });
});

describe('overlapping marks', () => {
  it('gives distinct positions that stay inside the cell', () => {
    for (const n of [1, 2, 3, 4, 5, 9, 12]) {
      const offs = slotOffsets(n);
      expect(offs).toHaveLength(n);
      const keys = new Set(offs.map((o) => `${o.x},${o.y}`));
      expect(keys.size).toBe(n);
      for (const o of offs) {
        expect(Math.abs(o.x)).toBeLessThan(CELL / 2 - 6);
        expect(Math.abs(o.y)).toBeLessThan(CELL / 2 - 6);
      }
    }
    expect(slotOffsets(0)).toEqual([]);
    expect(slotOffsets(1)).toEqual([{ x: 0, y: 0 }]);
  });

  it('spreads the marks of different risks in the same cell, in the order of the risks', () => {
    const p = { severity: 'limited', likelihood: 'limited' } as const;
    const placed = placeRisks([risk('A', { initial: p }), risk('M', { initial: p }), risk('D', { residual: p })]);
    const pts = placed.map((x) => x.marks.initial?.at ?? x.marks.residual?.at);
    expect(new Set(pts.map((q) => `${q?.x},${q?.y}`)).size).toBe(3);
    const c = cellCenter('limited', 'limited');
    const r = cellRect('limited', 'limited');
    for (const q of pts) {
      expect(q!.x).toBeGreaterThan(r.x);
      expect(q!.x).toBeLessThan(r.x + r.width);
      expect(Math.abs(q!.y - c.y)).toBeLessThan(CELL / 2);
    }
    // first risk gets the first slot: left of the second
    expect(pts[0]!.x).toBeLessThan(pts[1]!.x);
  });

  it('keeps a lone mark at the centre and places every kind of mark', () => {
    const placed = placeRisks([
      risk('A', {
        inherent: { severity: 'maximum', likelihood: 'maximum' },
        initial: { severity: 'significant', likelihood: 'limited' },
        residual: { severity: 'limited', likelihood: 'negligible' },
      }),
    ]);
    expect(placed[0].marks.initial?.at).toEqual(cellCenter('significant', 'limited'));
    expect(placed[0].marks.inherent?.at).toEqual(cellCenter('maximum', 'maximum'));
    expect(placed[0].marks.residual?.at).toEqual(cellCenter('limited', 'negligible'));
    expect(placeRisks([risk('X')])[0].marks).toEqual({});
  });
});

describe('arrows', () => {
  it('are cut at both ends so they start and stop outside the marks', () => {
    const s = arrowSegment({ x: 0, y: 0 }, { x: 100, y: 0 }, 9, 11);
    expect(s).toEqual({ x1: 9, y1: 0, x2: 89, y2: 0 });
    const d = arrowSegment({ x: 0, y: 0 }, { x: 30, y: 40 }, 10, 10);
    expect(d).toEqual({ x1: 6, y1: 8, x2: 24, y2: 32 });
  });

  it('bend sideways, alternately and further for each pair, so parallel moves stay apart', () => {
    const s = { x1: 0, y1: 0, x2: 100, y2: 0 };
    expect(curvedPath(s, 0)).toBe('M0,0 Q50,0 100,0');
    // moving right, the normal points down the screen (+y): a positive bend goes below
    expect(curvedPath(s, 10)).toBe('M0,0 Q50,10 100,0');
    expect(curvedPath(s, -10)).toBe('M0,0 Q50,-10 100,0');
    expect([0, 1, 2, 3].map(bendOf)).toEqual([10, -10, 16, -16]);
  });

  it('are left out when the marks nearly touch', () => {
    expect(arrowSegment({ x: 0, y: 0 }, { x: 10, y: 0 })).toBeNull();
    expect(arrowSegment({ x: 5, y: 5 }, { x: 5, y: 5 })).toBeNull();
  });

  it('diamond points surround the centre', () => {
    expect(diamondPoints({ x: 10, y: 20 }, 5)).toBe('10,15 15,20 10,25 5,20');
  });
});
