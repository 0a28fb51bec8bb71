// Test data of the AIPD page, screening and editor tests: the reference built from the real
// assets (assets/aipd/*.json, as `aipd_reference` sends them), an analysis as the core
// pre-fills it, and the views of the shell's commands. Only imported by *.test.ts files.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  Aipd,
  AipdEnumOption,
  AipdReference,
  AipdView,
  Progress,
  ScreeningView,
  SectionProgress,
} from './model';

const ASSETS = join(__dirname, '../../../../assets/aipd');
const read = (name: string) => JSON.parse(readFileSync(join(ASSETS, name), 'utf8'));

const opt = (pairs: [string, string, string][]): AipdEnumOption[] =>
  pairs.map(([value, label_fr, label_en]) => ({ value, label_fr, label_en }));

export function reference(): AipdReference {
  const screening = read('screening.json');
  const scales = read('scales.json');
  const knowledge = read('knowledge.json');
  return {
    assets: {
      screening: { not_required: screening.not_required, required: screening.required },
      criteria: screening.criteria,
      scales: scales.scales,
      knowledge: knowledge.entries,
      suggestions: knowledge.suggestions,
    },
    rule: { both_at_least: 'significant', severity_at_least: 'maximum' },
    rule_fr: 'Un risque résiduel est considéré comme élevé lorsque…',
    rule_en: 'A residual risk is considered high when…',
    prior_consultation_fr: 'Consultation préalable de la CNIL requise (art. 36 du RGPD) : au moins un risque reste élevé.',
    prior_consultation_en: 'Prior consultation of the CNIL required (Art. 36 GDPR): at least one risk stays high.',
    options: {
      level: opt([
        ['negligible', 'Négligeable', 'Negligible'],
        ['limited', 'Limitée', 'Limited'],
        ['significant', 'Importante', 'Significant'],
        ['maximum', 'Maximale', 'Maximum'],
      ]),
      status: opt([
        ['in_progress', 'En cours', 'In progress'],
        ['awaiting_validation', 'En attente de validation', 'Awaiting validation'],
        ['validated', 'Validée', 'Validated'],
        ['refused', 'Refusée', 'Refused'],
        ['archived', 'Archivée', 'Archived'],
      ]),
      rating: opt([
        ['to_correct', 'À corriger', 'To correct'],
        ['improvable', 'Améliorable', 'Improvable'],
        ['acceptable', 'Acceptable', 'Acceptable'],
      ]),
      opinion: opt([
        ['favourable', 'Favorable', 'Favourable'],
        ['unfavourable', 'Défavorable', 'Unfavourable'],
      ]),
      feared_event: opt([
        ['illegitimate_access', 'Accès illégitime à des données', 'Illegitimate access to data'],
        ['unwanted_modification', 'Modification non désirée de données', 'Unwanted modification of data'],
        ['disappearance', 'Disparition de données', 'Data disappearance'],
      ]),
      context_key: [],
      context_part: [],
      principle_key: [],
      measure_family: opt([
        ['on_data', 'Mesure sur les données', 'Measure on the data'],
        ['general_security', 'Mesure générale de sécurité du système', 'General system security measure'],
        ['organisational', 'Mesure organisationnelle', 'Organisational measure'],
      ]),
      measure_phase: opt([
        ['existing', 'Existante', 'Existing'],
        ['planned', 'Prévue', 'Planned'],
      ]),
      action_status: opt([
        ['todo', 'À faire', 'To do'],
        ['in_progress', 'En cours', 'In progress'],
        ['done', 'Faite', 'Done'],
      ]),
      screening_conclusion: opt([
        ['required', 'AIPD requise', 'DPIA required'],
        ['not_required', 'AIPD non requise', 'DPIA not required'],
      ]),
      art35_case: opt([
        ['automated_evaluation', 'Évaluation systématique… — art. 35(3)(a)', 'Systematic evaluation… — Art. 35(3)(a)'],
        ['large_scale_sensitive', 'Données sensibles à grande échelle — art. 35(3)(b)', 'Large-scale sensitive data — Art. 35(3)(b)'],
        ['public_area_monitoring', 'Surveillance d’une zone publique — art. 35(3)(c)', 'Public area monitoring — Art. 35(3)(c)'],
      ]),
      criterion: opt([
        ['evaluation', 'Évaluation ou notation des personnes', 'Evaluation or scoring'],
        ['automated_decision', 'Décision automatique', 'Automated decision'],
        ['systematic_monitoring', 'Surveillance systématique des personnes', 'Systematic monitoring of people'],
        ['sensitive_data', 'Données sensibles', 'Sensitive data'],
        ['large_scale', 'Traitement à grande échelle', 'Large-scale processing'],
        ['matching', 'Croisement de jeux de données', 'Matching datasets'],
        ['vulnerable', 'Personnes vulnérables', 'Vulnerable data subjects'],
        ['innovative', 'Usage innovant', 'Innovative use'],
        ['prevents_rights', 'Empêche d’exercer un droit', 'Prevents exercising a right'],
      ]),
    },
  };
}

export const PROC = 'p0000000-0000-4000-8000-000000000001';
export const AIPD_ID = 'a0000000-0000-4000-8000-000000000001';
export const M1 = 'm0000000-0000-4000-8000-000000000001';
export const R_A = 'r0000000-0000-4000-8000-00000000000a';

/** An analysis of the video-protection processing as the core pre-fills it (partly). */
export function aipd(): Aipd {
  const risk = (id: string, event: Aipd['risks'][0]['event'], title: string, label: string) => ({
    id,
    event,
    title,
    label,
    impacts: [],
    threats: [],
    sources: [],
    measures: [] as string[],
    inherent: { severity: null, severity_justification: '', likelihood: null, likelihood_justification: '' },
    initial: { severity: null, severity_justification: '', likelihood: null, likelihood_justification: '' },
    residual: { severity: null, severity_justification: '', likelihood: null, likelihood_justification: '' },
    evaluation: null,
  });
  return {
    id: AIPD_ID,
    created_at: '2026-11-02T08:00:00Z',
    updated_at: '2026-11-02T08:00:00Z',
    title: 'AIPD – Vidéoprotection',
    processings: [PROC],
    status: 'in_progress',
    version: 1,
    previous_version: null,
    author: '',
    evaluator: '',
    validator: '',
    context: {
      answers: [
        { key: 'overview', text: 'Caméras sur la place de la mairie.' },
        { key: 'data', text: 'Images des passants, gardées 30 jours.' },
      ],
      overview_evaluation: null,
      data_evaluation: null,
    },
    principles: [{ key: 'retention', text: '30 jours', not_applicable: false, evaluation: null }],
    measures: [
      {
        id: M1,
        title: 'Accès aux images limité',
        description: 'Deux agents nommés.',
        family: 'organisational',
        phase: 'existing',
        origin: { type: 'security_item', item_id: 's04-p02' },
        evaluation: null,
      },
    ],
    risks: [
      { ...risk(R_A, 'illegitimate_access', 'Accès illégitime à des données', 'A'), measures: [M1] },
      risk('r0000000-0000-4000-8000-00000000000b', 'unwanted_modification', 'Modification non désirée de données', 'M'),
      risk('r0000000-0000-4000-8000-00000000000c', 'disappearance', 'Disparition de données', 'D'),
    ],
    actions: [],
    dpo: { no_dpo: false, name: '', opinion: null, text: '', given_on: null },
    data_subjects: { sought: null, names: '', opinion: null, text: '', not_sought_reason: '' },
    validation: null,
    refusals: [],
    import_notes: [],
  };
}

const section = (section: SectionProgress['section'], done: number, total: number, evaluated: number, to_evaluate: number) => ({
  section,
  done,
  total,
  evaluated,
  to_evaluate,
  to_correct: 0,
});

export function progress(): Progress {
  return {
    sections: [
      section('context', 2, 6, 0, 2),
      section('principles', 1, 12, 0, 12),
      section('measures', 1, 1, 0, 1),
      section('risks', 0, 18, 0, 3),
      section('validation', 0, 3, 0, 0),
    ],
    percent: 8,
    ready_for_validation: false,
    gaps: [
      {
        section: 'context',
        path: '/context/answers',
        code: 'missing_answer',
        message_fr: 'Répondez à la question « Responsabilités » du contexte.',
        message_en: 'Answer the context question « Responsibilities ».',
      },
      {
        section: 'principles',
        path: '/principles/0/evaluation',
        code: 'not_evaluated',
        message_fr: 'Faites évaluer le principe « Durées de conservation ».',
        message_en: 'Have the principle « Storage durations » evaluated.',
      },
    ],
  };
}

export function view(a: Aipd = aipd()): AipdView {
  return {
    aipd: a,
    draft: null,
    problems: [],
    progress: progress(),
    risk_map: { rule: { both_at_least: 'significant', severity_at_least: 'maximum' }, rule_fr: 'r', rule_en: 'r', risks: [], unrated: [] },
    high_risks: [],
    prior_consultation: false,
    versions: [{ id: a.id, version: a.version, status: a.status, validated_on: null, created_at: a.created_at }],
    processings: [{ id: PROC, name: 'Vidéoprotection' }],
    measure_choices: [
      {
        origin: { type: 'security_item', item_id: 's04-p02' },
        title_fr: 'Accès aux images limité',
        title_en: 'Restricted access to footage',
        description_fr: '',
        description_en: '',
        family: 'organisational',
        phase: 'existing',
        sheet: 4,
      },
      {
        origin: { type: 'knowledge_base', entry_id: 'kb-chiffrement' },
        title_fr: 'Chiffrement',
        title_en: 'Encryption',
        description_fr: 'Rendre les données illisibles sans la clé.',
        description_en: 'Make data unreadable without the key.',
        family: 'on_data',
        phase: 'planned',
        sheet: 18,
      },
      {
        origin: { type: 'knowledge_base', entry_id: 'kb-sauvegardes' },
        title_fr: 'Sauvegardes',
        title_en: 'Backups',
        description_fr: 'Copies régulières et testées.',
        description_en: 'Regular, tested copies.',
        family: 'general_security',
        phase: 'planned',
        sheet: 19,
      },
    ],
  };
}

/** The screening view of the video-protection processing, not stored yet. */
export function screeningView(): ScreeningView {
  return {
    processing_id: PROC,
    processing_name: 'Vidéoprotection',
    screening: {
      id: 's0000000-0000-4000-8000-000000000001',
      created_at: '2026-11-02T08:00:00Z',
      updated_at: '2026-11-02T08:00:00Z',
      processing: PROC,
      not_required_type: null,
      required_type: null,
      not_required_reviewed: false,
      required_reviewed: false,
      art35_cases: [],
      criteria: [{ criterion: 'systematic_monitoring', met: true, comment: '' }],
      conclusion: null,
      justification: '',
      dpo_view: '',
      decided_by: '',
      decided_on: null,
    },
    stored: false,
    detected: [
      {
        criterion: 'systematic_monitoring',
        number: 3,
        reason_fr: 'La fiche mentionne des caméras.',
        reason_en: 'The entry mentions cameras.',
        paths: ['/name'],
      },
    ],
    suggested_not_required: [],
    suggested_required: [],
    suggested_art35: ['public_area_monitoring'],
    verdict: {
      outcome: 'one_criterion',
      required: null,
      criteria_met: 1,
      reasons_fr: ['Un seul critère est rempli.'],
      reasons_en: ['Only one criterion is met.'],
      needs_justification: false,
      note_fr: 'Un seul critère peut parfois suffire.',
      note_en: 'A single criterion can sometimes be enough.',
      unanswered: [],
      conclusion_agrees: null,
    },
  };
}
