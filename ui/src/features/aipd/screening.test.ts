import { describe, expect, it } from 'vitest';
import { screeningView } from './fixtures.test-support';
import type { ScreeningVerdict } from './model';
import {
  answerFor,
  canStart,
  conclusionDiffers,
  fieldIdsForPath,
  isMet,
  metCount,
  normalizeScreening,
  SCREENING_STEPS,
  setArt35,
  setMet,
  stepAnswered,
  stepForPath,
  verdictKey,
} from './screening';

const base = () => screeningView().screening;
const verdict = (over: Partial<ScreeningVerdict>): ScreeningVerdict => ({ ...screeningView().verdict, ...over });

describe('screening steps', () => {
  it('follow the CNIL order: the two lists, Art. 35(3), the criteria, the decision', () => {
    expect(SCREENING_STEPS).toEqual(['not_required', 'required', 'art35', 'criteria', 'conclusion']);
  });

  it('place every field of the record in its step', () => {
    expect(stepForPath('/not_required_type')).toBe('not_required');
    expect(stepForPath('/required_type')).toBe('required');
    expect(stepForPath('/art35_cases/1')).toBe('art35');
    expect(stepForPath('/criteria/3/comment')).toBe('criteria');
    for (const p of ['/conclusion', '/justification', '/dpo_view', '/decided_by', '/decided_on']) {
      expect(stepForPath(p), p).toBe('conclusion');
    }
    expect(stepForPath('/processing')).toBeNull();
    expect(stepForPath('')).toBeNull();
  });

  it('find the field of a criterion by its answer, not by its position in the form', () => {
    const s = base();
    s.criteria = [
      { criterion: 'large_scale', met: true, comment: '' },
      { criterion: 'vulnerable', met: false, comment: '' },
    ];
    expect(fieldIdsForPath(s, '/criteria/1/comment')).toEqual(['scr-crit-vulnerable-comment', 'scr-crit-vulnerable']);
    expect(fieldIdsForPath(s, '/criteria/0')).toEqual(['scr-crit-large_scale']);
    expect(fieldIdsForPath(s, '/criteria/9/comment')).toEqual(['scr-step-criteria-title']);
    expect(fieldIdsForPath(s, '/dpo_view')).toEqual(['scr-dpo_view']);
    expect(fieldIdsForPath(s, '/conclusion')).toEqual(['scr-conclusion-required']);
    expect(fieldIdsForPath(s, '/processing')).toEqual([]);
  });

  it('say which steps have an answer', () => {
    const s = base();
    expect(SCREENING_STEPS.map((st) => stepAnswered(s, st))).toEqual([false, false, false, true, false]);
    s.required_type = 'r-04';
    s.conclusion = 'required';
    expect(stepAnswered(s, 'required')).toBe(true);
    expect(stepAnswered(s, 'conclusion')).toBe(true);
    // « Aucun de ceux-ci » is an answer once the list was gone through
    expect(stepAnswered(s, 'not_required')).toBe(false);
    s.not_required_reviewed = true;
    expect(stepAnswered(s, 'not_required')).toBe(true);
  });
});

describe('normalizeScreening', () => {
  it('reads a partial or damaged draft into a complete form without inventing answers', () => {
    const fallback = base();
    const s = normalizeScreening(
      {
        not_required_type: '',
        required_type: 'r-04',
        art35_cases: ['public_area_monitoring', 'nonsense', 'public_area_monitoring', 3],
        criteria: [
          { criterion: 'large_scale', met: true, comment: 'Toute la commune' },
          { criterion: 'large_scale', met: false },
          { criterion: 'unknown', met: true },
          'garbage',
          { criterion: 'vulnerable', met: 'yes' },
        ],
        conclusion: 'maybe',
        justification: 42,
        decided_on: '2026-11-03',
      },
      fallback,
    );
    expect(s.id).toBe(fallback.id);
    expect(s.processing).toBe(fallback.processing);
    expect(s.not_required_type).toBeNull();
    expect(s.required_type).toBe('r-04');
    expect(s.art35_cases).toEqual(['public_area_monitoring']);
    expect(s.criteria).toEqual([
      { criterion: 'large_scale', met: true, comment: 'Toute la commune' },
      { criterion: 'vulnerable', met: false, comment: '' },
    ]);
    expect(s.conclusion).toBeNull();
    expect(s.justification).toBe('');
    expect(s.dpo_view).toBe('');
    expect(s.decided_on).toBe('2026-11-03');
  });

  it('gives the fallback for garbage', () => {
    for (const g of [null, 'x', 3, []]) {
      const s = normalizeScreening(g, base());
      expect(s.id).toBe(base().id);
      expect(s.criteria).toEqual([]);
      expect(s.art35_cases).toEqual([]);
    }
  });
});

describe('screening edits', () => {
  it('keep one answer per criterion, in WP248 order', () => {
    const s = base();
    s.criteria = [];
    setMet(s, 'vulnerable', true);
    setMet(s, 'evaluation', true);
    setMet(s, 'vulnerable', false);
    answerFor(s, 'large_scale').comment = 'Toute la commune';
    expect(s.criteria.map((a) => a.criterion)).toEqual(['evaluation', 'large_scale', 'vulnerable']);
    expect(isMet(s, 'vulnerable')).toBe(false);
    expect(isMet(s, 'evaluation')).toBe(true);
    expect(isMet(s, 'large_scale')).toBe(false);
    expect(metCount(s)).toBe(1);
    expect(s.criteria.find((a) => a.criterion === 'large_scale')?.comment).toBe('Toute la commune');
  });

  it('tick Art. 35(3) cases as a set in the GDPR order', () => {
    const s = base();
    setArt35(s, 'public_area_monitoring', true);
    setArt35(s, 'automated_evaluation', true);
    setArt35(s, 'public_area_monitoring', true);
    expect(s.art35_cases).toEqual(['automated_evaluation', 'public_area_monitoring']);
    setArt35(s, 'automated_evaluation', false);
    setArt35(s, 'large_scale_sensitive', false);
    expect(s.art35_cases).toEqual(['public_area_monitoring']);
  });
});

describe('verdict display', () => {
  it('reads the core verdict, never recomputes it', () => {
    expect(verdictKey(verdict({ required: true }))).toBe('aipd.scr.verdict.required');
    expect(verdictKey(verdict({ required: false }))).toBe('aipd.scr.verdict.not_required');
    expect(verdictKey(verdict({ required: null, criteria_met: 5 }))).toBe('aipd.scr.verdict.undecided');
    expect(conclusionDiffers(verdict({ conclusion_agrees: false }))).toBe(true);
    expect(conclusionDiffers(verdict({ conclusion_agrees: null }))).toBe(false);
    expect(conclusionDiffers(verdict({ conclusion_agrees: true }))).toBe(false);
  });

  it('offer « Démarrer l’AIPD » when the decision or, without one, the answers say required', () => {
    const s = base();
    expect(canStart(s, verdict({ required: null }))).toBe(false);
    expect(canStart(s, verdict({ required: true }))).toBe(true);
    s.conclusion = 'not_required';
    expect(canStart(s, verdict({ required: true }))).toBe(false);
    s.conclusion = 'required';
    expect(canStart(s, verdict({ required: false }))).toBe(true);
  });
});
