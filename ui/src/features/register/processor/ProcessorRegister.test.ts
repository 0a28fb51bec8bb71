// @vitest-environment jsdom
import { flushSync, mount, tick, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ThirdParty } from '../model';
import type { ProcessorActivity, ProcessorActivitySave } from '../processorApi';

const opt = (values: string[]) => values.map((v) => ({ value: v, label_fr: `fr:${v}`, label_en: `en:${v}` }));
const OPTIONS = {
  role: [],
  legal_basis: [],
  data_subject_category: [],
  data_category: [],
  special_category: [],
  art9_exception: [],
  data_origin: [],
  collection_means: [],
  recipient_kind: [],
  status: [],
  final_disposal: [],
  time_unit: [],
  safeguard: opt(['adequacy_decision', 'standard_contractual_clauses', 'none']),
  security_category: opt(['access_control', 'backup', 'encryption']),
  third_party_kind: opt(['processor', 'client', 'other']),
  contract_status: [],
};
const COUNTRIES = {
  updated: '2026-11-23',
  countries: [
    { code: 'US', name_fr: 'États-Unis', name_en: 'United States', zone: 'partially_adequate', note_fr: 'Seulement DPF.', note_en: 'DPF only.', source: 's' },
    { code: 'FR', name_fr: 'France', name_en: 'France', zone: 'eu', note_fr: '', note_en: '', source: 's' },
  ],
};
const person = { civility: null, first_name: '', last_name: '', role: '', email: null, phone: null };
const EDITEUR: ThirdParty = {
  id: '11111111-1111-4111-8111-111111111111',
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
  name: 'Éditeur du logiciel de paie',
  kind: 'processor',
  siren: null,
  address: { lines: [], postcode: '', city: '', country: 'FR' },
  contact: person,
  contract_status: null,
  contract_date: null,
  has_dpo: false,
  dpo_contact: person,
  notes: '',
};

function stored(id: string, name: string): ProcessorActivity {
  return {
    id,
    created_at: '2026-11-20T10:00:00Z',
    updated_at: '2026-11-20T10:00:00Z',
    name,
    reference: '',
    description: '',
    clients: [],
    sub_processors: [],
    sub_processors_details: '',
    transfers: [],
    security: { description: '', measures: [], categories: [] },
    notes: '',
    archived: false,
  };
}

let db: Map<string, ProcessorActivity>;
let drafts: Map<string, unknown>;
let updateAnswer: (a: ProcessorActivity) => ProcessorActivitySave;
const calls: Array<[string, Record<string, unknown> | undefined]> = [];

vi.mock('@tauri-apps/api/core', () => ({
  invoke: vi.fn(async (cmd: string, args?: Record<string, unknown>) => {
    calls.push([cmd, args]);
    switch (cmd) {
      case 'processor_activities':
        return [...db.values()].map((a) => structuredClone(a)).sort((a, b) => a.name.localeCompare(b.name));
      case 'processor_activity_create': {
        const id = `pa-${db.size + 1}`;
        db.set(id, stored(id, String(args?.name)));
        return id;
      }
      case 'processor_activity_form': {
        const id = String(args?.id);
        return { activity: structuredClone(db.get(id)), draft: drafts.get(id) ?? null, problems: [] };
      }
      case 'processor_activity_update':
        return updateAnswer(structuredClone(args?.activity as ProcessorActivity));
      case 'processor_activity_discard_draft': {
        const id = String(args?.id);
        drafts.delete(id);
        return { activity: structuredClone(db.get(id)), draft: null, problems: [] };
      }
      case 'processor_activity_delete':
        db.delete(String(args?.id));
        return null;
      case 'register_options':
        return OPTIONS;
      case 'countries':
        return COUNTRIES;
      case 'third_parties':
        return [EDITEUR];
      case 'register_list':
        return { rows: [], counts: { total: 0, archived: 0, drafts: 0, complete: 0, validated: 0, overdue: 0, sensitive: 0 } };
      case 'register_obligations': {
        const v = { required: true, reasons: [], note_fr: '', note_en: '' };
        return { register: v, dpo: v };
      }
      default:
        throw new Error(`unexpected command ${cmd}`);
    }
  }),
}));

const { default: ProcessorRegister } = await import('../ProcessorRegister.svelte');
const { default: RegisterPage } = await import('../RegisterPage.svelte');
const { app: store } = await import('../../../lib/app.svelte');
const { applyLang } = await import('../../../i18n/index.svelte');
const { resetEditorCaches } = await import('../editorApi');

let component: Record<string, unknown> | null = null;

const el = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

function type(id: string, value: string) {
  const input = el<HTMLInputElement>(id);
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  flushSync();
}

async function settle() {
  await tick();
  flushSync();
}

async function openEditorOf(name: string) {
  const button = await vi.waitFor(() => {
    const b = document.querySelector<HTMLButtonElement>(`[data-pa-open-name="${name}"]`);
    expect(b).not.toBeNull();
    return b!;
  });
  button.click();
  await vi.waitFor(() => expect(el('pa-form')).not.toBeNull());
  await vi.waitFor(() => expect(document.querySelector('#pa-security-categories-backup')).not.toBeNull());
  await settle();
}

beforeEach(() => {
  calls.length = 0;
  db = new Map();
  drafts = new Map();
  resetEditorCaches();
  applyLang('fr');
  HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
  HTMLDialogElement.prototype.close ??= function (this: HTMLDialogElement) {
    this.removeAttribute('open');
  };
  updateAnswer = (a) => {
    const saved = { ...a, updated_at: '2026-11-24T09:00:00Z' };
    db.set(a.id, saved);
    return { saved: true, activity: saved, problems: [] };
  };
});

afterEach(() => {
  if (component) unmount(component);
  component = null;
  document.body.innerHTML = '';
});

describe('register page switch', () => {
  it('shows the controller register first, then the processor register with its explanation', async () => {
    component = mount(RegisterPage, { target: document.body });
    await vi.waitFor(() => expect(el('register')).not.toBeNull());
    expect(el('register-tab-controller').getAttribute('aria-pressed')).toBe('true');
    expect(el('register-tab-processor').getAttribute('aria-pressed')).toBe('false');
    expect(el('register-new')).not.toBeNull();

    el('register-tab-processor').click();
    await vi.waitFor(() => expect(el('processor-register')).not.toBeNull());
    expect(el('register')).toBeNull();
    expect(el('register-tab-processor').getAttribute('aria-pressed')).toBe('true');
    expect(el('register-tab-controller').getAttribute('aria-pressed')).toBe('false');
    await vi.waitFor(() => expect(document.activeElement?.id).toBe('register-tab-processor'));
    expect(el('processor-register-lead').textContent).toContain('pour le compte de clients');
    await vi.waitFor(() => expect(el('processor-empty-new')).not.toBeNull());

    el('register-tab-controller').click();
    await vi.waitFor(() => expect(el('register')).not.toBeNull());
    expect(el('processor-register')).toBeNull();
  });
});

describe('processor register', () => {
  it('creates an activity, edits it with autosave, and lists it', async () => {
    component = mount(ProcessorRegister, { target: document.body, props: {} });
    await vi.waitFor(() => expect(el('processor-empty-new')).not.toBeNull());
    el('processor-empty-new').click();
    await settle();
    type('processor-new-name', 'Paie pour les communes adhérentes');
    el<HTMLFormElement>('processor-new-form').requestSubmit();
    await vi.waitFor(() => expect(el('pa-form')).not.toBeNull());
    await vi.waitFor(() => expect(el('pa-title').textContent).toBe('Paie pour les communes adhérentes'));
    await vi.waitFor(() => expect(document.querySelector('#pa-sub_processors-' + EDITEUR.id)).not.toBeNull());
    expect(store.save).toBe('saved');
    expect(el('pa-name').getAttribute('aria-describedby')).toBe('pa-name-help');
    // Every section has a legend and its help text.
    for (const s of ['identity', 'categories', 'clients', 'sub_processors', 'transfers', 'security', 'notes']) {
      expect(el(`pa-section-${s}`).querySelector('legend')?.textContent?.trim()).not.toBe('');
      expect(el(`pa-section-${s}-intro`).textContent).toContain('Exemple');
    }

    el('pa-clients-add').click();
    await vi.waitFor(() => expect(document.activeElement?.id).toBe('pa-clients-0-name'));
    type('pa-clients-0-name', 'Commune de Saint-Quentin-la-Poterie');
    type('pa-clients-0-contact-email', 'mairie@example.fr');
    type('pa-clients-0-operations', 'Paie des agents');
    (el<HTMLInputElement>(`pa-sub_processors-${EDITEUR.id}`)).click();
    (el<HTMLInputElement>('pa-security-categories-backup')).click();
    flushSync();
    expect(store.save).toBe('saving');
    await vi.waitFor(() => expect(calls.some(([c]) => c === 'processor_activity_update')).toBe(true), { timeout: 2000 });
    await vi.waitFor(() => expect(store.save).toBe('saved'));
    const updates = calls.filter(([c]) => c === 'processor_activity_update');
    expect(updates).toHaveLength(1);
    const sent = updates[0][1]?.activity as ProcessorActivity;
    expect(sent.clients).toEqual([
      {
        name: 'Commune de Saint-Quentin-la-Poterie',
        contact: { email: 'mairie@example.fr', phone: null, address: { lines: [], postcode: '', city: '', country: 'FR' } },
        third_party: null,
        operations: 'Paie des agents',
      },
    ]);
    expect(sent.sub_processors).toEqual([EDITEUR.id]);
    expect(sent.security.categories).toEqual(['backup']);

    el('pa-close').click();
    await vi.waitFor(() => expect(el('processor-table')).not.toBeNull());
    expect(el('processor-table').textContent).toContain('Paie pour les communes adhérentes');
    expect(el('processor-table').textContent).toContain('Commune de Saint-Quentin-la-Poterie');
    expect(el('processor-table').textContent).toContain('Éditeur du logiciel de paie');
    await vi.waitFor(() => expect(document.activeElement?.getAttribute('data-pa-open-name')).toBe('Paie pour les communes adhérentes'));
  });

  it('shows the core problems next to their field and keeps the draft state', async () => {
    db.set('pa-1', stored('pa-1', 'Hébergement'));
    updateAnswer = (a) => ({
      saved: false,
      activity: db.get(a.id)!,
      problems: [
        { path: '/clients/0/contact/email', code: 'email', message_fr: 'Adresse de courriel invalide.', message_en: 'Invalid e-mail address.' },
      ],
    });
    component = mount(ProcessorRegister, { target: document.body, props: {} });
    await openEditorOf('Hébergement');
    el('pa-clients-add').click();
    await settle();
    type('pa-clients-0-contact-email', 'pas-un-courriel');
    await vi.waitFor(() => expect(store.save).toBe('draft'), { timeout: 2000 });
    flushSync();
    const email = el<HTMLInputElement>('pa-clients-0-contact-email');
    expect(email.getAttribute('aria-invalid')).toBe('true');
    expect(email.getAttribute('aria-describedby')).toContain('pa-clients-0-contact-email-error');
    expect(el('pa-clients-0-contact-email-error').textContent).toContain('Adresse de courriel invalide');
    expect(el('pa-problems').textContent).toContain('Clients');

    // Removing the client drops its problem at once.
    el('pa-clients-0-remove').click();
    await settle();
    expect(el('pa-problems')).toBeNull();
  });

  it('offers to resume or discard a stored draft', async () => {
    db.set('pa-1', stored('pa-1', 'Hébergement'));
    drafts.set('pa-1', { ...stored('pa-1', ''), reference: 'H-01' });
    component = mount(ProcessorRegister, { target: document.body, props: {} });
    await openEditorOf('Hébergement');
    expect(el('pa-draft-notice')).not.toBeNull();
    expect(el<HTMLInputElement>('pa-reference').value).toBe('H-01');
    expect(store.save).toBe('draft');
    el('pa-discard-draft').click();
    await vi.waitFor(() => expect(el('pa-draft-notice')).toBeNull());
    expect(el<HTMLInputElement>('pa-reference').value).toBe('');
    expect(el<HTMLInputElement>('pa-name').value).toBe('Hébergement');
    expect(store.save).toBe('saved');
  });

  it('adds a transfer with the country list and the safeguards of the core', async () => {
    db.set('pa-1', stored('pa-1', 'Hébergement'));
    component = mount(ProcessorRegister, { target: document.body, props: {} });
    await openEditorOf('Hébergement');
    el('pa-transfers-add').click();
    await vi.waitFor(() => expect(document.activeElement?.id).toBe('pa-transfers-0-recipient'));
    const country = el<HTMLSelectElement>('pa-transfers-0-country');
    expect([...country.options].map((o) => o.value)).toEqual(['', 'US', 'FR']);
    country.value = 'US';
    country.dispatchEvent(new Event('change', { bubbles: true }));
    flushSync();
    expect(el('pa-transfers-0-zone').textContent).toContain('Seulement DPF');
    const safeguard = el<HTMLSelectElement>('pa-transfers-0-safeguard');
    expect([...safeguard.options].map((o) => o.value)).toEqual(['', 'adequacy_decision', 'standard_contractual_clauses', 'none']);
    await vi.waitFor(() => expect(store.save).toBe('saved'), { timeout: 2000 });
    const sent = calls.filter(([c]) => c === 'processor_activity_update').at(-1)?.[1]?.activity as ProcessorActivity;
    expect(sent.transfers).toEqual([{ recipient: '', country: 'US', safeguard: null, documentation: '' }]);
  });

  it('deletes after a confirmation, from the list or from the editor', async () => {
    db.set('pa-1', stored('pa-1', 'Hébergement'));
    db.set('pa-2', stored('pa-2', 'Paie'));
    component = mount(ProcessorRegister, { target: document.body, props: {} });
    await vi.waitFor(() => expect(el('processor-table')).not.toBeNull());
    const del = document.querySelector<HTMLButtonElement>('[data-pa-delete="Paie"]')!;
    expect(del.getAttribute('aria-label')).toBe('Supprimer Paie');
    del.click();
    await settle();
    expect(el('processor-delete-dialog').textContent).toContain('Paie');
    expect(calls.some(([c]) => c === 'processor_activity_delete')).toBe(false);
    el('processor-delete-confirm').click();
    await vi.waitFor(() => expect(document.querySelector('[data-pa-open-name="Paie"]')).toBeNull());
    expect(db.has('pa-2')).toBe(false);

    await openEditorOf('Hébergement');
    el('pa-delete').click();
    await vi.waitFor(() => expect(el('processor-delete-confirm')).not.toBeNull());
    el('processor-delete-confirm').click();
    await vi.waitFor(() => expect(el('processor-empty-new')).not.toBeNull());
    expect(db.size).toBe(0);
  });

  it('hides archived activities unless asked', async () => {
    db.set('pa-1', { ...stored('pa-1', 'Ancienne activité'), archived: true });
    db.set('pa-2', stored('pa-2', 'Paie'));
    component = mount(ProcessorRegister, { target: document.body, props: {} });
    await vi.waitFor(() => expect(el('processor-table')).not.toBeNull());
    expect(document.querySelector('[data-pa-open-name="Ancienne activité"]')).toBeNull();
    el('processor-archived').click();
    await settle();
    expect(document.querySelector('[data-pa-open-name="Ancienne activité"]')).not.toBeNull();
    expect(el('processor-table').textContent).toContain('Archivée');
  });
});
