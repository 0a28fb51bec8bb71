// @vitest-environment jsdom
import { flushSync, mount, tick, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AIPD_ID, PROC, reference, screeningView, view } from './fixtures.test-support';
import type { AipdOverview, PiaImportSummary } from './model';

const calls: Array<[string, Record<string, unknown> | undefined]> = [];
let overview: AipdOverview;
let importAnswer: PiaImportSummary | null | Error = null;

vi.mock('@tauri-apps/api/core', () => ({
  invoke: vi.fn(async (cmd: string, args?: Record<string, unknown>) => {
    calls.push([cmd, args]);
    switch (cmd) {
      case 'aipd_overview':
        return structuredClone(overview);
      case 'aipd_reference':
        return reference();
      case 'aipd_create':
        return 'a-new';
      case 'aipd_get':
        return view();
      case 'aipd_screening':
        return { view: screeningView(), draft: null, problems: [] };
      case 'aipd_delete':
        overview.aipds = overview.aipds.filter((a) => a.id !== args?.id);
        return null;
      case 'aipd_import':
        if (importAnswer instanceof Error) throw { code: 'not_a_pia_export', message_fr: 'Ce fichier n’est pas une analyse exportée du logiciel PIA.', message_en: 'Not a PIA export.', problems: [] };
        return importAnswer;
      default:
        throw new Error(`unexpected command ${cmd}`);
    }
  }),
}));

const { default: AipdPage } = await import('./AipdPage.svelte');
const { applyLang } = await import('../../i18n/index.svelte');
const { resetAipdCaches } = await import('./api');
const { toasts } = await import('../../lib/toast.svelte');

const OTHER = 'p0000000-0000-4000-8000-000000000002';

function baseOverview(): AipdOverview {
  return {
    screenings: [
      { processing_id: PROC, processing_name: 'Vidéoprotection', state: 'required', criteria_detected: 2, aipds: [{ id: AIPD_ID, title: 'AIPD – Vidéoprotection', status: 'in_progress', version: 1 }] },
      { processing_id: OTHER, processing_name: 'Paie', state: 'not_screened', criteria_detected: 0, aipds: [] },
    ],
    aipds: [
      { id: AIPD_ID, title: 'AIPD – Vidéoprotection', status: 'in_progress', version: 1, processings: ['Vidéoprotection'], percent: 42, prior_consultation: true, has_draft: false, updated_at: '2026-11-02T08:00:00Z' },
      { id: 'a-validated', title: 'AIPD – Cantine', status: 'validated', version: 2, processings: ['Cantine'], percent: 100, prior_consultation: false, has_draft: false, updated_at: '2026-11-02T08:00:00Z' },
    ],
    dashboard: { to_screen: 1, required_without_aipd: 0, in_progress: 1, awaiting_validation: 0, validated: 1, refused: 0, prior_consultation: ['AIPD – Vidéoprotection'] },
  };
}

let component: Record<string, unknown> | null = null;
const el = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const text = (e: Element | null) => (e?.textContent ?? '').replace(/[\u00a0\u202f]/g, ' ').replace(/\s+/g, ' ').trim();

async function open() {
  component = mount(AipdPage, { target: document.body });
  await vi.waitFor(() => expect(el('aipd-list')).not.toBeNull());
  flushSync();
}

beforeEach(() => {
  calls.length = 0;
  overview = baseOverview();
  importAnswer = null;
  resetAipdCaches();
  toasts.clear();
  applyLang('fr');
  // jsdom has no modal dialogs
  HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
  HTMLDialogElement.prototype.close ??= function (this: HTMLDialogElement) {
    this.removeAttribute('open');
  };
});

afterEach(() => {
  if (component) unmount(component);
  component = null;
  document.body.innerHTML = '';
});

describe('AIPD page', () => {
  it('lists each processing with its screening result in words and the right button', async () => {
    await open();
    const rows = [...document.querySelectorAll('#aipd-screenings tbody tr')];
    expect(rows).toHaveLength(2);
    expect(text(rows[0])).toContain('AIPD requise');
    expect(text(rows[0])).toContain('AIPD – Vidéoprotection (version 1, En cours)');
    expect(text(rows[1])).toContain('Pas encore examiné');
    const review = document.querySelector(`[data-screen="${PROC}"]`)!;
    expect(text(review)).toBe('Revoir');
    expect(text({ textContent: review.getAttribute('aria-label') } as Element)).toBe('Revoir l’analyse préalable de « Vidéoprotection »');
    expect(text(document.querySelector(`[data-screen="${OTHER}"]`))).toBe('Évaluer la nécessité');
    expect(text(el('aipd-screenings-summary'))).toContain('1 traitement(s) à examiner');
  });

  it('shows the analyses with status, version, progress and the prior consultation flag in words', async () => {
    await open();
    const rows = [...document.querySelectorAll('#aipd-list tbody tr')];
    expect(text(rows[0])).toContain('En cours');
    expect(text(rows[0])).toContain('42 %');
    expect(text(document.querySelector(`[data-prior="${AIPD_ID}"]`))).toContain('Consultation préalable requise');
    expect(text(rows[0])).toContain('la CNIL doit être consultée');
    expect(document.querySelector('[data-prior="a-validated"]')).toBeNull();
    // A validated analysis is kept: no delete button, the reason instead.
    expect(document.querySelector('[data-delete-aipd="a-validated"]')).toBeNull();
    expect(text(rows[1])).toContain('Validée : se garde, s’archive');
  });

  it('deletes an analysis after confirmation', async () => {
    await open();
    (document.querySelector(`[data-delete-aipd="${AIPD_ID}"]`) as HTMLElement).click();
    flushSync();
    expect(text(el('aipd-delete-dialog'))).toContain('« AIPD – Vidéoprotection » (version 1)');
    el('aipd-delete-confirm').click();
    await vi.waitFor(() => expect(calls.some(([c]) => c === 'aipd_delete')).toBe(true));
    expect(calls.find(([c]) => c === 'aipd_delete')?.[1]).toEqual({ id: AIPD_ID });
    await vi.waitFor(() => expect(document.querySelectorAll('#aipd-list tbody tr')).toHaveLength(1));
  });

  it('creates a new analysis from chosen processings with a pre-filled name, then opens it', async () => {
    await open();
    el('aipd-new').click();
    flushSync();
    const name = el<HTMLInputElement>('aipd-new-name');
    expect(name.value).toBe('');
    // Nothing ticked: refused with a message linked to the group.
    el('aipd-new-submit').click();
    flushSync();
    expect(text(el('aipd-new-processings-error'))).toContain('Cochez au moins un traitement');
    expect(calls.some(([c]) => c === 'aipd_create')).toBe(false);
    el<HTMLInputElement>(`aipd-new-p-${OTHER}`).click();
    el<HTMLInputElement>(`aipd-new-p-${PROC}`).click();
    flushSync();
    expect(name.value).toBe('AIPD – Vidéoprotection, Paie');
    el('aipd-new-submit').click();
    await vi.waitFor(() => expect(calls.some(([c]) => c === 'aipd_create')).toBe(true));
    // In the register's order, whatever the order of the clicks.
    expect(calls.find(([c]) => c === 'aipd_create')?.[1]).toEqual({ processingIds: [PROC, OTHER], title: 'AIPD – Vidéoprotection, Paie' });
    await vi.waitFor(() => expect(calls.some(([c, a]) => c === 'aipd_get' && a?.id === 'a-new')).toBe(true));
  });

  it('keeps a name the user typed when the processings change', async () => {
    await open();
    el('aipd-new').click();
    flushSync();
    el<HTMLInputElement>(`aipd-new-p-${PROC}`).click();
    flushSync();
    const name = el<HTMLInputElement>('aipd-new-name');
    name.value = 'Caméras du centre-bourg';
    name.dispatchEvent(new Event('input', { bubbles: true }));
    el<HTMLInputElement>(`aipd-new-p-${OTHER}`).click();
    flushSync();
    expect(name.value).toBe('Caméras du centre-bourg');
  });

  it('imports from the PIA software and shows what was kept as notes', async () => {
    importAnswer = {
      id: 'a-imported',
      title: '(Import) Vidéoprotection',
      mapped: 17,
      notes: 3,
      original_status_fr: 'Validée (simple validation)',
      warnings_fr: ['La question 341 est inconnue : gardée en note.'],
      warnings_en: ['Question 341 is unknown: kept as a note.'],
    };
    await open();
    el('aipd-import').click();
    await vi.waitFor(() => expect(el('aipd-import-summary-title')).not.toBeNull());
    const summary = text(el('aipd-import-summary-title').parentElement);
    expect(summary).toContain('17 réponse(s) reprise(s)');
    expect(summary).toContain('3 élément(s) gardé(s) en notes d’import');
    expect(summary).toContain('Statut dans le logiciel PIA : Validée (simple validation)');
    expect(text(el('aipd-import-warnings'))).toContain('La question 341 est inconnue');
    el('aipd-import-open').click();
    await vi.waitFor(() => expect(calls.some(([c, a]) => c === 'aipd_get' && a?.id === 'a-imported')).toBe(true));
  });

  it('says why a foreign file is refused, and a cancelled dialog does nothing', async () => {
    await open();
    el('aipd-import').click();
    await vi.waitFor(() => expect(calls.filter(([c]) => c === 'aipd_import')).toHaveLength(1));
    await tick();
    expect(el('aipd-import-summary-title')).toBeNull();
    expect(toasts.items).toHaveLength(0);
    importAnswer = new Error('foreign');
    await vi.waitFor(() => expect(el<HTMLButtonElement>('aipd-import').disabled).toBe(false));
    el('aipd-import').click();
    await vi.waitFor(() => expect(calls.filter(([c]) => c === 'aipd_import')).toHaveLength(2));
    await vi.waitFor(() => expect(toasts.items.map((t) => t.text).join()).toContain('n’est pas une analyse exportée'));
  });

  it('opens the screening of a processing and comes back to the list', async () => {
    await open();
    (document.querySelector(`[data-screen="${PROC}"]`) as HTMLElement).click();
    await vi.waitFor(() => expect(el('scr-title')).not.toBeNull());
    expect(calls.find(([c]) => c === 'aipd_screening')?.[1]).toEqual({ processingId: PROC });
    el('scr-close').click();
    await vi.waitFor(() => expect(el('aipd-list')).not.toBeNull());
    await vi.waitFor(() => expect(document.activeElement?.getAttribute('data-screen')).toBe(PROC));
  });

  it('offers the register when it is empty', async () => {
    overview = { ...baseOverview(), screenings: [], aipds: [] };
    component = mount(AipdPage, { target: document.body });
    await vi.waitFor(() => expect(el('aipd-to-register')).not.toBeNull());
    expect(el<HTMLButtonElement>('aipd-new').disabled).toBe(true);
  });
});
