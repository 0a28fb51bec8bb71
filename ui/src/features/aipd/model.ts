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
  /** The lists were gone through (`null` type then means « aucun de ceux-ci »). */
  not_required_reviewed: boolean;
  required_reviewed: boolean;
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
  /** No DPO designated: name and opinion are not asked (Art. 35(2)). */
  no_dpo: boolean;
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

// ------------------------------------------------------------------- command results
// (src-tauri/src/commands/aipd.rs and the core's src/aipd/{assets,screening,prefill,workflow}.rs,
// serialised as is; contract in docs/ipc.md)

import type { Problem } from '../../lib/api';

/** One value of a core enum with its labels (`EnumOption`). */
export interface AipdEnumOption {
  value: string;
  label_fr: string;
  label_en: string;
}

/** A type of processing on one of the CNIL lists (`nr-01`…`nr-12`, `r-01`…`r-14`). */
export interface ListType {
  id: string;
  number: number;
  title_fr: string;
  title_en: string;
  examples_fr: string[];
  examples_en: string[];
  /** Known from memory only: shown « à vérifier ». */
  to_verify: boolean;
  source: string;
}

export interface CriterionHelp {
  criterion: AipdCriterion;
  help_fr: string;
  help_en: string;
  examples_fr: string[];
  examples_en: string[];
  source: string;
}

export interface ScaleLevel {
  level: Level;
  severity_fr: string;
  severity_en: string;
  severity_examples_fr: string[];
  severity_examples_en: string[];
  likelihood_fr: string;
  likelihood_en: string;
  likelihood_example_fr: string;
  likelihood_example_en: string;
}

export interface Scales {
  severity_fr: string;
  severity_en: string;
  likelihood_fr: string;
  likelihood_en: string;
  levels: ScaleLevel[];
  source: string;
}

export interface KnowledgeEntry {
  id: string;
  family: MeasureFamily;
  title_fr: string;
  title_en: string;
  description_fr: string;
  description_en: string;
  /** Sheets of the CNIL security guide. */
  sheets: number[];
  source: string;
}

export interface Suggestion {
  fr: string;
  en: string;
  event: FearedEvent | null;
}

export interface Suggestions {
  impacts: Suggestion[];
  threats: Suggestion[];
  sources: Suggestion[];
}

export interface AipdAssets {
  screening: { not_required: ListType[]; required: ListType[] };
  criteria: CriterionHelp[];
  scales: Scales;
  knowledge: KnowledgeEntry[];
  suggestions: Suggestions;
}

/** Every choice list of the AIPD screens, labels from the core. */
export interface AipdOptions {
  level: AipdEnumOption[];
  status: AipdEnumOption[];
  rating: AipdEnumOption[];
  opinion: AipdEnumOption[];
  feared_event: AipdEnumOption[];
  context_key: AipdEnumOption[];
  context_part: AipdEnumOption[];
  principle_key: AipdEnumOption[];
  measure_family: AipdEnumOption[];
  measure_phase: AipdEnumOption[];
  action_status: AipdEnumOption[];
  screening_conclusion: AipdEnumOption[];
  art35_case: AipdEnumOption[];
  criterion: AipdEnumOption[];
}

/** `aipd_reference`: what does not change while the window runs. */
export interface AipdReference {
  assets: AipdAssets;
  /** The high residual risk rule in force (the core's default). */
  rule: HighRiskRule;
  rule_fr: string;
  rule_en: string;
  /** What « Consultation préalable de la CNIL requise » means. */
  prior_consultation_fr: string;
  prior_consultation_en: string;
  options: AipdOptions;
}

// --- screening

/** A criterion the register already suggests, with why (`register::obligations::CriterionHit`). */
export interface CriterionHit {
  criterion: AipdCriterion;
  number: number;
  reason_fr: string;
  reason_en: string;
  paths: string[];
}

export type ScreeningOutcome =
  | 'not_required_by_list'
  | 'required_by_list'
  | 'required_art35'
  | 'required_by_criteria'
  | 'one_criterion'
  | 'no_criterion'
  | 'undecided';

/** The core's reading of the user's answers (`aipd::screening::verdict`). */
export interface ScreeningVerdict {
  outcome: ScreeningOutcome;
  /** `null` while undecided. */
  required: boolean | null;
  criteria_met: number;
  reasons_fr: string[];
  reasons_en: string[];
  /** Concluding « non requise » now asks for a justification and the DPO's view. */
  needs_justification: boolean;
  note_fr: string;
  note_en: string;
  /** Criteria with no answer yet, in WP248 order. */
  unanswered: AipdCriterion[];
  /** The user's conclusion agrees with the flow; `null` without a conclusion or when the
   *  flow leaves the choice to the user. */
  conclusion_agrees: boolean | null;
}

export interface ScreeningView {
  processing_id: string;
  processing_name: string;
  /** Stored, or a fresh unsaved one pre-filled from the register (`stored: false`). */
  screening: AipdScreening;
  stored: boolean;
  detected: CriterionHit[];
  suggested_not_required: string[];
  suggested_required: string[];
  suggested_art35: Art35Case[];
  verdict: ScreeningVerdict;
}

/** `aipd_screening`: the view, plus the unsaved draft and its problems. */
export interface ScreeningForm {
  view: ScreeningView;
  draft: AipdScreening | null;
  problems: Problem[];
}

/** `aipd_screening_update`: saved or kept as a draft, and the verdict on what was sent. */
export interface ScreeningSave {
  saved: boolean;
  problems: Problem[];
  /** As stored (unchanged when `saved` is false). */
  screening: AipdScreening;
  verdict: ScreeningVerdict;
}

export type ScreeningState = 'not_screened' | 'required' | 'not_required' | 'undecided';

export interface AipdRef {
  id: string;
  title: string;
  status: AipdStatus;
  version: number;
}

export interface ScreeningRow {
  processing_id: string;
  processing_name: string;
  state: ScreeningState;
  criteria_detected: number;
  aipds: AipdRef[];
}

// --- analyses

export type Section = 'context' | 'principles' | 'measures' | 'risks' | 'validation';
export const SECTIONS: Section[] = ['context', 'principles', 'measures', 'risks', 'validation'];

export interface SectionProgress {
  section: Section;
  done: number;
  total: number;
  evaluated: number;
  to_evaluate: number;
  /** Parts rated « À corriger » (also listed as gaps). */
  to_correct: number;
}

/** Something left to do, with the JSON pointer of its field in the `Aipd`. */
export interface AipdGap {
  section: Section;
  /** JSON pointer; the list itself (`/principles`) when the entry does not exist yet. */
  path: string;
  /** Stable machine code (`missing_answer`, `not_evaluated`, `to_correct`…). */
  code: string;
  message_fr: string;
  message_en: string;
}

export interface Progress {
  sections: SectionProgress[];
  percent: number;
  ready_for_validation: boolean;
  gaps: AipdGap[];
}

/** A change of status (`aipd::workflow::Transition`). */
export type Transition =
  | { type: 'submit' }
  | { type: 'reopen' }
  | { type: 'validate'; validation: Validation }
  | { type: 'refuse'; refusal: Refusal }
  | { type: 'archive' };

export interface VersionRow {
  id: string;
  version: number;
  status: AipdStatus;
  validated_on: string | null;
  created_at: string;
}

/** A measure that can be added to an analysis (`aipd::prefill::MeasureChoice`). */
export interface MeasureChoice {
  origin: MeasureOrigin;
  title_fr: string;
  title_en: string;
  description_fr: string;
  description_en: string;
  family: MeasureFamily | null;
  phase: MeasurePhase;
  /** Sheet of the CNIL security guide, when known. */
  sheet: number | null;
}

export interface ProcessingName {
  id: string;
  name: string;
}

/** A risk that stays high after corrective actions. */
export interface HighRiskRef {
  id: string;
  label: string;
  title: string;
}

/** `aipd_get`: the analysis, its draft, and the core's verdicts on what is shown. */
export interface AipdView {
  /** As stored. */
  aipd: Aipd;
  /** The unsaved edit kept encrypted, if any. */
  draft: Aipd | null;
  problems: Problem[];
  progress: Progress;
  risk_map: RiskMap;
  high_risks: HighRiskRef[];
  /** At least one high residual risk: prior consultation of the CNIL (Art. 36). */
  prior_consultation: boolean;
  versions: VersionRow[];
  processings: ProcessingName[];
  measure_choices: MeasureChoice[];
}

/** `aipd_update`: `saved` false when the value was kept as a draft; verdicts on what was sent. */
export interface AipdSave extends AipdView {
  saved: boolean;
}

/** One analysis in the list of `aipd_overview`. */
export interface AipdRow {
  id: string;
  title: string;
  status: AipdStatus;
  version: number;
  /** Names of the processings covered. */
  processings: string[];
  percent: number;
  prior_consultation: boolean;
  has_draft: boolean;
  updated_at: string;
}

export interface AipdDashboard {
  to_screen: number;
  required_without_aipd: number;
  in_progress: number;
  awaiting_validation: number;
  validated: number;
  refused: number;
  /** Titles of the analyses flagged for prior consultation. */
  prior_consultation: string[];
}

export interface AipdOverview {
  screenings: ScreeningRow[];
  aipds: AipdRow[];
  dashboard: AipdDashboard;
}

export type AipdExportFormat = 'pdf' | 'pia_json';

/** `aipd_import`: what was read from the PIA software's file. */
export interface PiaImportSummary {
  id: string;
  title: string;
  /** Answers placed in our fields. */
  mapped: number;
  /** Things kept as import notes. */
  notes: number;
  original_status_fr: string;
  warnings_fr: string[];
  warnings_en: string[];
}
