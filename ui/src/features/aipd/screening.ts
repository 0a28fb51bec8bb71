// The screening form's own logic « Dois-je faire une AIPD ? »: the CNIL's order of the
// steps, reading a stored value or a draft back into a complete form, the edits (one answer
// per criterion, Art. 35(3) cases as a set) and where a problem's field is. The verdict is
// never computed here: the core sends it after each save.

import type { MessageKey } from '../../i18n/index.svelte';
import type {
  AipdCriterion,
  AipdScreening,
  Art35Case,
  CriterionAnswer,
  ScreeningConclusion,
  ScreeningState,
  ScreeningVerdict,
} from './model';

export type ScreeningStep = 'not_required' | 'required' | 'art35' | 'criteria' | 'conclusion';

/** The CNIL's order: the two lists, the cases of Art. 35(3), the nine criteria, then the decision. */
export const SCREENING_STEPS: ScreeningStep[] = ['not_required', 'required', 'art35', 'criteria', 'conclusion'];

export const STEP_TITLE: Record<ScreeningStep, MessageKey> = {
  not_required: 'aipd.scr.step.not_required',
  required: 'aipd.scr.step.required',
  art35: 'aipd.scr.step.art35',
  criteria: 'aipd.scr.step.criteria',
  conclusion: 'aipd.scr.step.conclusion',
};

export const STEP_INTRO: Record<ScreeningStep, MessageKey> = {
  not_required: 'aipd.scr.intro.not_required',
  required: 'aipd.scr.intro.required',
  art35: 'aipd.scr.intro.art35',
  criteria: 'aipd.scr.intro.criteria',
  conclusion: 'aipd.scr.intro.conclusion',
};

export const STATE_LABEL: Record<ScreeningState, MessageKey> = {
  not_screened: 'aipd.screening.state.not_screened',
  required: 'aipd.screening.state.required',
  not_required: 'aipd.screening.state.not_required',
  undecided: 'aipd.screening.state.undecided',
};

/** A mark drawn beside each state, so that it never rests on colour alone. */
export const STATE_MARK: Record<ScreeningState, string> = {
  not_screened: '○',
  required: '!',
  not_required: '✓',
  undecided: '?',
};

const CRITERIA: AipdCriterion[] = [
  'evaluation',
  'automated_decision',
  'systematic_monitoring',
  'sensitive_data',
  'large_scale',
  'matching',
  'vulnerable',
  'innovative',
  'prevents_rights',
];
const ART35: Art35Case[] = ['automated_evaluation', 'large_scale_sensitive', 'public_area_monitoring'];

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const strOrNull = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/**
 * A complete screening from a stored value or a draft (which may lack fields or hold wrong
 * types after an older version): every field present with its type, unknown criteria and
 * cases dropped, one answer per criterion (the first). `fallback` gives the identity when the
 * value has none.
 */
export function normalizeScreening(value: unknown, fallback: AipdScreening): AipdScreening {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const criteria: CriterionAnswer[] = [];
  for (const c of Array.isArray(v.criteria) ? v.criteria : []) {
    const o = (typeof c === 'object' && c !== null ? c : {}) as Record<string, unknown>;
    const criterion = o.criterion as AipdCriterion;
    if (!CRITERIA.includes(criterion) || criteria.some((a) => a.criterion === criterion)) continue;
    criteria.push({ criterion, met: o.met === true, comment: str(o.comment) });
  }
  const cases = (Array.isArray(v.art35_cases) ? v.art35_cases : []).filter((c): c is Art35Case =>
    ART35.includes(c as Art35Case),
  );
  const conclusion = v.conclusion === 'required' || v.conclusion === 'not_required' ? v.conclusion : null;
  return {
    id: str(v.id) || fallback.id,
    created_at: str(v.created_at) || fallback.created_at,
    updated_at: str(v.updated_at) || fallback.updated_at,
    processing: str(v.processing) || fallback.processing,
    not_required_type: strOrNull(v.not_required_type),
    required_type: strOrNull(v.required_type),
    not_required_reviewed: v.not_required_reviewed === true,
    required_reviewed: v.required_reviewed === true,
    art35_cases: [...new Set(cases)],
    criteria,
    conclusion: conclusion as ScreeningConclusion | null,
    justification: str(v.justification),
    dpo_view: str(v.dpo_view),
    decided_by: str(v.decided_by),
    decided_on: strOrNull(v.decided_on),
  };
}

/** The user's answer for `criterion` (met or not), `false` when not answered. */
export function isMet(s: AipdScreening, criterion: AipdCriterion): boolean {
  return s.criteria.some((a) => a.criterion === criterion && a.met);
}

/** The answer for `criterion`, created (not met) when missing; edits go through it. */
export function answerFor(s: AipdScreening, criterion: AipdCriterion): CriterionAnswer {
  let a = s.criteria.find((x) => x.criterion === criterion);
  if (!a) {
    a = { criterion, met: false, comment: '' };
    s.criteria.push(a);
    // Keep the WP248 order, so that the stored list reads like the form.
    s.criteria.sort((x, y) => CRITERIA.indexOf(x.criterion) - CRITERIA.indexOf(y.criterion));
    a = s.criteria.find((x) => x.criterion === criterion) as CriterionAnswer;
  }
  return a;
}

export function setMet(s: AipdScreening, criterion: AipdCriterion, met: boolean): void {
  answerFor(s, criterion).met = met;
}

/** Ticks or unticks an Art. 35(3) case, keeping the GDPR's order and no duplicate. */
export function setArt35(s: AipdScreening, c: Art35Case, on: boolean): void {
  const set = new Set(s.art35_cases);
  if (on) set.add(c);
  else set.delete(c);
  s.art35_cases = ART35.filter((x) => set.has(x));
}

/** How many criteria the user ticked. */
export function metCount(s: AipdScreening): number {
  return s.criteria.filter((a) => a.met).length;
}

/** Whether a step has an answer yet (shown beside the step in words). A list answered
 *  « Aucun de ceux-ci » counts as answered (`*_reviewed`). */
export function stepAnswered(s: AipdScreening, step: ScreeningStep): boolean {
  switch (step) {
    case 'not_required':
      return s.not_required_type !== null || s.not_required_reviewed;
    case 'required':
      return s.required_type !== null || s.required_reviewed;
    case 'art35':
      return s.art35_cases.length > 0;
    case 'criteria':
      return s.criteria.length > 0;
    case 'conclusion':
      return s.conclusion !== null;
  }
}

/** The step whose field a problem path is about (`null` when none shows it). */
export function stepForPath(path: string): ScreeningStep | null {
  const top = path.split('/')[1] ?? '';
  switch (top) {
    case 'not_required_type':
      return 'not_required';
    case 'required_type':
      return 'required';
    case 'art35_cases':
      return 'art35';
    case 'criteria':
      return 'criteria';
    case 'conclusion':
    case 'justification':
    case 'dpo_view':
    case 'decided_by':
    case 'decided_on':
      return 'conclusion';
    default:
      return null;
  }
}

/** Ids of the fields that show `path`, most precise first (`/criteria/2/comment` → the
 *  comment of the third answer's criterion). */
export function fieldIdsForPath(s: AipdScreening, path: string): string[] {
  const parts = path.split('/').slice(1);
  if (parts[0] === 'criteria') {
    const a = s.criteria[Number(parts[1])];
    if (!a) return ['scr-step-criteria-title'];
    return parts[2] === 'comment' ? [`scr-crit-${a.criterion}-comment`, `scr-crit-${a.criterion}`] : [`scr-crit-${a.criterion}`];
  }
  if (['justification', 'dpo_view', 'decided_by', 'decided_on'].includes(parts[0])) return [`scr-${parts[0]}`];
  if (parts[0] === 'conclusion') return ['scr-conclusion-required'];
  const step = stepForPath(path);
  return step ? [`scr-step-${step}-title`] : [];
}

/** The headline of a verdict: required, not required, or still to decide. */
export function verdictKey(v: ScreeningVerdict): MessageKey {
  if (v.required === true) return 'aipd.scr.verdict.required';
  if (v.required === false) return 'aipd.scr.verdict.not_required';
  return 'aipd.scr.verdict.undecided';
}

/** The user's decision goes against what the answers indicate (the core's judgement, said
 *  next to the decision). */
export function conclusionDiffers(v: ScreeningVerdict): boolean {
  return v.conclusion_agrees === false;
}

/** « Démarrer l'AIPD » is offered once the answers or the decision say one is required. */
export function canStart(s: AipdScreening, v: ScreeningVerdict): boolean {
  return s.conclusion === 'required' || (s.conclusion === null && v.required === true);
}
