// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { flushSync, mount, tick, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Completeness, Processing, ProcessingForm, ThirdParty } from '../model';

const library = JSON.parse(
  readFileSync(join(__dirname, '../../../../../assets/register/library.json'), 'utf8'),
) as { entries: { key: string; template: Processing }[] };
const paie = library.entries.find((e) => e.key === 'paie')!.template;

const opt = (values: string[]) => values.map((v) => ({ value: v, label_fr: `fr:${v}`, label_en: `en:${v}` }));
const OPTIONS = {
  role: opt(['controller', 'joint_controller', 'processor']),
  legal_basis: opt(['consent', 'contract', 'legal_obligation', 'vital_interests', 'public_task', 'legitimate_interests', 'to_determine']),
  data_subject_category: opt(['employees', 'customers', 'other']),
  data_category: opt(['identity', 'professional_life', 'economic_financial', 'nir', 'other']),
  special_category: opt(['health', 'biometric']),
  art9_exception: opt(['explicit_consent', 'employment_social_law']),
  data_origin: opt(['data_subject', 'third_party', 'public_source', 'other']),
  collection_means: opt(['web_form', 'paper_form', 'other']),
  recipient_kind: opt(['internal_service', 'processor', 'public_authority', 'other']),
  status: opt(['draft', 'complete', 'validated_by_dpo']),
  final_disposal: opt(['destruction', 'intermediate_archive_then_destruction', 'public_archives', 'sorting', 'not_determined']),
  time_unit: opt(['days', 'weeks', 'months', 'years']),
  safeguard: opt(['adequacy_decision', 'standard_contractual_clauses', 'none']),
  security_category: opt(['access_control', 'backup', 'other']),
  third_party_kind: opt(['processor', 'recipient', 'other']),
  contract_status: opt(['none', 'to_review', 'art28_signed', 'not_applicable']),
};
const COUNTRIES = {
  updated: '2026-11-23',
  countries: [
    { code: 'US', name_fr: 'États-Unis', name_en: 'United States', zone: 'partially_adequate', note_fr: 'Seulement les entreprises certifiées DPF.', note_en: 'Only DPF-certified companies.', source: 's' },
    { code: 'FR', name_fr: 'France', name_en: 'France', zone: 'eu', note_fr: '', note_en: '', source: 's' },
  ],
};
const CABINET: ThirdParty = {
  id: '11111111-1111-4111-8111-111111111111',
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
  name: 'Cabinet comptable',
  kind: 'processor',
  siren: null,
  address: { lines: [], postcode: '', city: '', country: 'FR' },
  contact: { civility: null, first_name: '', last_name: '', role: '', email: null, phone: null },
  contract_status: 'art28_signed',
  contract_date: null,
  has_dpo: false,
  dpo_contact: { civility: null, first_name: '', last_name: '', role: '', email: null, phone: null },
  notes: '',
};

const notReady: Completeness = {
  gaps: [
    {
      path: '/purposes/1/legal_basis',
      step: 'purposes',
      level: 'inconsistency',
      code: 'public_body_legitimate_interests',
      article: '6(1)',
      message_fr: 'Un organisme public ne peut pas invoquer l’intérêt légitime.',
      message_en: 'A public body cannot rely on legitimate interests.',
    },
    {
      path: '/organisation/email',
      step: 'identity',
      level: 'mandatory',
      code: 'controller_contact',
      article: '30(1)(a)',
      message_fr: 'Indiquez les coordonnées de l’organisme.',
      message_en: 'Give the organisation’s contact details.',
    },
  ],
  percent: 62,
  mandatory_missing: 1,
  where_possible_missing: 0,
  recommended_missing: 0,
  inconsistencies: 1,
  ready: false,
};

let form: ProcessingForm;
let updateAnswer: (p: Processing) => unknown;
const calls: Array<[string, Record<string, unknown> | undefined]> = [];

vi.mock('@tauri-apps/api/core', () => ({
  invoke: vi.fn(async (cmd: string, args?: Record<string, unknown>) => {
    calls.push([cmd, args]);
    switch (cmd) {
      case 'processing_form':
        return structuredClone(form);
      case 'processing_update':
        return updateAnswer(args?.processing as Processing);
      case 'processing_discard_draft':
        return { ...structuredClone(form), draft: null, problems: [] };
      case 'register_options':
        return OPTIONS;
      case 'countries':
        return COUNTRIES;
      case 'third_parties':
        return [CABINET];
      case 'third_party_save':
        return args?.thirdParty;
      case 'security_for_processing': {
        // The core's rule, as the shell returns it: families added, description only if empty.
        const sec = structuredClone(args?.security as Processing['security']);
        const cats = [...new Set([...sec.categories, 'backup', 'access_control'])] as Processing['security']['categories'];
        return {
          summary: { categories: ['access_control', 'backup'], description_fr: 'Liste de contrôle : 2 mesures.', description_en: '', items: ['s01-p01', 's17-p01'] },
          security: { ...sec, categories: cats, description: sec.description.trim() === '' ? 'Liste de contrôle : 2 mesures.' : sec.description },
          changed: true,
        };
      }
      default:
        throw new Error(`unexpected command ${cmd}`);
    }
  }),
}));

const { default: ProcessingEditor } = await import('../ProcessingEditor.svelte');
const { app: store } = await import('../../../lib/app.svelte');
const { applyLang } = await import('../../../i18n/index.svelte');
const { resetEditorCaches } = await import('../editorApi');

let component: Record<string, unknown> | null = null;
let closed = 0;

function processing(): Processing {
  const p = structuredClone(paie);
  p.id = 'p-1';
  p.purposes[1].legal_basis = 'legitimate_interests';
  p.recipients = [{ kind: 'processor', label: 'Cabinet', third_party: CABINET.id, details: '' }];
  p.transfers = [{ recipient: 'Hébergeur', country: 'US', safeguard: null, documentation: '' }];
  return p;
}

async function open(): Promise<void> {
  component = mount(ProcessingEditor, { target: document.body, props: { id: 'p-1', onclose: () => (closed += 1) } });
  await vi.waitFor(() => expect(document.getElementById('processing-form')).not.toBeNull());
  await vi.waitFor(() => expect(document.querySelector('#proc-role option[value="processor"]')).not.toBeNull());
  flushSync();
}

const el = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

function type(id: string, value: string) {
  const input = el<HTMLInputElement>(id);
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  flushSync();
}

beforeEach(() => {
  calls.length = 0;
  closed = 0;
  localStorage.clear();
  resetEditorCaches();
  applyLang('fr');
  form = {
    processing: processing(),
    draft: null,
    problems: [],
    completeness: structuredClone(notReady),
    criteria: [{ criterion: 'vulnerable', number: 7, reason_fr: 'Salariés', reason_en: 'Employees' }],
    transfer_warnings: [
      { path: '/transfers/0/safeguard', code: 'no_safeguard', message_fr: 'Aucune garantie pour ce transfert.', message_en: 'No safeguard for this transfer.' },
    ],
  };
  updateAnswer = (p) => ({
    saved: true,
    processing: { ...p, updated_at: '2026-11-24T00:00:00Z' },
    problems: [],
    completeness: structuredClone(notReady),
    transfer_warnings: [],
  });
});

afterEach(() => {
  if (component) unmount(component);
  component = null;
  document.body.innerHTML = '';
});

describe('guided mode', () => {
  it('opens on the identity step with the step list and the stored values', async () => {
    await open();
    expect(el('proc-title').textContent).toBe('Gestion de la paie');
    expect(el<HTMLInputElement>('proc-name').value).toBe('Gestion de la paie');
    expect(el('proc-stepnav-identity').getAttribute('aria-current')).toBe('step');
    expect(el('proc-stepnav-purposes').hasAttribute('aria-current')).toBe(false);
    // The step list says what is left, in words for screen readers, not by colour only.
    expect(el('proc-stepnav-purposes').textContent).toContain('1 point(s) à revoir');
    expect(el('proc-stepnav-persons').textContent).toContain('rien à compléter');
    expect(document.querySelectorAll('section.step')).toHaveLength(1);
    expect(el('proc-name').getAttribute('aria-describedby')).toBe('proc-name-help');
    expect(el('proc-name-help').textContent).toContain('Exemple');
    expect(store.save).toBe('saved');
  });

  it('saves the edited processing 600 ms after the last keystroke', async () => {
    await open();
    type('proc-name', 'Paie des salariés');
    expect(store.save).toBe('saving');
    expect(calls.some(([c]) => c === 'processing_update')).toBe(false);
    await vi.waitFor(() => expect(calls.some(([c]) => c === 'processing_update')).toBe(true), { timeout: 2000 });
    const sent = calls.find(([c]) => c === 'processing_update')?.[1]?.processing as Processing;
    expect(sent.name).toBe('Paie des salariés');
    expect(sent.purposes).toEqual(form.processing.purposes);
    await vi.waitFor(() => expect(store.save).toBe('saved'));
    expect(el('proc-title').textContent).toBe('Paie des salariés');
  });

  it('shows the core problems next to their field and keeps the draft state', async () => {
    updateAnswer = (p) => ({
      saved: false,
      processing: form.processing,
      problems: [{ path: '/data_categories/0/retention/amount', code: 'retention_amount', message_fr: 'Une durée de 0 n’a pas de sens.', message_en: 'A period of 0 makes no sense.' }],
      completeness: structuredClone(notReady),
      transfer_warnings: [],
      _sent: p,
    });
    await open();
    el('proc-stepnav-data').click();
    await tick();
    flushSync();
    type('proc-data_categories-0-retention-amount', '');
    await vi.waitFor(() => expect(store.save).toBe('draft'), { timeout: 2000 });
    flushSync();
    const sent = calls.find(([c]) => c === 'processing_update')?.[1]?.processing as Processing;
    expect(sent.data_categories[0].retention).toMatchObject({ type: 'duration', amount: 0 });
    const amount = el<HTMLInputElement>('proc-data_categories-0-retention-amount');
    expect(amount.value).toBe('');
    expect(amount.getAttribute('aria-invalid')).toBe('true');
    expect(el('proc-data_categories-0-retention-amount-error').textContent).toContain('0 n’a pas de sens');
    expect(el('proc-problems').textContent).toContain('Données et durées');
  });

  it('moves between steps with Précédent / Suivant and focuses the step title', async () => {
    await open();
    expect(el('proc-prev')).toBeNull();
    el('proc-next').click();
    await vi.waitFor(() => expect(document.activeElement?.id).toBe('proc-step-purposes-title'));
    expect(el('proc-stepnav-purposes').getAttribute('aria-current')).toBe('step');
    expect(el('proc-prev').textContent).toContain('Identité');
    for (let i = 0; i < 8; i++) {
      el('proc-next').click();
      await tick();
      flushSync();
    }
    expect(el('proc-stepnav-review').getAttribute('aria-current')).toBe('step');
    expect(el('proc-next')).toBeNull();
    el('proc-done').click();
    await vi.waitFor(() => expect(closed).toBe(1));
  });

  it('lists purposes with explicit remove buttons, one main purpose, and the inline gap', async () => {
    await open();
    el('proc-stepnav-purposes').click();
    await tick();
    flushSync();
    const remove2 = el('proc-purposes-1-remove');
    expect(remove2.getAttribute('aria-label')).toBe('Supprimer la finalité 2');
    expect(el<HTMLInputElement>('proc-purposes-0-is_main').checked).toBe(true);
    expect(el('proc-purposes-1').textContent).toContain('Un organisme public ne peut pas invoquer');
    expect(el('proc-purposes-1').textContent).toContain('Incohérence');

    el('proc-purposes-1-is_main').click();
    flushSync();
    expect(el<HTMLInputElement>('proc-purposes-0-is_main').checked).toBe(false);

    remove2.click();
    flushSync();
    expect(document.getElementById('proc-purposes-1')).toBeNull();
    // The removed purpose was the main one: the first one left takes over.
    expect(el<HTMLInputElement>('proc-purposes-0-is_main').checked).toBe(true);
    // Its gap went with it.
    expect(document.querySelector('#proc-step-purposes')?.textContent).not.toContain('intérêt légitime.');
  });

  it('a gap of the panel goes to its step and focuses its field', async () => {
    await open();
    const button = Array.from(document.querySelectorAll<HTMLButtonElement>('#proc-completeness button')).find((b) =>
      b.textContent?.includes('organisme public'),
    );
    expect(button).toBeDefined();
    button!.click();
    await vi.waitFor(() => expect(document.activeElement?.id).toBe('proc-purposes-1-legal_basis'));
    expect(el('proc-stepnav-purposes').getAttribute('aria-current')).toBe('step');
    const panel = el('proc-completeness').textContent ?? '';
    expect(panel).toContain('Obligatoire (art. 30)');
    expect(panel).toContain('Incohérence');
    expect(panel).toContain('Critère 7');
    expect(panel).toContain('module AIPD');
  });

  it('offers "Complet" only when the core says the entry is ready', async () => {
    await open();
    el('proc-stepnav-review').click();
    await tick();
    flushSync();
    const values = () => Array.from(el<HTMLSelectElement>('proc-status').options).map((o) => o.value);
    expect(values()).toEqual(['draft', 'validated_by_dpo']);
    updateAnswer = (p) => ({ saved: true, processing: p, problems: [], completeness: { ...notReady, gaps: [], ready: true, percent: 100 }, transfer_warnings: [] });
    type('proc-dpo_notes', 'RAS');
    await vi.waitFor(() => expect(values()).toEqual(['draft', 'complete', 'validated_by_dpo']), { timeout: 2000 });
  });

  it('brings the security checklist into the entry and autosaves it', async () => {
    form.processing.security = { description: '', measures: [], categories: [] };
    await open();
    el('proc-stepnav-security').click();
    await vi.waitFor(() => expect(document.getElementById('proc-security-from-checklist')).not.toBeNull());
    expect(el('proc-security-note').textContent).toMatch(/2 mesure\(s\) en place/);
    el('proc-security-from-checklist').click();
    await vi.waitFor(() => expect(calls.some(([c]) => c === 'processing_update')).toBe(true), { timeout: 2000 });
    const sent = calls.filter(([c]) => c === 'processing_update').pop()?.[1]?.processing as Processing;
    expect(sent.security.categories).toEqual(['backup', 'access_control']);
    expect(sent.security.description).toBe('Liste de contrôle : 2 mesures.');
  });

  it('shows the linked third party contract, the country zone and the transfer warning', async () => {
    await open();
    el('proc-stepnav-recipients').click();
    await tick();
    flushSync();
    expect(el('proc-recipients-0-contract').textContent).toContain('fr:art28_signed');
    el('proc-stepnav-transfers').click();
    await tick();
    flushSync();
    const zone = el('proc-transfers-0-zone').textContent ?? '';
    expect(zone).toContain('adéquation partielle');
    expect(zone).toContain('23 novembre 2026');
    expect(zone).toContain('DPF');
    expect(el('proc-transfers-0').textContent).toContain('Aucune garantie pour ce transfert.');
  });

  it('creates a processor from a recipient and links it', async () => {
    await open();
    el('proc-stepnav-recipients').click();
    await tick();
    flushSync();
    el('proc-recipients-0-create').click();
    flushSync();
    expect(el<HTMLInputElement>('proc-newtp-name').value).toBe('Cabinet');
    type('proc-newtp-name', 'Hébergeur Web');
    el('proc-newtp-create').click();
    await vi.waitFor(() => expect(calls.some(([c]) => c === 'third_party_save')).toBe(true));
    const tp = calls.find(([c]) => c === 'third_party_save')?.[1]?.thirdParty as ThirdParty;
    expect(tp).toMatchObject({ name: 'Hébergeur Web', kind: 'processor', contract_status: null });
    await vi.waitFor(() => expect(el<HTMLSelectElement>('proc-recipients-0-third_party').value).toBe(tp.id));
  });
});

describe('compact full form', () => {
  it('shows every step on one page, help behind "?", and remembers the choice', async () => {
    await open();
    el('proc-mode').click();
    flushSync();
    expect(el('proc-mode').getAttribute('aria-pressed')).toBe('true');
    expect(document.querySelectorAll('section.step')).toHaveLength(10);
    expect(localStorage.getItem('greffier.register.editor.compact')).toBe('1');
    expect(document.getElementById('proc-name-help')).toBeNull();
    const toggle = el('proc-name').closest('.q')!.querySelector<HTMLButtonElement>('.help-toggle')!;
    expect(toggle.getAttribute('aria-label')).toContain('Nom du traitement');
    toggle.click();
    flushSync();
    expect(el('proc-name-help').textContent).toContain('Exemple');
    expect(el('proc-name').getAttribute('aria-describedby')).toBe('proc-name-help');

    unmount(component!);
    component = null;
    document.body.innerHTML = '';
    await open();
    expect(document.querySelectorAll('section.step')).toHaveLength(10);
  });
});

describe('drafts and language', () => {
  it('shows the draft with Reprendre / Abandonner', async () => {
    const draft = { ...processing(), name: 'Brouillon de paie' };
    form = { ...form, draft: draft as unknown as Record<string, unknown> };
    await open();
    expect(el<HTMLInputElement>('proc-name').value).toBe('Brouillon de paie');
    expect(store.save).toBe('draft');
    expect(el('proc-draft-notice')).not.toBeNull();
    el('proc-discard-draft').click();
    await vi.waitFor(() => expect(calls.some(([c]) => c === 'processing_discard_draft')).toBe(true));
    await vi.waitFor(() => expect(el<HTMLInputElement>('proc-name').value).toBe('Gestion de la paie'));
    expect(document.getElementById('proc-draft-notice')).toBeNull();
  });

  it('switches language everywhere, core texts included', async () => {
    await open();
    applyLang('en');
    flushSync();
    expect(el('proc-stepnav-identity').textContent).toContain('Identity');
    expect(el('proc-name-help').textContent).toContain('Example');
    expect(el<HTMLSelectElement>('proc-role').selectedOptions[0].textContent).toBe('en:controller');
    expect(el('proc-completeness').textContent).toContain('A public body cannot rely on legitimate interests.');
    applyLang('fr');
  });
});
