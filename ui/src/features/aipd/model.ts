// The core's AIPD records as the shell sends them (src/model/aipd.rs, src/aipd/risk.rs),
// serialised as is: snake_case field names, enums as snake_case strings, `Option` as
// `null`, dates as "YYYY-MM-DD", timestamps as RFC 3339. Nothing here decides a rule: the
// core does (progress, transitions, the high residual risk rule).

export type Level = 'negligible' | 'limited' | 'significant' | 'maximum';
export const LEVELS: Level[] = ['negligible', 'limited', 'significant', 'maximum'];
export type AipdStatus = 'in_progress' | 'awaiting_validation' | 'validated' | 'refused' | 'archived';
export type Rating = 'to_correct' | 'improvable' | 'acceptable';
export type Opinion = 'favourable' | 'unfavourable';
export type FearedEvent = 'illegitimate_access' | 'unwanted_modification' | 'disappearance';
export type ContextKey = 'overview' | 'responsibilities' | 'standards' | 'data' | 'life_cycle' | 'supports';
export type ContextPart = 'overview' | 'data_processes_supports';
export type PrincipleKey =
  | 'purposes'
  | 'legal_basis'
  | 'minimisation'
  | 'accuracy'
  | 'retention'
  | 'information'
  | 'consent'
  | 'access_portability'
  | 'rectification_erasure'
  | 'restriction_objection'
  | 'processors'
  | 'transfers';
export type MeasureFamily = 'on_data' | 'general_security' | 'organisational';
export type MeasurePhase = 'existing' | 'planned';
export type ActionStatus = 'todo' | 'in_progress' | 'done';
export type ScreeningConclusion = 'required' | 'not_required';
export type Art35Case = 'automated_evaluation' | 'large_scale_sensitive' | 'public_area_monitoring';
export type AipdCriterion =
  | 'evaluation'
  | 'automated_decision'
  | 'systematic_monitoring'
  | 'sensitive_data'
  | 'large_scale'
  | 'matching'
  | 'vulnerable'
  | 'innovative'
  | 'prevents_rights';

export interface CriterionAnswer {
  criterion: AipdCriterion;
  met: boolean;
  comment: string;
}

export interface AipdScreening {
  id: string;
  created_at: string;
  updated_at: string;
  processing: string;
  not_required_type: string | null;
  required_type: string | null;
  art35_cases: Art35Case[];
  criteria: CriterionAnswer[];
  conclusion: ScreeningConclusion | null;
  justification: string;
  dpo_view: string;
  decided_by: string;
  decided_on: string | null;
}

export interface Evaluation {
  rating: Rating;
  comment: string;
  evaluator: string;
  evaluated_on: string | null;
}

export interface ContextAnswer {
  key: ContextKey;
  text: string;
}

export interface AipdContext {
  answers: ContextAnswer[];
  overview_evaluation: Evaluation | null;
  data_evaluation: Evaluation | null;
}

export interface PrincipleAnswer {
  key: PrincipleKey;
  text: string;
  not_applicable: boolean;
  evaluation: Evaluation | null;
}

export type MeasureOrigin =
  | { type: 'free' }
  | { type: 'security_item'; item_id: string }
  | { type: 'measure'; measure_id: string }
  | { type: 'knowledge_base'; entry_id: string };

export interface AipdMeasure {
  id: string;
  title: string;
  description: string;
  family: MeasureFamily | null;
  phase: MeasurePhase;
  origin: MeasureOrigin;
  evaluation: Evaluation | null;
}

export interface Estimate {
  severity: Level | null;
  severity_justification: string;
  likelihood: Level | null;
  likelihood_justification: string;
}

export interface Risk {
  id: string;
  event: FearedEvent | null;
  title: string;
  label: string;
  impacts: string[];
  threats: string[];
  sources: string[];
  measures: string[];
  inherent: Estimate;
  initial: Estimate;
  residual: Estimate;
  evaluation: Evaluation | null;
}

export type PartRef =
  | { type: 'context'; part: ContextPart }
  | { type: 'principle'; key: PrincipleKey }
  | { type: 'measure'; id: string }
  | { type: 'risk'; id: string }
  | { type: 'general' };

export interface CorrectiveAction {
  id: string;
  part: PartRef;
  title: string;
  details: string;
  owner: string;
  due_date: string | null;
  status: ActionStatus;
  done_on: string | null;
}

export interface DpoOpinion {
  name: string;
  opinion: Opinion | null;
  text: string;
  given_on: string | null;
}

export interface DataSubjectsOpinion {
  sought: boolean | null;
  names: string;
  opinion: Opinion | null;
  text: string;
  not_sought_reason: string;
}

export interface Validation {
  validator: string;
  role: string;
  validated_on: string;
  context_accurate: boolean;
  risks_known: boolean;
  measures_approved: boolean;
  commitment: boolean;
  comment: string;
}

export interface Refusal {
  by: string;
  refused_on: string;
  reason: string;
  changes: string;
}

export interface ImportNote {
  source: string;
  text: string;
}

export interface Aipd {
  id: string;
  created_at: string;
  updated_at: string;
  title: string;
  processings: string[];
  status: AipdStatus;
  version: number;
  previous_version: string | null;
  author: string;
  evaluator: string;
  validator: string;
  context: AipdContext;
  principles: PrincipleAnswer[];
  measures: AipdMeasure[];
  risks: Risk[];
  actions: CorrectiveAction[];
  dpo: DpoOpinion;
  data_subjects: DataSubjectsOpinion;
  validation: Validation | null;
  refusals: Refusal[];
  import_notes: ImportNote[];
}

// ------------------------------------------------------------------- risk map (src/aipd/risk.rs)

export interface HighRiskRule {
  both_at_least: Level;
  severity_at_least: Level;
}

export interface MapPoint {
  severity: Level;
  likelihood: Level;
}

export interface MapRisk {
  risk_id: string;
  label: string;
  title: string;
  inherent: MapPoint | null;
  initial: MapPoint | null;
  residual: MapPoint | null;
  high: boolean;
}

export interface RiskMap {
  rule: HighRiskRule;
  rule_fr: string;
  rule_en: string;
  risks: MapRisk[];
  unrated: string[];
}

/** 1 (négligeable) … 4 (maximale). */
export function levelValue(l: Level): number {
  return LEVELS.indexOf(l) + 1;
}
