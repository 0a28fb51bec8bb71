import { describe, expect, it } from 'vitest';
import type { Action, ProgressPoint } from '../api';
import {
  actionKey,
  chartLayout,
  emptyPlanFilter,
  filterActions,
  formatChange,
  formatMoment,
  formatPercent,
  isPlanFiltered,
  sheetsOf,
  sourceId,
} from './planFormat';

function action(over: Partial<Action>): Action {
  return {
    source: { type: 'security_item', item_id: 's01-p01' },
    sheet: 1,
    title_fr: 'Titre',
    title_en: 'Title',
    state: 'todo',
    owner: '',
    due_date: null,
    priority: null,
    overdue: false,
    days_late: null,
    comment: '',
    ...over,
  };
}

function point(overall: number | null, change: number | null = null): ProgressPoint {
  return { taken_at: '2026-11-23T10:00:00Z', reason: 'on_demand', overall, change, applicable: 10, done: 5, partial: 1, note: '' };
}

describe('action plan helpers', () => {
  const item = action({ source: { type: 'security_item', item_id: 's04-p02' }, sheet: 4, owner: 'Élodie Martin', priority: 'high', overdue: true, days_late: 3 });
  const measure = action({ source: { type: 'measure', measure_id: 'abc-123' }, sheet: null, state: 'planned', owner: 'Paul', priority: 'low' });
  const other = action({ source: { type: 'security_item', item_id: 's12-p01' }, sheet: 12, owner: '', priority: null });
  const all = [item, measure, other];

  it('knows the id behind an action', () => {
    expect(sourceId(item.source)).toBe('s04-p02');
    expect(sourceId(measure.source)).toBe('abc-123');
    expect(actionKey(measure)).toBe('measure:abc-123');
  });

  it('keeps everything with an empty filter', () => {
    const f = emptyPlanFilter();
    expect(isPlanFiltered(f)).toBe(false);
    expect(filterActions(all, f)).toEqual(all);
    expect(isPlanFiltered({ ...f, owner: '   ' })).toBe(false);
  });

  it('filters by overdue, priority, owner and sheet', () => {
    const f = emptyPlanFilter();
    expect(filterActions(all, { ...f, overdueOnly: true })).toEqual([item]);
    expect(filterActions(all, { ...f, priority: 'low' })).toEqual([measure]);
    expect(filterActions(all, { ...f, owner: ' elodie ' })).toEqual([item]);
    expect(filterActions(all, { ...f, owner: 'PAUL' })).toEqual([measure]);
    expect(filterActions(all, { ...f, sheet: '12' })).toEqual([other]);
    expect(filterActions(all, { ...f, sheet: '4', priority: 'low' })).toEqual([]);
    expect(isPlanFiltered({ ...f, sheet: '4' })).toBe(true);
  });

  it('lists the sheets once each, in order', () => {
    expect(sheetsOf([other, item, measure, item])).toEqual([4, 12]);
  });
});

describe('score formatting', () => {
  it('writes per mille scores like the core', () => {
    expect(formatPercent(725, 'fr')).toBe('72,5\u00a0%');
    expect(formatPercent(1000, 'fr')).toBe('100\u00a0%');
    expect(formatPercent(725, 'en')).toBe('72.5%');
    expect(formatPercent(0, 'en')).toBe('0%');
    expect(formatPercent(null, 'fr')).toBe('');
  });

  it('writes changes with a sign', () => {
    expect(formatChange(35, 'fr')).toBe('+3,5');
    expect(formatChange(-20, 'en')).toBe('\u22122');
    expect(formatChange(0, 'fr')).toBe('0');
    expect(formatChange(null, 'fr')).toBe('');
  });

  it('writes dates and keeps unreadable text', () => {
    expect(formatMoment('2026-11-23T10:00:00Z', 'fr')).toBe('23/11/2026');
    expect(formatMoment('hier', 'fr')).toBe('hier');
    expect(formatMoment(null, 'en')).toBe('');
  });
});

describe('chart layout', () => {
  it('places 0 % at the bottom and 100 % at the top, evenly spaced', () => {
    const c = chartLayout([point(0), point(500), point(1000)], 200, 100, 10);
    expect(c.points.map((p) => [p.x, p.y])).toEqual([
      [10, 90],
      [100, 50],
      [190, 10],
    ]);
    expect(c.line).toBe('10,90 100,50 190,10');
  });

  it('leaves out points without a score and needs two points for a line', () => {
    const c = chartLayout([point(null), point(400)], 200, 100, 10);
    expect(c.points).toHaveLength(1);
    expect(c.points[0].index).toBe(1);
    expect(c.line).toBe('');
    const one = chartLayout([point(300)], 200, 100, 10);
    expect(one.points[0].x).toBe(100);
    expect(chartLayout([], 200, 100).points).toEqual([]);
  });
});
