import { describe, expect, it } from 'vitest';
import { aipd, progress } from '../fixtures.test-support';
import {
  fieldIdsForPath,
  gapsOf,
  isComplete,
  isFrozen,
  isProportionality,
  leftToEvaluate,
  normalizeAipd,
  PARTS,
  partForPath,
  PRINCIPLE_KEYS,
  sectionProgress,
} from './sections';

describe('editor parts', () => {
  it('follow the CNIL method, with the map and the action plan before the validation', () => {
    expect(PARTS).toEqual(['context', 'principles', 'measures', 'risks', 'map', 'plan', 'validation']);
    expect(PRINCIPLE_KEYS.filter(isProportionality)).toEqual(['purposes', 'legal_basis', 'minimisation', 'accuracy', 'retention']);
  });

  it('place every field of the analysis in its part', () => {
    const cases: [string, string | null][] = [
      ['/title', 'context'],
      ['/author', 'context'],
      ['/context/answers/2/text', 'context'],
      ['/context/data_evaluation/comment', 'context'],
      ['/principles/4/evaluation', 'principles'],
      ['/measures/0/title', 'measures'],
      ['/risks/1/initial/severity', 'risks'],
      ['/actions/0/title', 'plan'],
      ['/dpo/given_on', 'validation'],
      ['/data_subjects/not_sought_reason', 'validation'],
      ['/validation', 'validation'],
      ['/refusals/0/reason', 'validation'],
      ['/status', 'validation'],
      ['/import_notes/0', null],
      ['', null],
    ];
    for (const [path, part] of cases) expect(partForPath(path), path).toBe(part);
  });

  it('find context answers and principles by key, whatever their position in the arrays', () => {
    const a = aipd();
    a.principles = [
      { key: 'transfers', text: '', not_applicable: true, evaluation: null },
      { key: 'purposes', text: 'x', not_applicable: false, evaluation: null },
    ];
    expect(fieldIdsForPath(a, '/context/answers/1/text')[0]).toBe('aipd-context-data');
    expect(fieldIdsForPath(a, '/principles/0/text')[0]).toBe('aipd-principle-transfers');
    expect(fieldIdsForPath(a, '/principles/1/evaluation')[0]).toBe('aipd-principle-purposes-evaluation');
    expect(fieldIdsForPath(a, '/context/overview_evaluation')[0]).toBe('aipd-context-overview_evaluation');
    expect(fieldIdsForPath(a, '/measures/0/description').slice(0, 2)).toEqual([
      'aipd-measure-0-description',
      'aipd-measure-0-title',
    ]);
    expect(fieldIdsForPath(a, '/title')[0]).toBe('aipd-title');
  });

  it('send a gap on a missing entry to the first question not answered yet', () => {
    const a = aipd(); // answers: overview, data
    expect(fieldIdsForPath(a, '/context/answers')[0]).toBe('aipd-context-responsibilities');
    a.principles = [{ key: 'purposes', text: 'x', not_applicable: false, evaluation: null }];
    expect(fieldIdsForPath(a, '/principles')[0]).toBe('aipd-principle-legal_basis');
  });

  it('always end with the part title, and never repeat an id', () => {
    const ids = fieldIdsForPath(aipd(), '/risks/2/residual/likelihood');
    expect(ids).toEqual([
      'aipd-risks-2-residual-likelihood',
      'aipd-risks-2-residual',
      'aipd-risks-2',
      'aipd-risks',
      'aipd-part-risks-title',
    ]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(fieldIdsForPath(aipd(), '/unknown')).toEqual(['aipd-unknown']);
  });
});

describe('progress display', () => {
  it('reads the core sections, counts what is left to evaluate and calls a part complete only when it is', () => {
    const p = progress();
    expect(sectionProgress(p, 'map')).toBeNull();
    expect(sectionProgress(null, 'context')).toBeNull();
    const ctx = sectionProgress(p, 'context')!;
    expect(leftToEvaluate(ctx)).toBe(2);
    expect(isComplete(ctx)).toBe(false);
    expect(isComplete({ section: 'measures', done: 1, total: 1, evaluated: 1, to_evaluate: 1, to_correct: 0 })).toBe(true);
    expect(isComplete({ section: 'measures', done: 1, total: 1, evaluated: 1, to_evaluate: 1, to_correct: 1 })).toBe(false);
    expect(leftToEvaluate({ section: 'risks', done: 0, total: 0, evaluated: 3, to_evaluate: 2, to_correct: 0 })).toBe(0);
    expect(gapsOf(p, 'principles').map((g) => g.path)).toEqual(['/principles/0/evaluation']);
    expect(gapsOf(p, 'plan')).toEqual([]);
  });
});

describe('normalizeAipd', () => {
  it('fills missing containers of a draft but adds no entry', () => {
    const fallback = aipd();
    const a = normalizeAipd({ id: fallback.id, title: 'Brouillon', context: { answers: 'x' }, dpo: { name: 'DPO' } }, fallback);
    expect(a.title).toBe('Brouillon');
    expect(a.context.answers).toEqual([]);
    expect(a.context.overview_evaluation).toBeNull();
    expect(a.principles).toEqual([]);
    expect(a.measures).toEqual([]);
    expect(a.risks).toEqual([]);
    expect(a.dpo).toEqual({ no_dpo: false, name: 'DPO', opinion: null, text: '', given_on: null });
    expect(a.data_subjects.sought).toBeNull();
    expect(a.validation).toBeNull();
  });

  it('sends a stored analysis back exactly as it came (a frozen one would be refused otherwise)', () => {
    const stored = aipd();
    stored.status = 'validated';
    expect(normalizeAipd(structuredClone(stored), stored)).toEqual(stored);
    expect(isFrozen(stored)).toBe(true);
    expect(isFrozen({ ...stored, status: 'archived' })).toBe(true);
    expect(isFrozen({ ...stored, status: 'refused' })).toBe(false);
  });

  it('falls back on garbage', () => {
    const a = normalizeAipd('garbage', aipd());
    expect(a.id).toBe(aipd().id);
    expect(a.title).toBe(aipd().title);
  });
});
