// @vitest-environment jsdom
import { flushSync, mount, tick, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CONSULTATION_KEY, NOTICE_KEY, catalogue, designation } from './fixtures.test-support';
import type { DocumentsView, DpoDesignationView } from './api';

const calls: Array<[string, Record<string, unknown> | undefined]> = [];
let list: DocumentsView;
let sheet: DpoDesignationView;
let exportAnswer: string | null | { code: string; message_fr: string; message_en: string; problems: [] } = null;

vi.mock('@tauri-apps/api/core', () => ({
  invoke: vi.fn(async (cmd: string, args?: Record<string, unknown>) => {
    calls.push([cmd, args]);
    switch (cmd) {
      case 'documents_list':
        return structuredClone(list);
      case 'dpo_designation':
        return structuredClone(sheet);
      case 'document_export': {
        if (exportAnswer && typeof exportAnswer === 'object') throw exportAnswer;
        if (exportAnswer) {
          // The shell notes the generation: the next list shows it.
          const doc = list.documents.find((d) => d.key === args?.key);
          if (doc) doc.last_generated = { at: '2026-11-24T10:45:00Z', format: args?.format as 'pdf' };
        }
        return exportAnswer;
      }
      default:
        throw new Error(`unexpected command ${cmd}`);
    }
  }),
}));

const { default: DocumentsPage } = await import('./DocumentsPage.svelte');
const { applyLang } = await import('../../i18n/index.svelte');
const { toasts } = await import('../../lib/toast.svelte');
const { app } = await import('../../lib/app.svelte');

let component: Record<string, unknown> | null = null;
const q = <T extends HTMLElement = HTMLElement>(css: string) => document.querySelector(css) as T | null;
const norm = (s: string | null | undefined) => (s ?? '').replace(/[\u00a0\u202f]/g, ' ').replace(/\s+/g, ' ').trim();
const text = (e: Element | null) => norm(e?.textContent);
const toastTexts = () => toasts.items.map((t) => norm(t.text));
const card = (key: string) => q(`[data-doc="${key}"]`);
const exportButton = (key: string, format: string) => q<HTMLButtonElement>(`[data-doc="${key}"] [data-export="${format}"]`);

async function open() {
  component = mount(DocumentsPage, { target: document.body });
  await vi.waitFor(() => expect(card('register')).not.toBeNull());
  flushSync();
}

beforeEach(() => {
  calls.length = 0;
  list = catalogue();
  sheet = designation();
  exportAnswer = null;
  toasts.clear();
  applyLang('fr');
  app.page = 'documents';
  // The fake timezone of the tests is UTC unless set otherwise; the dates below are read in local time.
  process.env.TZ = 'UTC';
});

afterEach(() => {
  if (component) unmount(component);
  component = null;
  document.body.innerHTML = '';
});

describe('Documents page', () => {
  it('shows the groups in the screen’s order, each card with its purpose, destination and last generation', async () => {
    await open();
    const groups = [...document.querySelectorAll('[data-group]')].map((e) => (e as HTMLElement).dataset.group);
    expect(groups).toEqual(['compliance', 'teleservices', 'aipd', 'breaches', 'hand_over']);
    expect(text(q('#documents-group-teleservices'))).toBe('Téléservices de la CNIL');
    expect(text(q('#documents-group-hand_over'))).toBe('Documents à remettre');
    expect(text(q('#documents-offline'))).toMatch(/Rien n’est envoyé sur Internet/);
    const register = text(card('register'));
    expect(register).toMatch(/Dernière génération : le \d\d\/11\/2026 à \d\d:32 \(PDF\)/);
    expect(text(card('security'))).toContain('Jamais généré');
    expect(text(card('dpo-designation'))).toContain('Pour : Téléservice « Désigner un DPO » de la CNIL');
    // One button per format, in the core's order, with our labels.
    const labels = [...card('register')!.querySelectorAll('[data-export]')].map((b) => text(b));
    expect(labels).toEqual(['PDF', 'Word', 'ODT', 'Tableur ODS', 'Tableur Excel', 'CSV']);
    expect([...card(CONSULTATION_KEY)!.querySelectorAll('[data-export]')].map((b) => text(b))).toEqual(['Dossier', 'Archive ZIP']);
  });

  it('lists what is missing, with a way to the page when the place is known', async () => {
    await open();
    const dpo = card('dpo-designation')!;
    expect(text(dpo)).toContain('À compléter avant de l’envoyer :');
    const go = dpo.querySelector<HTMLButtonElement>('[data-go]')!;
    expect(go.dataset.go).toBe('organisation');
    expect(text(go)).toBe('Compléter dans Organisme › Délégué à la protection des données');
    // An unknown place is said as text, not as a link.
    const notice = card(NOTICE_KEY)!;
    expect(notice.querySelector('[data-go]')).toBeNull();
    expect(text(notice)).toContain('Durée de conservation (dans Fiche inconnue)');
    go.click();
    await vi.waitFor(() => expect(app.page).toBe('organisation'));
  });

  it('disables every format of a document that cannot be made, and says why', async () => {
    await open();
    const pack = card(CONSULTATION_KEY)!;
    expect(text(pack)).toContain('Ce document ne peut pas encore être créé :');
    expect(text(pack)).toContain('Un risque résiduel élevé');
    for (const f of ['folder', 'zip']) {
      const b = exportButton(CONSULTATION_KEY, f)!;
      expect(b.disabled).toBe(true);
      const reason = document.getElementById(b.getAttribute('aria-describedby') ?? '');
      expect(text(reason)).toMatch(/indisponibles tant que ce qui manque/);
    }
    expect(exportButton('register', 'pdf')!.disabled).toBe(false);
    expect(exportButton('register', 'pdf')!.getAttribute('aria-describedby')).toBeNull();
  });

  it('filters by words of the title, purpose or destination, accents ignored, and announces the count', async () => {
    await open();
    const input = q<HTMLInputElement>('#documents-filter')!;
    expect(text(q('#documents-count'))).toBe('7 documents affichés sur 7');
    expect(q('#documents-count')!.getAttribute('aria-live')).toBe('polite');
    input.value = 'salaries';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    flushSync();
    expect([...document.querySelectorAll('[data-doc]')].map((e) => (e as HTMLElement).dataset.doc)).toEqual([NOTICE_KEY]);
    expect(text(q('#documents-count'))).toBe('1 document affiché sur 7');
    expect([...document.querySelectorAll('[data-group]')].map((e) => (e as HTMLElement).dataset.group)).toEqual(['hand_over']);
    input.value = 'registre violations';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    flushSync();
    expect([...document.querySelectorAll('[data-doc]')].map((e) => (e as HTMLElement).dataset.doc)).toEqual(['breach-register']);
    input.value = 'zzz';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    flushSync();
    expect(text(q('#documents-none'))).toContain('Aucun document ne correspond à « zzz »');
    q<HTMLButtonElement>('#documents-filter-clear')!.click();
    flushSync();
    expect(document.querySelectorAll('[data-doc]').length).toBe(7);
  });

  it('makes a document: the key and format go to the shell, the toast gives the path, the card is refreshed', async () => {
    await open();
    exportAnswer = '/home/u/Rapport de sécurité.docx';
    exportButton('security', 'docx')!.click();
    await vi.waitFor(() => expect(toastTexts()).toContain('Document enregistré : /home/u/Rapport de sécurité.docx'));
    expect(calls.filter(([c]) => c === 'document_export')).toEqual([['document_export', { key: 'security', format: 'docx' }]]);
    await vi.waitFor(() => expect(text(card('security'))).toMatch(/Dernière génération : le \d\d\/11\/2026 à \d\d:45 \(Word\)/));
    expect(calls.filter(([c]) => c === 'documents_list').length).toBe(2);
  });

  it('a cancelled dialog changes nothing; an error is shown', async () => {
    await open();
    exportAnswer = null;
    exportButton('register', 'csv')!.click();
    await vi.waitFor(() => expect(calls.some(([c]) => c === 'document_export')).toBe(true));
    await tick();
    expect(toasts.items).toEqual([]);
    expect(calls.filter(([c]) => c === 'documents_list').length).toBe(1);
    await vi.waitFor(() => expect(exportButton('register', 'pdf')!.disabled).toBe(false));
    exportAnswer = { code: 'folder_exists', message_fr: 'Un dossier « Pack » existe déjà à cet endroit.', message_en: 'Exists.', problems: [] };
    exportButton('register', 'pdf')!.click();
    await vi.waitFor(() => expect(toastTexts()).toContain('Un dossier « Pack » existe déjà à cet endroit.'));
    expect(exportButton('register', 'pdf')!.disabled).toBe(false);
  });

  it('says when the dossier is read-only', async () => {
    list.read_only = true;
    await open();
    expect(text(q('#documents-read-only'))).toContain('lecture seule');
  });
});

describe('DPO designation view', () => {
  async function openDpo() {
    await open();
    q<HTMLButtonElement>('#doc-dpo-open')!.click();
    await vi.waitFor(() => expect(q('[data-section="organisation"]')).not.toBeNull());
    flushSync();
  }

  it('shows the verdict, the three conditions and the sections in the service’s order', async () => {
    await openDpo();
    expect(calls.map(([c]) => c)).toContain('dpo_designation');
    expect(text(q('#dpo-title'))).toBe('Désignation du DPO — Boulangerie Martin');
    expect(q('#dpo-obligation')!.dataset.required).toBe('true');
    expect(text(q('#dpo-obligation'))).toContain('Votre organisme est public. (article 37(1)(a) du RGPD)');
    expect([...document.querySelectorAll('[data-condition]')].map((e) => (e as HTMLElement).dataset.condition)).toEqual([
      'skills',
      'means',
      'independence',
    ]);
    expect([...document.querySelectorAll('[data-section]')].map((e) => (e as HTMLElement).dataset.section)).toEqual([
      'organisation',
      'dpo',
      'dpo_organisation',
    ]);
    expect(text(q('[data-section="dpo_organisation"]'))).toContain('Sans objet pour votre organisme.');
    expect(q('[data-section="dpo_organisation"] [data-item]')).toBeNull();
    expect(text(q('#dpo-summary'))).toBe('⚠ Il manque 1 information(s) et 1 est/sont à corriger.');
    expect(text(q('#dpo-designation'))).toContain('téléservice « Désigner un DPO »');
    expect(document.querySelector('#dpo-designation a[href]')).toBeNull();
  });

  it('copies a value with the clipboard API and announces it', async () => {
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    await openDpo();
    const buttons = [...document.querySelectorAll<HTMLButtonElement>('[data-copy]')].map((b) => b.dataset.copy);
    // Only text values are copied: not the empty NAF, not the headcount chosen by ticking.
    expect(buttons).toEqual(['/siren', '/dpo/person/last_name', '/dpo/private_contact/email']);
    q<HTMLButtonElement>('[data-copy="/siren"]')!.click();
    await vi.waitFor(() => expect(text(q('#dpo-copied'))).toBe('Copié : Numéro SIREN'));
    expect(writeText).toHaveBeenCalledWith('732829320');
    expect(q('#dpo-copied')!.getAttribute('aria-live')).toBe('polite');
    expect(text(q('[data-copy="/siren"]'))).toBe('✓ Copier');
    expect(norm(q('[data-copy="/siren"]')!.getAttribute('aria-label'))).toBe('Copier : Numéro SIREN');
    expect(text(q('[data-item="/headcount"]'))).toContain('À cocher dans le formulaire');
  });

  it('falls back to a hidden text area when the clipboard API is missing', async () => {
    Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true });
    let copied = '';
    const exec = vi.fn((cmd: string) => {
      copied = cmd === 'copy' ? (document.querySelector('textarea')?.value ?? '') : '';
      return true;
    });
    Object.defineProperty(document, 'execCommand', { value: exec, configurable: true });
    await openDpo();
    q<HTMLButtonElement>('[data-copy="/dpo/person/last_name"]')!.click();
    await vi.waitFor(() => expect(text(q('#dpo-copied'))).toBe('Copié : Nom'));
    expect(exec).toHaveBeenCalledWith('copy');
    expect(copied).toBe('Martin');
    expect(document.querySelector('textarea')).toBeNull();
  });

  it('flags missing and wrong values with a way to the organisation page', async () => {
    await openDpo();
    const naf = q('[data-item="/naf"]')!;
    expect(naf.dataset.missing).toBe('true');
    expect(text(naf)).toContain('À compléter');
    const email = q('[data-item="/dpo/private_contact/email"]')!;
    expect(email.dataset.invalid).toBe('true');
    expect(text(email)).toContain('Adresse électronique incomplète.');
    expect(q('[data-item="/siren"]')!.querySelector('[data-fix]')).toBeNull();
    const fix = naf.querySelector<HTMLButtonElement>('[data-fix]')!;
    expect(text(fix)).toBe('Compléter dans Organisme');
    fix.click();
    await vi.waitFor(() => expect(app.page).toBe('organisation'));
  });

  it('downloads the sheet as a PDF and comes back to the list', async () => {
    await openDpo();
    exportAnswer = '/home/u/Désignation DPO.pdf';
    q<HTMLButtonElement>('#dpo-download')!.click();
    await vi.waitFor(() => expect(toastTexts()).toContain('Document enregistré : /home/u/Désignation DPO.pdf'));
    expect(calls.filter(([c]) => c === 'document_export')).toEqual([['document_export', { key: 'dpo-designation', format: 'pdf' }]]);
    q<HTMLButtonElement>('#dpo-back')!.click();
    await vi.waitFor(() => expect(card('dpo-designation')).not.toBeNull());
    expect(text(card('dpo-designation'))).toMatch(/Dernière génération : le \d\d\/11\/2026/);
  });

  it('says when no DPO is given yet', async () => {
    sheet.dpo_set = false;
    await openDpo();
    expect(text(q('#dpo-none'))).toContain('Aucun délégué n’est encore indiqué');
  });
});
