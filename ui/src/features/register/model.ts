// The core's register types as the shell sends them (src/model/processing.rs, common.rs,
// third_party.rs; src/register/completeness.rs, obligations.rs, adequacy.rs), serialised as
// is: snake_case field names, enums as snake_case strings, `Option` as `null`, dates as
// "YYYY-MM-DD", timestamps as RFC 3339. Nothing here decides a rule: the core does.

import type { Contact, EnumOption, Person, PostalAddress, Problem } from '../../lib/api';

// --------------------------------------------------------------------------- enums

export type ProcessingRole = 'controller' | 'joint_controller' | 'processor';
export type LegalBasis =
  | 'consent'
  | 'contract'
  | 'legal_obligation'
  | 'vital_interests'
  | 'public_task'
  | 'legitimate_interests'
  | 'to_determine';
export type DataSubjectCategory =
  | 'employees'
  | 'candidates'
  | 'customers'
  | 'prospects'
  | 'suppliers'
  | 'service_providers'
  | 'users'
  | 'residents'
  | 'voters'
  | 'children'
  | 'elected_officials'
  | 'website_visitors'
  | 'patients'
  | 'other';
export type DataCategory =
  | 'identity'
  | 'personal_life'
  | 'professional_life'
  | 'economic_financial'
  | 'connection_data'
  | 'location'
  | 'internet'
  | 'nir'
  | 'other';
export type SpecialCategory =
  | 'racial_ethnic_origin'
  | 'political_opinions'
  | 'religious_beliefs'
  | 'trade_union_membership'
  | 'genetic'
  | 'biometric'
  | 'health'
  | 'sex_life';
export type Art9Exception =
  | 'explicit_consent'
  | 'employment_social_law'
  | 'vital_interests'
  | 'not_for_profit_body'
  | 'made_public'
  | 'legal_claims'
  | 'substantial_public_interest'
  | 'health_social_care'
  | 'public_health'
  | 'archiving_research';
export type DataOrigin = 'data_subject' | 'third_party' | 'public_source' | 'other';
export type CollectionMeans =
  | 'web_form'
  | 'paper_form'
  | 'contract'
  | 'received_list'
  | 'internal_document'
  | 'interview'
  | 'sensor'
  | 'other';
export type RecipientKind = 'internal_service' | 'processor' | 'partner' | 'public_authority' | 'third_country' | 'other';
export type ProcessingStatus = 'draft' | 'complete' | 'validated_by_dpo';
export type TimeUnit = 'days' | 'weeks' | 'months' | 'years';
export type FinalDisposal =
  | 'destruction'
  | 'intermediate_archive_then_destruction'
  | 'public_archives'
  | 'sorting'
  | 'not_determined';
export type Safeguard =
  | 'adequacy_decision'
  | 'standard_contractual_clauses'
  | 'binding_corporate_rules'
  | 'code_of_conduct'
  | 'certification'
  | 'public_bodies_instrument'
  | 'authorised_clauses'
  | 'art49_derogation'
  | 'none';
export type SecurityCategory =
  | 'access_control'
  | 'traceability'
  | 'software_protection'
  | 'backup'
  | 'encryption'
  | 'processor_control'
  | 'other';
export type ThirdPartyKind = 'processor' | 'recipient' | 'partner' | 'authority' | 'joint_controller' | 'client' | 'other';
export type ContractStatus = 'none' | 'to_review' | 'art28_signed' | 'not_applicable';

// --------------------------------------------------------------------------- records

export type Retention =
  | {
      type: 'duration';
      /** At least 1. */
      amount: number;
      unit: TimeUnit;
      starting_point: string;
      legal_source: string;
    }
  | {
      type: 'criterion';
      criterion: string;
      legal_source: string;
    };

export interface JointController {
  name: string;
  contact: Contact;
  arrangement: string;
}

export interface Purpose {
  description: string;
  is_main: boolean;
  legal_basis: LegalBasis;
  justification: string;
}

export interface PersonsConcerned {
  category: DataSubjectCategory;
  details: string;
  approximate_number: number | null;
  vulnerable: boolean;
}

export interface DataCategoryEntry {
  category: DataCategory;
  description: string;
  retention: Retention | null;
  final_disposal: FinalDisposal;
}

export interface SensitiveData {
  category: SpecialCategory;
  exception: Art9Exception | null;
  description: string;
  retention: Retention | null;
}

export interface CriminalData {
  description: string;
  legal_ground: string;
  retention: Retention | null;
}

export interface Recipient {
  kind: RecipientKind;
  label: string;
  /** Id of a ThirdParty of the same organisation. */
  third_party: string | null;
  details: string;
}

export interface Transfer {
  recipient: string;
  /** ISO 3166-1 alpha-2, "" while not chosen. */
  country: string;
  safeguard: Safeguard | null;
  documentation: string;
}

export interface SecurityMeasures {
  description: string;
  /** Ids of Measure records. */
  measures: string[];
  categories: SecurityCategory[];
}

export interface Processing {
  id: string;
  created_at: string;
  updated_at: string;
  name: string;
  reference: string;
  role: ProcessingRole;
  joint_controllers: JointController[];
  department: string;
  owner: string;
  software: string[];
  paper: boolean;
  purposes: Purpose[];
  persons_concerned: PersonsConcerned[];
  data_categories: DataCategoryEntry[];
  sensitive_data: SensitiveData[];
  criminal_data: CriminalData | null;
  nir_used: boolean;
  nir_justification: string;
  data_origins: DataOrigin[];
  data_origin_details: string;
  collection_means: CollectionMeans[];
  collection_details: string;
  information_of_persons: string;
  rights_exercise: string;
  automated_decision: boolean;
  automated_decision_details: string;
  recipients: Recipient[];
  transfers: Transfer[];
  security: SecurityMeasures;
  status: ProcessingStatus;
  dpo_notes: string;
  /** "YYYY-MM-DD" */
  next_review: string | null;
  archived: boolean;
  public_register: boolean;
  large_scale: boolean;
}

export interface ThirdParty {
  id: string;
  created_at: string;
  updated_at: string;
  name: string;
  kind: ThirdPartyKind | null;
  siren: string | null;
  address: PostalAddress;
  contact: Person;
  contract_status: ContractStatus | null;
  /** "YYYY-MM-DD" */
  contract_date: string | null;
  has_dpo: boolean;
  dpo_contact: Person;
  notes: string;
}

// --------------------------------------------------------------------------- core verdicts

export type Step =
  | 'identity'
  | 'purposes'
  | 'persons'
  | 'data'
  | 'sensitive'
  | 'origin'
  | 'recipients'
  | 'transfers'
  | 'security'
  | 'review';

export type GapLevel = 'mandatory' | 'where_possible' | 'recommended' | 'inconsistency';

export interface Gap {
  /** JSON pointer in the Processing, or `/organisation/...` for the organisation profile. */
  path: string;
  step: Step;
  level: GapLevel;
  code: string;
  /** GDPR reference such as "30(1)(b)", or "". */
  article: string;
  message_fr: string;
  message_en: string;
}

export interface Completeness {
  gaps: Gap[];
  percent: number;
  mandatory_missing: number;
  where_possible_missing: number;
  recommended_missing: number;
  inconsistencies: number;
  /** No mandatory gap and no inconsistency: the entry may be marked « Complet ». */
  ready: boolean;
}

export interface CriterionHit {
  criterion: string;
  /** 1..=9 (WP248). */
  number: number;
  reason_fr: string;
  reason_en: string;
}

export interface TransferWarning {
  /** e.g. "/transfers/0/safeguard" */
  path: string;
  code: string;
  message_fr: string;
  message_en: string;
}

// --------------------------------------------------------------------------- command answers

export interface ProcessingForm {
  processing: Processing;
  /** The unsaved edited JSON kept encrypted by the shell (any JSON: may not be a valid Processing). */
  draft: Record<string, unknown> | null;
  problems: Problem[];
  completeness: Completeness;
  criteria: CriterionHit[];
  transfer_warnings: TransferWarning[];
}

export interface ProcessingSave {
  saved: boolean;
  processing: Processing;
  problems: Problem[];
  completeness: Completeness;
  transfer_warnings: TransferWarning[];
  /** Not in the brief's shape: used when the shell sends it (criteria of what was sent). */
  criteria?: CriterionHit[];
}

export interface RegisterOptions {
  role: EnumOption[];
  legal_basis: EnumOption[];
  data_subject_category: EnumOption[];
  data_category: EnumOption[];
  special_category: EnumOption[];
  art9_exception: EnumOption[];
  data_origin: EnumOption[];
  collection_means: EnumOption[];
  recipient_kind: EnumOption[];
  status: EnumOption[];
  final_disposal: EnumOption[];
  time_unit: EnumOption[];
  safeguard: EnumOption[];
  security_category: EnumOption[];
  third_party_kind: EnumOption[];
  contract_status: EnumOption[];
}

export type Zone = 'eu' | 'eea' | 'adequate' | 'partially_adequate' | 'third_country';

export interface Country {
  code: string;
  name_fr: string;
  name_en: string;
  zone: Zone;
  note_fr: string;
  note_en: string;
  source: string;
}

export interface CountryList {
  /** ISO date of the adequacy list. */
  updated: string;
  countries: Country[];
}
