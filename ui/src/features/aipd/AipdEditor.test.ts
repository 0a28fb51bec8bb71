// @vitest-environment jsdom
import { flushSync, mount, tick, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { aipd, AIPD_ID, M1, reference, view } from './fixtures.test-support';
import type { Aipd, AipdSave, AipdView } from './model';

const calls: Array<[string, Record<string, unknown> | undefined]> = [];
let current: AipdView;
let answer: (a: Aipd) => AipdSave;

vi.mock('@tauri-apps/api/core', () => ({
  invoke: vi.fn(async (cmd: string, args?: Record<string, unknown>) => {
    calls.push([cmd, args]);
    switch (cmd) {
      case 'aipd_get':
        return structuredClone(current);
      case 'aipd_update':
        return answer(args?.aipd as Aipd);
      case 'aipd_discard_draft':
        return { ...structuredClone(current), draft: null, problems: [] };
      case 'aipd_transition': {
        const v = structuredClone(current);
        v.aipd.status = 'awaiting_validation';
        return v;
      }
      case 'aipd_new_version':
        return 'a-v2';
      case 'aipd_export':
        return '/home/marie/AIPD.pdf';
      default:
        throw new Error(`unexpected command ${cmd}`);
    }
  }),
}));

const { default: AipdEditor } = await import('./AipdEditor.svelte');
const { applyLang } = await import('../../i18n/index.svelte');
const { app: store } = await import('../../lib/app.svelte');
const { toasts } = await import('../../lib/toast.svelte');

let component: Record<string, unknown> | null = null;
let opened: string[] = [];
let closed = 0;
const el = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const text = (e: Element | null) => (e?.textContent ?? '').replace(/[\u00a0\u202f]/g, ' ').replace(/\s+/g, ' ').trim();
const sent = () => calls.filter(([c]) => c === 'aipd_update').map(([, a]) => a?.aipd as Aipd);

function type(id: string, value: string) {
  const input = el<HTMLInputElement>(id);
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  flushSync();
}

async function open() {
  component = mount(AipdEditor, {
    target: document.body,
    props: { id: AIPD_ID, reference: reference(), onclose: () => (closed += 1), onopen: (id: string) => opened.push(id) },
  });
  await vi.waitFor(() => expect(el('aipd-ed-status')).not.toBeNull());
  flushSync();
}

async function part(name: string) {
  el(`aipd-nav-${name}`).click();
  await vi.waitFor(() => expect(el(`aipd-part-${name}-title`)).not.toBeNull());
  flushSync();
}

beforeEach(() => {
  calls.length = 0;
  opened = [];
  closed = 0;
  applyLang('fr');
  toasts.clear();
  current = view();
  answer = (a) => ({ ...view(a), saved: true });
  HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
  HTMLDialogElement.prototype.close ??= function (this: HTMLDialogElement) {
    this.removeAttribute('open');
  };
});

afterEach(async () => {
  if (component) unmount(component);
  component = null;
  document.body.innerHTML = '';
  await tick();
});

describe('AIPD editor', () => {
  it('shows the head, the parts with their progress in words, and the context pre-filled', async () => {
    await open();
    await part('context');
    expect(text(el('aipd-ed-title'))).toBe('AIPD – Vidéoprotection');
    expect(text(el('aipd-ed-status'))).toBe('Statut : En cours');
    expect(text(el('aipd-ed-version'))).toBe('Version 1');
    expect(text(el('aipd-ed-percent'))).toBe('Avancement : 8 %');
    expect(text(el('aipd-nav-context'))).toContain('2 sur 6 complété(s)');
    expect(text(el('aipd-nav-context'))).toContain('2 à évaluer');
    expect(text(el('aipd-nav-measures'))).toContain('1 sur 1 complété(s)');
    expect(text(el('aipd-nav-map'))).toContain('0 risque(s) placé(s)');
    expect(el<HTMLTextAreaElement>('aipd-context-overview').value).toBe('Caméras sur la place de la mairie.');
    expect(el<HTMLTextAreaElement>('aipd-context-responsibilities').value).toBe('');
    expect(el('aipd-context-responsibilities').getAttribute('aria-describedby')).toBe('aipd-context-responsibilities-help');
    expect(text(el('aipd-processings'))).toBe('Vidéoprotection');
    // the two evaluations of the context
    expect(document.querySelectorAll('#aipd-part-context fieldset.evaluation')).toHaveLength(2);
    expect(el<HTMLButtonElement>('aipd-ed-submit').disabled).toBe(true);
    expect(text(el('aipd-ed-submit-why'))).toContain('Remplissez et faites évaluer');
  });

  it('autosaves an answer, adding it by its key and keeping the others', async () => {
    await open();
    await part('context');
    type('aipd-context-responsibilities', 'La commune ; l’installateur est sous-traitant.');
    expect(store.save).toBe('saving');
    await vi.waitFor(() => expect(sent()).toHaveLength(1), { timeout: 2000 });
    expect(sent()[0].context.answers).toEqual([
      { key: 'overview', text: 'Caméras sur la place de la mairie.' },
      { key: 'data', text: 'Images des passants, gardées 30 jours.' },
      { key: 'responsibilities', text: 'La commune ; l’installateur est sous-traitant.' },
    ]);
    await vi.waitFor(() => expect(store.save).toBe('saved'));
  });

  it('takes a gap to its field, in its part', async () => {
    await open();
    const gap = document.querySelector<HTMLElement>('[data-gap-path="/principles/0/evaluation"]')!;
    expect(text(gap)).toContain('Durées de conservation');
    gap.click();
    await vi.waitFor(() => expect(document.activeElement?.id).toBe('aipd-principle-retention-evaluation'));
    expect(el('aipd-nav-principles').getAttribute('aria-current')).toBe('step');
    document.querySelector<HTMLElement>('[data-gap-path="/context/answers"]')!.click();
    await vi.waitFor(() => expect(document.activeElement?.id).toBe('aipd-context-responsibilities'));
  });

  it('answers a principle, marks it « Sans objet », and groups them as the CNIL does', async () => {
    await open();
    await part('principles');
    expect(document.querySelectorAll('#aipd-part-principles fieldset.principle')).toHaveLength(12);
    expect(text(el('aipd-principles-proportionality-title'))).toBe('2.1 Proportionnalité et nécessité');
    expect(el<HTMLTextAreaElement>('aipd-principle-retention').value).toBe('30 jours');
    el('aipd-principle-consent-na').click();
    await vi.waitFor(() => expect(sent()).toHaveLength(1), { timeout: 2000 });
    expect(sent()[0].principles).toEqual([
      { key: 'retention', text: '30 jours', not_applicable: false, evaluation: null },
      { key: 'consent', text: '', not_applicable: true, evaluation: null },
    ]);
  });

  it('adds measures from the choices, without adding one twice', async () => {
    await open();
    await part('measures');
    el('aipd-measures-add').click();
    flushSync();
    const present = document.querySelector<HTMLInputElement>('#aipd-measure-picker [data-group="security_item"] input')!;
    expect(present.disabled).toBe(true);
    expect(text(present.parentElement)).toContain('déjà dans l’analyse');
    type('aipd-measure-search', 'chiffr');
    const boxes = document.querySelectorAll<HTMLInputElement>('#aipd-measure-picker input[type="checkbox"]');
    expect(boxes).toHaveLength(1);
    boxes[0].click();
    flushSync();
    expect(text(el('aipd-measure-picker-add'))).toContain('(1)');
    el('aipd-measure-picker-add').click();
    await vi.waitFor(() => expect(sent()).toHaveLength(1), { timeout: 2000 });
    const added = sent()[0].measures[1];
    expect(added.title).toBe('Chiffrement');
    expect(added.origin).toEqual({ type: 'knowledge_base', entry_id: 'kb-chiffrement' });
    expect(added.id).toMatch(/^[0-9a-f-]{36}$/);
    await vi.waitFor(() => expect(document.activeElement?.id).toBe('aipd-measure-1-title'));
  });

  it('asks before removing a measure a risk uses, then removes the link too', async () => {
    await open();
    await part('measures');
    expect(text(document.querySelector(`[data-measure="${M1}"]`))).toContain('Réduit : A — Accès illégitime à des données');
    document.querySelector<HTMLElement>(`[data-remove-measure="${M1}"]`)!.click();
    flushSync();
    expect(text(el('aipd-measure-remove-dialog'))).toContain('reliée à 1 risque(s) : A — Accès illégitime');
    expect(sent()).toHaveLength(0);
    el('aipd-measure-remove-confirm').click();
    await vi.waitFor(() => expect(sent()).toHaveLength(1), { timeout: 2000 });
    expect(sent()[0].measures).toEqual([]);
    expect(sent()[0].risks[0].measures).toEqual([]);
    expect(text(el('aipd-measures-empty'))).toContain('Aucune mesure');
  });

  it('keeps an invalid edit as a draft, with the problem next to its field', async () => {
    answer = () => ({
      ...view(),
      saved: false,
      problems: [{ path: '/title', code: 'required', message_fr: 'Le nom de l’analyse est obligatoire.', message_en: 'Name required.' }],
    });
    await open();
    await part('context');
    type('aipd-title', '');
    await vi.waitFor(() => expect(store.save).toBe('draft'), { timeout: 2000 });
    flushSync();
    expect(el('aipd-title').getAttribute('aria-invalid')).toBe('true');
    expect(text(el('aipd-title-error'))).toContain('obligatoire');
    expect(text(el('aipd-problems'))).toContain('Contexte');
    expect(el<HTMLInputElement>('aipd-title').value).toBe('');
  });

  it('reopens on its draft and can discard it', async () => {
    current = { ...view(), draft: { ...aipd(), title: 'Titre du brouillon' }, problems: [] };
    await open();
    expect(text(el('aipd-ed-title'))).toBe('Titre du brouillon');
    expect(el('aipd-draft-notice')).not.toBeNull();
    el('aipd-discard-draft').click();
    await vi.waitFor(() => expect(text(el('aipd-ed-title'))).toBe('AIPD – Vidéoprotection'));
    expect(calls.some(([c]) => c === 'aipd_discard_draft')).toBe(true);
  });

  it('shows a validated version read-only, with its date, and starts a new version', async () => {
    const a = aipd();
    a.status = 'validated';
    a.validation = {
      validator: 'Mme la maire',
      role: 'Maire',
      validated_on: '2026-11-02',
      context_accurate: true,
      risks_known: true,
      measures_approved: true,
      commitment: true,
      comment: '',
    };
    current = view(a);
    await open();
    await part('context');
    expect(text(el('aipd-ed-readonly'))).toContain('Version validée le 02/11/2026 — lecture seule');
    expect(el<HTMLTextAreaElement>('aipd-context-overview').disabled).toBe(true);
    expect(el<HTMLInputElement>('aipd-title').disabled).toBe(true);
    expect(el('aipd-ed-submit')).toBeNull();
    await part('measures');
    expect(el('aipd-measures-add')).toBeNull();
    expect(el<HTMLInputElement>('aipd-measure-0-title').disabled).toBe(true);
    el('aipd-ed-new-version').click();
    await vi.waitFor(() => expect(opened).toEqual(['a-v2']));
    expect(calls.find(([c]) => c === 'aipd_new_version')?.[1]).toEqual({ id: AIPD_ID });
  });

  it('flags the prior consultation with what it means and the risks that stay high', async () => {
    current = { ...view(), prior_consultation: true, high_risks: [{ id: 'r', label: 'A', title: 'Accès illégitime à des données' }] };
    await open();
    const banner = text(el('aipd-ed-prior'));
    expect(banner).toContain('Consultation préalable de la CNIL requise');
    expect(banner).toContain('au moins un risque reste élevé');
    expect(banner).toContain('A — Accès illégitime à des données');
  });

  it('asks for validation when ready, through the core', async () => {
    current = { ...view(), progress: { ...view().progress, ready_for_validation: true, gaps: [] } };
    await open();
    expect(text(el('aipd-gaps'))).toContain('Prête pour la validation');
    el('aipd-ed-submit').click();
    await vi.waitFor(() => expect(calls.some(([c]) => c === 'aipd_transition')).toBe(true));
    expect(calls.find(([c]) => c === 'aipd_transition')?.[1]).toEqual({ id: AIPD_ID, transition: { type: 'submit' } });
    await vi.waitFor(() => expect(text(el('aipd-ed-status'))).toBe('Statut : En attente de validation'));
    expect(el('aipd-ed-to-validation')).not.toBeNull();
  });

  it('exports through the shell and lists import notes', async () => {
    current = view({ ...aipd(), import_notes: [{ source: 'answers/341', text: 'Question inconnue : caméras piétons.' }] });
    await open();
    expect(text(el('aipd-import-notes'))).toContain('Notes d’import (1)');
    expect(text(el('aipd-import-notes'))).toContain('Origine : answers/341');
    el('aipd-ed-export-pdf').click();
    await vi.waitFor(() => expect(calls.some(([c]) => c === 'aipd_export')).toBe(true));
    expect(calls.find(([c]) => c === 'aipd_export')?.[1]).toEqual({ id: AIPD_ID, format: 'pdf' });
    await vi.waitFor(() => expect(toasts.items.map((t) => t.text).join()).toContain('/home/marie/AIPD.pdf'));
    el('aipd-ed-export-pia').click();
    await vi.waitFor(() => expect(calls.filter(([c]) => c === 'aipd_export')).toHaveLength(2));
    expect(calls.filter(([c]) => c === 'aipd_export')[1][1]).toEqual({ id: AIPD_ID, format: 'pia_json' });
  });
});
