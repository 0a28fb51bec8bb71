import { describe, expect, it } from 'vitest';
import { newAction } from './actions';
import { isIsoDay, todayIso } from './ids';
import {
  addTag,
  buildRiskMap,
  finalEstimate,
  fold,
  highResidualRisks,
  isHigh,
  newCustomRisk,
  removeRisk,
  removeTag,
  riskLabel,
  setMeasureLink,
  staleMeasures,
  suggestionsFor,
} from './riskLogic';
import { est, sampleAipd, sampleReference } from './testFixtures';

const RULE = { both_at_least: 'significant', severity_at_least: 'maximum' } as const;

describe('high residual risk (mirror of risk.rs)', () => {
  it('applies the rule, unknown while a level is missing', () => {
    expect(isHigh(RULE, est('significant', 'significant'))).toBe(true);
    expect(isHigh(RULE, est('maximum', 'negligible'))).toBe(true);
    expect(isHigh(RULE, est('significant', 'limited'))).toBe(false);
    expect(isHigh(RULE, est('maximum', null))).toBeNull();
  });

  it('uses the residual estimate once rated, else the initial one', () => {
    const a = sampleAipd();
    a.risks[0].initial = est('significant', 'significant');
    a.risks[1].initial = est('limited', 'limited');
    expect(highResidualRisks(a, RULE).map((r) => r.label)).toEqual(['A']);
    a.risks[0].residual = est('significant', null);
    expect(finalEstimate(a.risks[0])).toBe(a.risks[0].initial);
    a.risks[0].residual = est('significant', 'limited');
    expect(highResidualRisks(a, RULE)).toEqual([]);
  });

  it('builds the map like the core: labels, unrated risks, high flag', () => {
    const a = sampleAipd();
    a.risks[0].initial = est('significant', 'significant');
    a.risks[0].residual = est('significant', 'limited');
    a.risks[1].initial = est('limited', 'limited');
    const custom = newCustomRisk('Détournement de finalité');
    custom.initial = est('maximum', 'negligible');
    a.risks.push(custom);
    const map = buildRiskMap(a, RULE, 'fr', 'en');
    expect(map.risks.map((r) => [r.label, r.high])).toEqual([
      ['A', false],
      ['M', false],
      ['R1', true],
    ]);
    expect(map.unrated).toEqual(['Disparition de données']);
    expect(map.risks[0].residual).toEqual({ severity: 'significant', likelihood: 'limited' });
    expect(map.rule_fr).toBe('fr');
  });

  it('labels custom risks R1, R2… in their own order, an own label first', () => {
    const a = sampleAipd();
    const x = newCustomRisk('X');
    const y = newCustomRisk('Y');
    a.risks.push(x, y);
    expect(riskLabel(a, y)).toBe('R2');
    y.label = ' VP ';
    expect(riskLabel(a, y)).toBe('VP');
    a.risks[0].label = '';
    expect(riskLabel(a, a.risks[0])).toBe('A');
  });
});

describe('tags', () => {
  it('adds trimmed text, refuses empty and duplicates whatever the accents, case or apostrophe', () => {
    const list: string[] = [];
    expect(addTag(list, '  Vol d’ordinateur  ')).toBe('added');
    expect(addTag(list, "vol d'ORDINATEUR")).toBe('duplicate');
    expect(addTag(list, '   ')).toBe('empty');
    expect(addTag(list, 'Incendie')).toBe('added');
    expect(list).toEqual(['Vol d’ordinateur', 'Incendie']);
    expect(fold('Été  Accès')).toBe('ete acces');
    expect(removeTag(list, 0)).toBe('Vol d’ordinateur');
    expect(removeTag(list, 5)).toBeNull();
    expect(removeTag(list, -1)).toBeNull();
    expect(list).toEqual(['Incendie']);
  });

  it('offers the suggestions of the risk’s event or of none, minus what is there, narrowed by the query', () => {
    const s = sampleReference().assets.suggestions.threats;
    expect(suggestionsFor(s, 'illegitimate_access', 'fr', [])).toEqual(['Vol d’un ordinateur']);
    expect(suggestionsFor(s, null, 'fr', [])).toEqual(['Vol d’un ordinateur', 'Erreur de saisie', 'Incendie']);
    expect(suggestionsFor(s, null, 'en', ['fire'])).toEqual(['Theft of a computer', 'Typing mistake']);
    expect(suggestionsFor(s, null, 'fr', [], 'ERREUR')).toEqual(['Erreur de saisie']);
    expect(suggestionsFor(s, null, 'fr', [], 'zzz')).toEqual([]);
    const impacts = sampleReference().assets.suggestions.impacts;
    expect(suggestionsFor(impacts, 'illegitimate_access', 'fr', [])).toEqual(['Atteinte à la vie privée']);
  });
});

describe('custom risks and measure links', () => {
  it('removing a custom risk moves its actions to « Général »; feared events stay', () => {
    const a = sampleAipd();
    const r = newCustomRisk('Surveillance excessive');
    a.risks.push(r);
    a.actions.push(newAction({ type: 'risk', id: r.id }, 'Limiter les caméras'), newAction({ type: 'risk', id: a.risks[0].id }, 'x'));
    expect(removeRisk(a, a.risks[0].id)).toBeNull();
    expect(removeRisk(a, 'nope')).toBeNull();
    expect(removeRisk(a, r.id)).toBe(1);
    expect(a.risks).toHaveLength(3);
    expect(a.actions.map((x) => x.part.type)).toEqual(['general', 'risk']);
  });

  it('links measures once, unlinks every copy, finds links to deleted measures', () => {
    const a = sampleAipd();
    const r = a.risks[0];
    const m = a.measures[0].id;
    setMeasureLink(r, m, true);
    setMeasureLink(r, m, true);
    expect(r.measures).toEqual([m]);
    r.measures.push('deleted', m);
    expect(staleMeasures(a, r)).toEqual(['deleted']);
    setMeasureLink(r, m, false);
    expect(r.measures).toEqual(['deleted']);
  });

  it('a new custom risk is empty with a fresh id and a trimmed title', () => {
    const r = newCustomRisk('  Usage détourné ');
    expect(r).toMatchObject({ event: null, title: 'Usage détourné', label: '', evaluation: null, measures: [] });
    expect(r.initial).toEqual(est(null, null));
  });
});

describe('dates', () => {
  it('today is the local day, and only real days pass', () => {
    expect(todayIso(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
    expect(isIsoDay('2026-02-28')).toBe(true);
    expect(isIsoDay('2026-02-30')).toBe(false);
    expect(isIsoDay('2026-2-3')).toBe(false);
    expect(isIsoDay('')).toBe(false);
    expect(isIsoDay(null)).toBe(false);
  });
});
