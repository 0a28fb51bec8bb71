import { describe, expect, it } from 'vitest';
import type { ChecklistView, ItemView, Score, SheetView } from '../api';
import {
  answerCount,
  chartBars,
  CHART,
  editableAnswer,
  percentText,
  problemField,
  problemsByItem,
  profileAnswer,
  profileChoice,
  remainingCount,
  shownScore,
  splitItems,
  visibleSheets,
} from './checklistFormat';

const tally = { applicable: 0, done: 0, partial: 0, todo: 0, unanswered: 0, not_applicable: 0 };
function score(per_mille: number | null, applicable = 4, unanswered = 0): Score {
  return { per_mille, precautions: { ...tally, applicable, unanswered }, optional: tally, optional_per_mille: null };
}

function item(id: string, status: ItemView['status'], extra: Partial<ItemView> = {}): ItemView {
  return {
    id,
    kind: 'precaution',
    text_fr: id,
    text_en: id,
    help_fr: '',
    help_en: '',
    in_grid: true,
    status,
    not_applicable: null,
    answer: status === 'unanswered' || status === 'not_applicable' ? null : editableAnswer({ id } as ItemView, status),
    ...extra,
  };
}

const hidden = item('s01-p03', 'not_applicable', {
  not_applicable: { source: 'profile', keys: ['wifi'], reason_fr: 'r', reason_en: 'r' },
});

function sheet(number: number, items: ItemView[], applies = true): SheetView {
  return {
    number,
    chapter: 'c',
    title_fr: '',
    title_en: '',
    goal_fr: '',
    goal_en: '',
    applies,
    not_applicable: null,
    score: score(null),
    items,
    donts: [],
  };
}

const s1 = sheet(1, [item('s01-p01', 'done'), item('s01-p02', 'unanswered'), hidden, item('s01-p04', 'partial')]);
const s2 = sheet(2, [item('s02-p01', 'done')]);
const view: ChecklistView = {
  guide_edition: '2024',
  guide_source: '',
  profile: [],
  sheets: [s1, s2],
  scores: { overall: score(null), chapters: [], sheets: [] },
};

describe('checklist helpers', () => {
  it('writes per mille scores as percentages', () => {
    expect(percentText(725, 'fr')).toBe('72,5\u00a0%');
    expect(percentText(1000, 'fr')).toBe('100\u00a0%');
    expect(percentText(0, 'en')).toBe('0%');
    expect(percentText(725, 'en')).toBe('72.5%');
    expect(percentText(null, 'fr')).toBeNull();
  });

  it('shows no score before anything is answered or when nothing applies', () => {
    expect(shownScore(score(null))).toBeNull();
    expect(shownScore(score(0, 4, 4))).toBeNull();
    expect(shownScore(score(250, 4, 3))).toBe(250);
  });

  it('counts answers and what remains, leaving out what the profile hides', () => {
    expect(answerCount(view)).toEqual({ answered: 3, total: 4 });
    expect(remainingCount(s1)).toBe(2);
    const all = splitItems(s1, false);
    expect(all.shown.map((i) => i.id)).toEqual(['s01-p01', 's01-p02', 's01-p04']);
    expect(all.hidden.map((i) => i.id)).toEqual(['s01-p03']);
    expect(splitItems(s1, true).shown.map((i) => i.id)).toEqual(['s01-p02', 's01-p04']);
    expect(visibleSheets([s1, s2], true).map((s) => s.number)).toEqual([1]);
    expect(visibleSheets([s1, s2], false)).toHaveLength(2);
  });

  it('places the core problems on their items', () => {
    const p = (path: string) => ({ path, code: 'x', message_fr: '', message_en: '' });
    // answered items in order: s01-p01, s01-p04, s02-p01
    const { byItem, other } = problemsByItem(view, [p('/answers/1/na_reason'), p('/answers/9/na_reason'), p('/profile/0/key')]);
    expect([...byItem.keys()]).toEqual(['s01-p04']);
    expect(other).toHaveLength(2);
    expect(problemField(p('/answers/1/na_reason'))).toBe('na_reason');
    expect(problemField(p('/profile/0/key'))).toBe('');
  });

  it('keeps a stored answer and starts a new one with a status', () => {
    const a = editableAnswer(item('x', 'unanswered'), 'done');
    expect(a).toMatchObject({ item_id: 'x', status: 'done', na_reason: '', due_date: null, priority: null });
    const stored = item('y', 'partial');
    expect(editableAnswer(stored)).not.toBe(stored.answer);
    expect(editableAnswer(stored).status).toBe('partial');
  });

  it('maps the profile radios', () => {
    expect(profileChoice(null)).toBe('unknown');
    expect(profileChoice(false)).toBe('no');
    expect(profileAnswer('yes')).toBe(true);
    expect(profileAnswer('unknown')).toBeNull();
  });

  it('lays out the chart bars', () => {
    const { bars, height } = chartBars([
      { key: 'a', label: 'A', perMille: 1000 },
      { key: 'b', label: 'B', perMille: null },
    ]);
    expect(bars[0].width).toBe(CHART.width - CHART.valueRoom);
    expect(bars[1].width).toBe(0);
    expect(bars[1].y).toBeGreaterThan(bars[0].barY);
    expect(height).toBeGreaterThan(bars[1].barY);
  });
});
