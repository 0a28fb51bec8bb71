// Test data of the breach page, editor and dashboard card: options as the shell sends them,
// a breach as `Breach::new` gives it, and what the core derives. Only imported by *.test.ts files.

import type { Breach, BreachDerived, BreachOptions, Countdown, CountdownState } from './api';

export const BREACH_ID = 'b0000000-0000-4000-8000-000000000001';

const opt = (pairs: [string, string, string][]) => pairs.map(([value, label_fr, label_en]) => ({ value, label_fr, label_en }));

export function options(): BreachOptions {
  return {
    nature: opt([
      ['confidentiality', 'Perte de confidentialité', 'Loss of confidentiality'],
      ['integrity', "Perte d'intégrité", 'Loss of integrity'],
      ['availability', 'Perte de disponibilité', 'Loss of availability'],
    ]),
    origin: opt([
      ['internal', 'Interne', 'Internal'],
      ['external', 'Externe', 'External'],
    ]),
    cause: opt([
      ['accidental', 'Accidentelle', 'Accidental'],
      ['malicious', 'Malveillante', 'Malicious'],
    ]),
    decision: opt([
      ['yes', 'Oui', 'Yes'],
      ['no', 'Non', 'No'],
      ['undecided', 'À décider', 'Undecided'],
    ]),
    exception: opt([['unintelligible_data', 'Données chiffrées', 'Encrypted data']]),
    notification_kind: opt([
      ['initial', 'Notification initiale', 'Initial notification'],
      ['complementary', 'Notification complémentaire', 'Complementary notification'],
    ]),
    status: opt([
      ['open', 'Ouverte', 'Open'],
      ['closed', 'Clôturée', 'Closed'],
    ]),
    level: opt([
      ['negligible', 'Négligeable', 'Negligible'],
      ['limited', 'Limitée', 'Limited'],
      ['significant', 'Importante', 'Significant'],
      ['maximum', 'Maximale', 'Maximum'],
    ]),
    data_category: opt([['identity', 'État civil, identité', 'Identity']]),
    special_category: opt([['health', 'Santé', 'Health']]),
  };
}

export function breach(awareAt: string, title = 'Vol d’un ordinateur portable'): Breach {
  return {
    id: BREACH_ID,
    created_at: awareAt,
    updated_at: awareAt,
    title,
    status: 'open',
    started_on: null,
    started_time: null,
    aware_at: awareAt,
    ended_on: null,
    natures: [],
    origin: null,
    cause: null,
    origin_details: '',
    circumstances: '',
    data_categories: [],
    special_categories: [],
    data_details: '',
    person_categories: '',
    persons_count: null,
    records_count: null,
    processings: [],
    consequences: '',
    risk: { severity: null, severity_justification: '', likelihood: null, likelihood_justification: '' },
    measures_taken: [],
    measures_planned: [],
    notify_cnil: 'undecided',
    notify_reasoning: '',
    inform_persons: 'undecided',
    inform_reasoning: '',
    inform_exception: null,
    notifications: [],
    delay_reasons: '',
  };
}

/** A countdown in `state` for a breach known at `awareAt` (deadline 72 h later). */
export function countdown(awareAt: string, state: CountdownState, delayReasonsMissing = false): Countdown {
  const deadline = new Date(new Date(awareAt).getTime() + 72 * 3600_000).toISOString();
  return {
    deadline,
    remaining: null,
    overdue: state === 'late',
    notified_in_time: state === 'notified_in_time' ? true : state === 'notified_late' ? false : null,
    state,
    delay_reasons_missing: delayReasonsMissing,
  };
}

export function derived(c: Countdown, notify = true): BreachDerived {
  return {
    countdown: c,
    countdown_fr: '',
    countdown_en: '',
    risk_level: notify ? 'unrated' : 'no_risk',
    risk_label_fr: notify ? 'Non évalué' : 'Risque improbable',
    risk_label_en: notify ? 'Not rated' : 'Unlikely to result in a risk',
    suggestion: {
      level: notify ? 'unrated' : 'no_risk',
      action: notify ? 'notify_in_doubt' : 'document_only',
      notify_cnil: notify,
      inform_persons: notify ? null : false,
      differs_from_decisions: false,
      reasons_fr: [notify ? 'Dans le doute, la CNIL recommande de notifier.' : 'Inscrite au registre avec ce raisonnement.'],
      reasons_en: [notify ? 'In doubt, notify.' : 'Entered in the register.'],
    },
  };
}

/** An instant `hours` before now (negative: after). */
export function hoursAgo(hours: number): string {
  return new Date(Date.now() - hours * 3600_000).toISOString();
}
