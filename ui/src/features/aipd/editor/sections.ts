// The editor's map of an analysis: its parts in the CNIL's order, the part and the field
// that show a JSON pointer of the core (a gap of `progress`, a problem of a save), the
// progress figures of each part as the navigation shows them, and reading a stored value or
// a draft back into a complete `Aipd`. Nothing here decides what is complete: the core does.

import type { MessageKey } from '../../../i18n/index.svelte';
import type {
  Aipd,
  AipdGap,
  ContextKey,
  DataSubjectsOpinion,
  DpoOpinion,
  PrincipleKey,
  Progress,
  Section,
  SectionProgress,
} from '../model';

/** The parts of the editor: the core's five sections plus the map and the action plan. */
export type EditorPart = 'context' | 'principles' | 'measures' | 'risks' | 'map' | 'plan' | 'validation';

export const PARTS: EditorPart[] = ['context', 'principles', 'measures', 'risks', 'map', 'plan', 'validation'];

export const PART_TITLE: Record<EditorPart, MessageKey> = {
  context: 'aipd.ed.section.context',
  principles: 'aipd.ed.section.principles',
  measures: 'aipd.ed.section.measures',
  risks: 'aipd.ed.section.risks',
  map: 'aipd.ed.section.map',
  plan: 'aipd.ed.section.plan',
  validation: 'aipd.ed.section.validation',
};

export const CONTEXT_KEYS: ContextKey[] = ['overview', 'responsibilities', 'standards', 'data', 'life_cycle', 'supports'];

export const PRINCIPLE_KEYS: PrincipleKey[] = [
  'purposes',
  'legal_basis',
  'minimisation',
  'accuracy',
  'retention',
  'information',
  'consent',
  'access_portability',
  'rectification_erasure',
  'restriction_objection',
  'processors',
  'transfers',
];

/** 2.1 « Proportionnalité et nécessité » (211–215); the rest is 2.2. */
export function isProportionality(k: PrincipleKey): boolean {
  return PRINCIPLE_KEYS.indexOf(k) < 5;
}

/** The part that shows the field at `path` (a JSON pointer into the `Aipd`). */
export function partForPath(path: string): EditorPart | null {
  const top = path.split('/')[1] ?? '';
  switch (top) {
    case 'title':
    case 'author':
    case 'evaluator':
    case 'validator':
    case 'processings':
    case 'context':
      return 'context';
    case 'principles':
      return 'principles';
    case 'measures':
      return 'measures';
    case 'risks':
      return 'risks';
    case 'actions':
      return 'plan';
    case 'dpo':
    case 'data_subjects':
    case 'validation':
    case 'refusals':
    case 'status':
    case 'version':
      return 'validation';
    default:
      return null;
  }
}

/** The editor part of a core section (they share their names). */
export function partOfSection(s: Section): EditorPart {
  return s;
}

/**
 * Ids of the elements that show `path`, most precise first, ending with the part's title.
 * Context answers and principles are found by their key (their index in the arrays may
 * differ from the form's order), measures by their position; anything else by the generic
 * `aipd-<segments>` ids, shortened one segment at a time.
 */
export function fieldIdsForPath(a: Aipd, path: string): string[] {
  const parts = path.split('/').slice(1);
  const ids: string[] = [];
  if (parts[0] === 'context' && parts[1] === 'answers' && parts.length === 2) {
    // The core points to the list when an answer does not exist yet: the first one missing.
    const key = CONTEXT_KEYS.find((k) => !a.context.answers.some((x) => x.key === k));
    if (key) ids.push(`aipd-context-${key}`);
  } else if (parts[0] === 'context' && parts[1] === 'answers') {
    const key = a.context.answers[Number(parts[2])]?.key;
    if (key) ids.push(`aipd-context-${key}`);
  } else if (parts[0] === 'context' && (parts[1] === 'overview_evaluation' || parts[1] === 'data_evaluation')) {
    ids.push(`aipd-context-${parts[1]}`);
  } else if (parts[0] === 'principles' && parts.length === 1) {
    const key = PRINCIPLE_KEYS.find((k) => !a.principles.some((x) => x.key === k));
    if (key) ids.push(`aipd-principle-${key}`);
  } else if (parts[0] === 'principles') {
    const key = a.principles[Number(parts[1])]?.key;
    if (key) ids.push(parts[2] === 'evaluation' ? `aipd-principle-${key}-evaluation` : `aipd-principle-${key}`);
  } else if (parts[0] === 'measures' && parts.length > 1) {
    const i = Number(parts[1]);
    const field = parts[2] ?? 'title';
    ids.push(`aipd-measure-${i}-${field}`, `aipd-measure-${i}-title`);
  } else if (['title', 'author', 'evaluator', 'validator'].includes(parts[0])) {
    ids.push(`aipd-${parts[0]}`);
  }
  for (let n = parts.length; n > 0; n--) ids.push(`aipd-${parts.slice(0, n).join('-')}`);
  const part = partForPath(path);
  if (part) ids.push(`aipd-part-${part}-title`);
  return [...new Set(ids)];
}

/** The progress of a core section, or nothing (map, plan). */
export function sectionProgress(p: Progress | null, part: EditorPart): SectionProgress | null {
  if (!p) return null;
  return p.sections.find((s) => s.section === part) ?? null;
}

/** The gaps of `part`, in the core's order. */
export function gapsOf(p: Progress | null, part: EditorPart): AipdGap[] {
  return p ? p.gaps.filter((g) => partOfSection(g.section) === part) : [];
}

/** Parts still waiting for their evaluation (`to_evaluate` is the number to evaluate in all). */
export function leftToEvaluate(s: SectionProgress): number {
  return Math.max(0, s.to_evaluate - s.evaluated);
}

/** Part is complete: everything filled in and evaluated, nothing « À corriger » (said in
 *  words, not by colour). */
export function isComplete(s: SectionProgress): boolean {
  return s.done >= s.total && leftToEvaluate(s) === 0 && s.to_correct === 0;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const arr = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);
const obj = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/**
 * A complete `Aipd` from a stored value or a draft: missing containers and texts get the
 * core's defaults (empty lists, empty texts, `null`), so that every part can render; what is
 * there is kept as is — even a value of the wrong type stays for the core to point out. No
 * entry is ever added: a frozen analysis must be sent back exactly as stored.
 */
export function normalizeAipd(value: unknown, fallback: Aipd): Aipd {
  const v = obj(value);
  const context = obj(v.context);
  const dpo = obj(v.dpo);
  const ds = obj(v.data_subjects);
  return {
    ...fallback,
    ...(v as Partial<Aipd>),
    id: str(v.id) || fallback.id,
    title: typeof v.title === 'string' ? v.title : fallback.title,
    processings: arr<string>(v.processings),
    author: str(v.author),
    evaluator: str(v.evaluator),
    validator: str(v.validator),
    context: {
      ...(context as Partial<Aipd['context']>),
      answers: arr(context.answers),
      overview_evaluation: (context.overview_evaluation ?? null) as Aipd['context']['overview_evaluation'],
      data_evaluation: (context.data_evaluation ?? null) as Aipd['context']['data_evaluation'],
    },
    principles: arr(v.principles),
    measures: arr(v.measures),
    risks: arr(v.risks),
    actions: arr(v.actions),
    dpo: { no_dpo: false, name: '', opinion: null, text: '', given_on: null, ...(dpo as Partial<DpoOpinion>) },
    data_subjects: {
      sought: null,
      names: '',
      opinion: null,
      text: '',
      not_sought_reason: '',
      ...(ds as Partial<DataSubjectsOpinion>),
    },
    validation: (v.validation ?? null) as Aipd['validation'],
    refusals: arr(v.refusals),
    import_notes: arr(v.import_notes),
  };
}

/** Validated or archived: read-only but for the follow-up of the action plan (core rule
 *  `Record::check_replace`; the window only mirrors it to disable the fields). */
export function isFrozen(a: Aipd): boolean {
  return a.status === 'validated' || a.status === 'archived';
}
