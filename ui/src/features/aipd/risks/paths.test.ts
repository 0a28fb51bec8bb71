import { describe, expect, it } from 'vitest';
import { newAction } from './actions';
import { riskFieldIds } from './paths';
import { est, sampleAipd } from './testFixtures';

describe('core path → element ids of the risk screens', () => {
  const a = sampleAipd();
  const r = a.risks[1];
  r.initial = est('limited', null);
  r.measures.push(a.measures[1].id);
  r.evaluation = { rating: 'improvable', comment: '', evaluator: '', evaluated_on: null };
  a.actions.push(newAction({ type: 'general' }, 'x'));
  const base = `risk-${r.id}`;

  it('points into a risk: levels (chosen one or the first), justifications, tags, measures, evaluation', () => {
    expect(riskFieldIds(a, '/risks/1/initial/severity')[0]).toBe(`${base}-initial-severity-limited`);
    expect(riskFieldIds(a, '/risks/1/initial/likelihood')[0]).toBe(`${base}-initial-likelihood-negligible`);
    expect(riskFieldIds(a, '/risks/1/initial')[0]).toBe(`${base}-initial-likelihood-negligible`);
    expect(riskFieldIds(a, '/risks/1/residual/severity_justification')[0]).toBe(`${base}-residual-severity-justification`);
    expect(riskFieldIds(a, '/risks/1/threats')[0]).toBe(`${base}-threats-new`);
    expect(riskFieldIds(a, '/risks/1/measures/0')[0]).toBe(`${base}-measure-${a.measures[1].id}`);
    expect(riskFieldIds(a, '/risks/1/measures')[0]).toBe(`${base}-measure-${a.measures[0].id}`);
    expect(riskFieldIds(a, '/risks/1/evaluation')[0]).toBe(`${base}-eval-improvable`);
    expect(riskFieldIds(a, '/risks/1/evaluation/comment')[0]).toBe(`${base}-eval-comment`);
    expect(riskFieldIds(a, '/risks/1/title')).toEqual([`${base}-title-field`, `${base}-title`]);
    expect(riskFieldIds(a, '/risks/1/whatever')).toEqual([`${base}-title`]);
  });

  it('points to the opinions, refusal changes, validation and actions', () => {
    expect(riskFieldIds(a, '/dpo/opinion')).toEqual(['aipd-dpo-opinion-favourable']);
    expect(riskFieldIds(a, '/dpo/name')).toEqual(['aipd-dpo-name']);
    expect(riskFieldIds(a, '/data_subjects/not_sought_reason')).toEqual(['aipd-subjects-reason']);
    expect(riskFieldIds(a, '/data_subjects')).toEqual(['aipd-subjects-sought-yes']);
    expect(riskFieldIds(a, '/refusals/0/changes')).toEqual(['aipd-refusal-changes']);
    expect(riskFieldIds(a, '/validation/validator')).toEqual(['aipd-val-validator']);
    expect(riskFieldIds(a, '/validation')).toEqual(['aipd-val-context_accurate']);
    expect(riskFieldIds(a, '/actions/0/due_date')[0]).toBe(`aipd-action-${a.actions[0].id}-due`);
  });

  it('gives nothing for what it does not own or cannot find', () => {
    expect(riskFieldIds(a, '/risks/9/initial')).toEqual([]);
    expect(riskFieldIds(a, '/risks')).toEqual([]);
    expect(riskFieldIds(a, '/actions/7/title')).toEqual([]);
    expect(riskFieldIds(a, '/principles/0/text')).toEqual([]);
    expect(riskFieldIds(a, '')).toEqual([]);
    expect(riskFieldIds(a, 'garbage')).toEqual([]);
  });
});
