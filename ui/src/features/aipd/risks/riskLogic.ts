// Pure logic of the risk screens: the risks' labels and the live map (mirrors of
// `src/aipd/risk.rs`, so that the map follows what is typed before the next save comes
// back; the rule's parameters and its sentence always come from the core), the tag lists
// with their suggestions, and adding or removing a custom risk without losing anything.

import type { Lang } from '../../../lib/api';
import {
  levelValue,
  type Aipd,
  type Estimate,
  type FearedEvent,
  type HighRiskRule,
  type MapPoint,
  type MapRisk,
  type Risk,
  type RiskMap,
} from '../model';
import { newId } from './ids';
import type { Suggestion } from './types';

export const FEARED_EVENTS: FearedEvent[] = ['illegitimate_access', 'unwanted_modification', 'disappearance'];

const LETTER_FR: Record<FearedEvent, string> = {
  illegitimate_access: 'A',
  unwanted_modification: 'M',
  disappearance: 'D',
};

export function emptyEstimate(): Estimate {
  return { severity: null, severity_justification: '', likelihood: null, likelihood_justification: '' };
}

/** Both levels chosen (`Estimate::is_rated`). */
export function isRated(e: Estimate): boolean {
  return e.severity !== null && e.likelihood !== null;
}

/** Nothing entered at all (`Estimate::is_empty`). */
export function isEmptyEstimate(e: Estimate): boolean {
  return (
    e.severity === null && e.likelihood === null && e.severity_justification === '' && e.likelihood_justification === ''
  );
}

/** The estimate that counts after the corrective actions: the residual one when rated, else the initial one. */
export function finalEstimate(r: Risk): Estimate {
  return isRated(r.residual) ? r.residual : r.initial;
}

/** `HighRiskRule::is_high`: `null` while a level is missing. */
export function isHigh(rule: HighRiskRule, e: Estimate): boolean | null {
  if (e.severity === null || e.likelihood === null) return null;
  const s = levelValue(e.severity);
  const l = levelValue(e.likelihood);
  const both = levelValue(rule.both_at_least);
  return (s >= both && l >= both) || s >= levelValue(rule.severity_at_least);
}

/** The risks that stay high after the corrective actions (prior consultation, Art. 36). */
export function highResidualRisks(aipd: Aipd, rule: HighRiskRule): Risk[] {
  return aipd.risks.filter((r) => isHigh(rule, finalEstimate(r)) === true);
}

/** The map label: the risk's own, else A/M/D for a feared event, else R1, R2… among custom risks. */
export function riskLabel(aipd: Aipd, risk: Risk): string {
  const own = risk.label.trim();
  if (own !== '') return own;
  if (risk.event) return LETTER_FR[risk.event];
  const n = aipd.risks.filter((r) => r.event === null).findIndex((r) => r.id === risk.id);
  return `R${n + 1}`;
}

function point(e: Estimate): MapPoint | null {
  return e.severity !== null && e.likelihood !== null ? { severity: e.severity, likelihood: e.likelihood } : null;
}

/** `risk_map`: what RiskMap draws, computed from the analysis being edited. */
export function buildRiskMap(aipd: Aipd, rule: HighRiskRule, rule_fr: string, rule_en: string): RiskMap {
  const risks: MapRisk[] = [];
  const unrated: string[] = [];
  for (const r of aipd.risks) {
    const initial = point(r.initial);
    const residual = point(r.residual);
    if (!initial && !residual) {
      unrated.push(r.title);
      continue;
    }
    risks.push({
      risk_id: r.id,
      label: riskLabel(aipd, r),
      title: r.title,
      inherent: point(r.inherent),
      initial,
      residual,
      high: isHigh(rule, finalEstimate(r)) === true,
    });
  }
  return { rule, rule_fr, rule_en, risks, unrated };
}

/** Lower case, no accents, single spaces: « Vol d'Ordinateur » and « vol d’ordinateur » are the same tag. */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’‘`´]/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

export type TagResult = 'added' | 'empty' | 'duplicate';

/** Adds `text` (trimmed) to `list` in place unless empty or already there (folded). */
export function addTag(list: string[], text: string): TagResult {
  const v = text.replace(/\s+/g, ' ').trim();
  if (v === '') return 'empty';
  const f = fold(v);
  if (list.some((x) => fold(x) === f)) return 'duplicate';
  list.push(v);
  return 'added';
}

/** Removes the tag at `index` in place; returns what was removed, `null` if out of range. */
export function removeTag(list: string[], index: number): string | null {
  if (index < 0 || index >= list.length) return null;
  return list.splice(index, 1)[0];
}

/**
 * The suggestions to offer for one risk: those of its feared event or of none (all for a
 * custom risk), in `lang`, minus what the list already holds, containing `query` (folded).
 */
export function suggestionsFor(
  all: Suggestion[],
  event: FearedEvent | null,
  lang: Lang,
  present: string[],
  query = '',
): string[] {
  const have = new Set(present.map(fold));
  const q = fold(query);
  const out: string[] = [];
  const seen = new Set<string>();
  for (const s of all) {
    if (event !== null && s.event !== null && s.event !== event) continue;
    const text = lang === 'fr' ? s.fr : s.en;
    const f = fold(text);
    if (f === '' || have.has(f) || seen.has(f)) continue;
    if (q !== '' && !f.includes(q)) continue;
    seen.add(f);
    out.push(text);
  }
  return out;
}

/** A custom risk « Risque spécifique » as `Risk::custom` makes it. */
export function newCustomRisk(title: string): Risk {
  return {
    id: newId(),
    event: null,
    title: title.trim(),
    label: '',
    impacts: [],
    threats: [],
    sources: [],
    measures: [],
    inherent: emptyEstimate(),
    initial: emptyEstimate(),
    residual: emptyEstimate(),
    evaluation: null,
  };
}

/**
 * Removes a custom risk in place. Its corrective actions are not dropped: they move to the
 * « Général » part of the plan (an action pointing to a deleted risk would make the
 * analysis invalid). Returns how many moved; `null` if the risk is absent or a feared event.
 */
export function removeRisk(aipd: Aipd, id: string): number | null {
  const i = aipd.risks.findIndex((r) => r.id === id);
  if (i < 0 || aipd.risks[i].event !== null) return null;
  aipd.risks.splice(i, 1);
  let moved = 0;
  for (const a of aipd.actions) {
    if (a.part.type === 'risk' && a.part.id === id) {
      a.part = { type: 'general' };
      moved++;
    }
  }
  return moved;
}

/** How many corrective actions point to a part of type risk with this id. */
export function actionsOfRisk(aipd: Aipd, id: string): number {
  return aipd.actions.filter((a) => a.part.type === 'risk' && a.part.id === id).length;
}

/** Measure ids linked to the risk that no longer exist in the analysis (to unlink). */
export function staleMeasures(aipd: Aipd, risk: Risk): string[] {
  const ids = new Set(aipd.measures.map((m) => m.id));
  return risk.measures.filter((m) => !ids.has(m));
}

/** Links or unlinks a measure in place (no duplicates). */
export function setMeasureLink(risk: Risk, measureId: string, linked: boolean): void {
  const i = risk.measures.indexOf(measureId);
  if (linked && i < 0) risk.measures.push(measureId);
  if (!linked) {
    for (let j = risk.measures.length - 1; j >= 0; j--) if (risk.measures[j] === measureId) risk.measures.splice(j, 1);
  }
}
