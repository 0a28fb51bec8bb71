// Where the risk screens put a field of the analysis: a core JSON pointer (a gap's or a
// problem's `path`) → the ids of the elements to focus, best first. Lets the editor take
// the user from « Ce qu'il reste à faire » to the very radio or text box to fill.

import { LEVELS, type Aipd, type Estimate } from '../model';

const ESTIMATES = ['inherent', 'initial', 'residual'] as const;
const TAGS = ['impacts', 'threats', 'sources'] as const;

function estimateIds(base: string, e: Estimate, field: string | undefined): string[] {
  const level = (axis: 'severity' | 'likelihood') => `${base}-${axis}-${e[axis] ?? LEVELS[0]}`;
  switch (field) {
    case 'severity':
    case 'likelihood':
      return [level(field)];
    case 'severity_justification':
      return [`${base}-severity-justification`];
    case 'likelihood_justification':
      return [`${base}-likelihood-justification`];
    default:
      return [level(e.severity === null ? 'severity' : 'likelihood')];
  }
}

function riskIds(a: Aipd, parts: string[]): string[] {
  const r = a.risks[Number(parts[1])];
  if (!r) return [];
  const base = `risk-${r.id}`;
  const head = `${base}-title`;
  const [, , field, sub] = parts;
  if (field === 'title' || field === 'label') return [`${base}-${field}-field`, head];
  if ((TAGS as readonly string[]).includes(field)) return [`${base}-${field}-new`, head];
  if (field === 'measures') {
    const linked = sub !== undefined ? r.measures[Number(sub)] : undefined;
    const first = linked ?? a.measures[0]?.id;
    return first ? [`${base}-measure-${first}`, head] : [head];
  }
  if ((ESTIMATES as readonly string[]).includes(field)) {
    const e = r[field as (typeof ESTIMATES)[number]];
    return [...estimateIds(`${base}-${field}`, e, sub), head];
  }
  if (field === 'evaluation') {
    if (sub === 'comment' || sub === 'evaluator') return [`${base}-eval-${sub}`, head];
    if (sub === 'evaluated_on') return [`${base}-eval-date`, head];
    return [`${base}-eval-${r.evaluation?.rating ?? 'to_correct'}`, head];
  }
  return [head];
}

/** The element ids for `path` in RiskSection, ValidationSection and ActionPlanSection; `[]` when none. */
export function riskFieldIds(a: Aipd, path: string): string[] {
  const parts = path.split('/').slice(1);
  switch (parts[0]) {
    case 'risks':
      return parts.length > 1 ? riskIds(a, parts) : [];
    case 'dpo': {
      const f = parts[1];
      if (f === 'opinion') return [`aipd-dpo-opinion-${a.dpo.opinion ?? 'favourable'}`];
      if (f === 'given_on') return ['aipd-dpo-date'];
      return f === 'name' || f === 'text' ? [`aipd-dpo-${f}`] : ['aipd-dpo-name'];
    }
    case 'data_subjects': {
      const f = parts[1];
      const ds = a.data_subjects;
      if (f === 'names' || f === 'text') return [`aipd-subjects-${f}`];
      if (f === 'not_sought_reason') return ['aipd-subjects-reason'];
      if (f === 'opinion') return [`aipd-subjects-opinion-${ds.opinion ?? 'favourable'}`];
      return [ds.sought === false ? 'aipd-subjects-sought-no' : 'aipd-subjects-sought-yes'];
    }
    case 'refusals':
    case 'refusal':
      return parts.includes('changes') ? ['aipd-refusal-changes'] : parts.includes('reason') ? ['aipd-ref-reason'] : [];
    case 'validation': {
      const f = parts[1];
      if (f === 'validator') return ['aipd-val-validator'];
      if (f === 'validated_on') return ['aipd-val-date'];
      return ['aipd-val-context_accurate'];
    }
    case 'actions': {
      const act = a.actions[Number(parts[1])];
      if (!act) return [];
      const base = `aipd-action-${act.id}`;
      const f = parts[2];
      const map: Record<string, string> = {
        title: `${base}-title-field`,
        details: `${base}-details`,
        owner: `${base}-owner`,
        due_date: `${base}-due`,
        done_on: `${base}-done-on`,
        status: `${base}-status-${act.status}`,
      };
      return [map[f] ?? `${base}-title-field`, `${base}-owner`];
    }
    default:
      return [];
  }
}
