// Test data of the « Documents » tests: a catalogue as `documents_list` sends it (every group,
// missing items, a document that cannot be made, packs) and a DPO designation sheet. Only
// imported by *.test.ts files.

import type { DocumentEntry, DocumentsView, DpoDesignationView } from './api';

function entry(over: Partial<DocumentEntry> & Pick<DocumentEntry, 'key' | 'group' | 'title_fr'>): DocumentEntry {
  return {
    subject: null,
    title_en: over.title_fr,
    description_fr: 'À quoi il sert.',
    description_en: 'What it is for.',
    destination_fr: null,
    destination_en: null,
    formats: ['pdf'],
    missing: [],
    ready: true,
    last_generated: null,
    ...over,
  };
}

export const CONSULTATION_KEY = 'consultation:a0000000-0000-4000-8000-000000000001';
export const NOTICE_KEY = 'notice:p0000000-0000-4000-8000-000000000001';

export function catalogue(): DocumentsView {
  return {
    read_only: false,
    documents: [
      entry({
        key: 'register',
        group: 'compliance',
        title_fr: 'Registre des activités de traitement',
        title_en: 'Record of processing activities',
        description_fr: 'Le registre complet, à montrer à la CNIL si elle le demande.',
        formats: ['pdf', 'docx', 'odt', 'ods', 'xlsx', 'csv'],
        last_generated: { at: '2026-11-24T09:32:00Z', format: 'pdf' },
      }),
      entry({ key: 'security', group: 'compliance', title_fr: 'Rapport de sécurité', formats: ['pdf', 'docx', 'odt'] }),
      entry({
        key: 'dpo-designation',
        group: 'teleservices',
        title_fr: 'Fiche de désignation du DPO',
        title_en: 'DPO designation sheet',
        destination_fr: 'Téléservice « Désigner un DPO » de la CNIL',
        destination_en: 'The CNIL’s « Designate a DPO » online service',
        missing: [{ label_fr: 'Nom du délégué', label_en: 'DPO’s last name', where_fr: 'Organisme › Délégué à la protection des données' }],
      }),
      entry({
        key: CONSULTATION_KEY,
        group: 'teleservices',
        title_fr: 'Dossier de consultation préalable — Vidéoprotection',
        formats: ['folder', 'zip'],
        missing: [{ label_fr: 'Un risque résiduel élevé', label_en: 'A high residual risk', where_fr: 'AIPD › Risques' }],
        ready: false,
      }),
      entry({ key: 'aipd:a0000000-0000-4000-8000-000000000001', group: 'aipd', title_fr: 'AIPD — Vidéoprotection', formats: ['pdf', 'docx', 'odt', 'pia_json'] }),
      entry({ key: 'breach-register', group: 'breaches', title_fr: 'Registre des violations', formats: ['pdf', 'ods'] }),
      entry({
        key: NOTICE_KEY,
        group: 'hand_over',
        title_fr: 'Mention d’information — Paie',
        destination_fr: 'À remettre aux salariés',
        destination_en: 'To hand to employees',
        formats: ['odt', 'docx', 'pdf'],
        missing: [{ label_fr: 'Durée de conservation', label_en: 'Retention period', where_fr: 'Fiche inconnue' }],
      }),
    ],
  };
}

export function designation(): DpoDesignationView {
  const item = (key: string, label_fr: string, value: string, extra: Record<string, unknown> = {}) => ({
    key,
    label_fr,
    label_en: label_fr,
    value,
    required: true,
    missing: false,
    problem_fr: null,
    problem_en: null,
    copyable: true,
    hint_fr: null,
    hint_en: null,
    ...extra,
  });
  return {
    organisation: 'Boulangerie Martin',
    dpo_set: true,
    sheet: {
      sections: [
        {
          key: 'organisation',
          title_fr: 'Organisme qui désigne',
          title_en: 'Designating organisation',
          note_fr: null,
          note_en: null,
          applies: true,
          items: [
            item('/siren', 'Numéro SIREN', '732829320'),
            item('/naf', 'Code NAF / APE', '', { missing: true }),
            item('/headcount', 'Effectif', 'De 10 à 49', { copyable: false }),
          ],
        },
        {
          key: 'dpo',
          title_fr: 'Délégué à la protection des données',
          title_en: 'Data protection officer',
          note_fr: 'Ces coordonnées ne sont pas publiées.',
          note_en: 'Not published.',
          applies: true,
          items: [
            item('/dpo/person/last_name', 'Nom', 'Martin'),
            item('/dpo/private_contact/email', 'Courriel (non publié)', 'dpo@exemple', {
              problem_fr: 'Adresse électronique incomplète.',
              problem_en: 'Incomplete e-mail address.',
            }),
          ],
        },
        {
          key: 'dpo_organisation',
          title_fr: 'Organisme du délégué',
          title_en: 'The DPO’s body',
          note_fr: 'Sans objet : le délégué est un salarié.',
          note_en: 'Not applicable.',
          applies: false,
          items: [item('/dpo/organisation_name', 'Nom de l’organisme', '')],
        },
      ],
      missing: 1,
      invalid: 1,
      obligation: {
        required: true,
        reasons: [{ code: 'public_body', text_fr: 'Votre organisme est public.', text_en: 'Public body.', article: '37(1)(a)', processings: [] }],
        note_fr: '',
        note_en: '',
      },
      conditions: [
        { key: 'skills', label_fr: 'Les compétences', label_en: 'Skills', help_fr: 'Il connaît le droit.', help_en: 'Knows the law.' },
        { key: 'means', label_fr: 'Les moyens', label_en: 'Means', help_fr: 'Il a le temps.', help_en: 'Has time.' },
        { key: 'independence', label_fr: 'L’indépendance', label_en: 'Independence', help_fr: 'Aucune instruction.', help_en: 'No instructions.' },
      ],
      designated: true,
      source_note_fr: 'Liste établie d’après des guides : à vérifier.',
      source_note_en: 'List drawn from guides: to be checked.',
    },
  };
}
