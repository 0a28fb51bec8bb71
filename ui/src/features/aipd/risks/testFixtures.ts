// Test data shared by the risk screens' tests: an analysis as `Aipd::new` makes it and a
// reference shaped like `aipd_reference`. Only imported by *.test.ts files.

import type { Aipd, Estimate, Level, Risk } from '../model';
import { emptyEstimate, newCustomRisk } from './riskLogic';
import type { AipdReference } from './types';

export function est(severity: Level | null, likelihood: Level | null, why = ''): Estimate {
  return { severity, severity_justification: why, likelihood, likelihood_justification: why };
}

function feared(event: Risk['event'], title: string, label: string, id: string): Risk {
  return { ...newCustomRisk(title), id, event, label };
}

export function sampleAipd(): Aipd {
  return {
    id: 'a0000000-0000-4000-8000-000000000001',
    created_at: '2026-11-02T08:00:00Z',
    updated_at: '2026-11-02T08:00:00Z',
    title: 'Vidéoprotection de la mairie',
    processings: [],
    status: 'in_progress',
    version: 1,
    previous_version: null,
    author: 'Claire Martin',
    evaluator: 'Paul Durand',
    validator: 'Mme la maire',
    context: { answers: [], overview_evaluation: null, data_evaluation: null },
    principles: [],
    measures: [
      {
        id: 'm0000000-0000-4000-8000-000000000001',
        title: 'Chiffrement des enregistrements',
        description: '',
        family: 'on_data',
        phase: 'existing',
        origin: { type: 'free' },
        evaluation: null,
      },
      {
        id: 'm0000000-0000-4000-8000-000000000002',
        title: 'Journalisation des accès',
        description: '',
        family: 'on_data',
        phase: 'planned',
        origin: { type: 'free' },
        evaluation: null,
      },
    ],
    risks: [
      feared('illegitimate_access', 'Accès illégitime à des données', 'A', 'r0000000-0000-4000-8000-00000000000a'),
      feared('unwanted_modification', 'Modification non désirée de données', 'M', 'r0000000-0000-4000-8000-00000000000b'),
      feared('disappearance', 'Disparition de données', 'D', 'r0000000-0000-4000-8000-00000000000c'),
    ],
    actions: [],
    dpo: { no_dpo: false, name: '', opinion: null, text: '', given_on: null },
    data_subjects: { sought: null, names: '', opinion: null, text: '', not_sought_reason: '' },
    validation: null,
    refusals: [],
    import_notes: [],
  };
}

const LEVEL_TEXT: [Level, string, string][] = [
  ['negligible', 'Les personnes ne sont pas touchées', 'Papiers dans une pièce fermée à code'],
  ['limited', 'Des désagréments surmontables', 'Pièce fermée par badge'],
  ['significant', 'Des conséquences graves mais surmontables', 'Bureaux avec accueil'],
  ['maximum', 'Des conséquences irrémédiables', 'Papiers dans le hall public'],
];

export function sampleReference(): AipdReference {
  return {
    assets: {
      screening: { not_required: [], required: [] },
      criteria: [],
      scales: {
        severity_fr: 'La gravité mesure l’ampleur du tort causé aux personnes.',
        severity_en: 'Severity measures how much harm the people suffer.',
        likelihood_fr: 'La vraisemblance mesure la facilité avec laquelle le risque se produit.',
        likelihood_en: 'Likelihood measures how easily the risk happens.',
        levels: LEVEL_TEXT.map(([level, sev, lik]) => ({
          level,
          severity_fr: `Gravité ${level} : ${sev}`,
          severity_en: `Severity ${level}`,
          severity_examples_fr: [`Exemple de gravité ${level}`, `Second exemple ${level}`],
          severity_examples_en: [`Severity example ${level}`],
          likelihood_fr: `Vraisemblance ${level}`,
          likelihood_en: `Likelihood ${level}`,
          likelihood_example_fr: lik,
          likelihood_example_en: `Likelihood example ${level}`,
        })),
        source: 'test',
      },
      knowledge: [],
      suggestions: {
        impacts: [
          { fr: 'Atteinte à la vie privée', en: 'Invasion of privacy', event: null },
          { fr: 'Perte de preuves', en: 'Loss of evidence', event: 'disappearance' },
        ],
        threats: [
          { fr: 'Vol d’un ordinateur', en: 'Theft of a computer', event: 'illegitimate_access' },
          { fr: 'Erreur de saisie', en: 'Typing mistake', event: 'unwanted_modification' },
          { fr: 'Incendie', en: 'Fire', event: 'disappearance' },
        ],
        sources: [{ fr: 'Pirate informatique', en: 'Hacker', event: null }],
      },
    },
    rule: { both_at_least: 'significant', severity_at_least: 'maximum' },
    rule_fr: 'Règle de test : élevé si gravité et vraisemblance Importante ou plus, ou gravité Maximale.',
    rule_en: 'Test rule: high when both significant or more, or severity maximum.',
    prior_consultation_fr: 'Consultation préalable de la CNIL requise (art. 36 du RGPD) : texte de test.',
    prior_consultation_en: 'Prior consultation of the CNIL required (Art. 36 GDPR): test text.',
    options: {
      level: [],
      status: [],
      rating: [],
      opinion: [],
      feared_event: [],
      context_key: [],
      context_part: [],
      principle_key: [],
      measure_family: [],
      measure_phase: [],
      action_status: [],
      screening_conclusion: [],
      art35_case: [],
      criterion: [],
    },
  };
}

export { emptyEstimate };
