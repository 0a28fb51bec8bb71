// @vitest-environment jsdom
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PROC, reference, screeningView } from './fixtures.test-support';
import type { AipdScreening, ScreeningForm, ScreeningSave } from './model';

const calls: Array<[string, Record<string, unknown> | undefined]> = [];
let form: ScreeningForm;
let answer: (s: AipdScreening) => ScreeningSave;
let exported: () => string | null;

vi.mock('@tauri-apps/api/core', () => ({
  invoke: vi.fn(async (cmd: string, args?: Record<string, unknown>) => {
    calls.push([cmd, args]);
    switch (cmd) {
      case 'aipd_screening':
        return structuredClone(form);
      case 'aipd_screening_update':
        return answer(args?.screening as AipdScreening);
      case 'aipd_screening_export':
        return exported();
      default:
        throw new Error(`unexpected command ${cmd}`);
    }
  }),
}));

const { default: ScreeningEditor } = await import('./ScreeningEditor.svelte');
const { applyLang } = await import('../../i18n/index.svelte');
const { app: store } = await import('../../lib/app.svelte');
const { toasts } = await import('../../lib/toast.svelte');

let component: Record<string, unknown> | null = null;
let started: string[] = [];
let closed = 0;
const el = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const text = (e: Element | null) => (e?.textContent ?? '').replace(/[\u00a0\u202f]/g, ' ').replace(/\s+/g, ' ').trim();
const sent = () => calls.filter(([c]) => c === 'aipd_screening_update').map(([, a]) => a?.screening as AipdScreening);

async function open(aipds: { id: string; title: string; status: 'in_progress'; version: number }[] = []) {
  component = mount(ScreeningEditor, {
    target: document.body,
    props: {
      processingId: PROC,
      reference: reference(),
      aipds,
      onclose: () => (closed += 1),
      onstart: (id: string) => started.push(id),
      onopen: () => undefined,
    },
  });
  await vi.waitFor(() => expect(el('scr-nr')).not.toBeNull());
  flushSync();
}

async function step(name: string) {
  el(`scr-stepnav-${name}`).click();
  await vi.waitFor(() => expect(el(`scr-step-${name}-title`)).not.toBeNull());
  flushSync();
}

beforeEach(() => {
  calls.length = 0;
  started = [];
  closed = 0;
  applyLang('fr');
  form = { view: screeningView(), draft: null, problems: [] };
  answer = (s) => ({ saved: true, problems: [], screening: s, verdict: { ...screeningView().verdict, criteria_met: s.criteria.filter((c) => c.met).length } });
  exported = () => '/home/claire/Analyse préalable - Vidéoprotection - 2026-11-23.pdf';
  toasts.clear();
});

afterEach(() => {
  if (component) unmount(component);
  component = null;
  document.body.innerHTML = '';
});

describe('screening', () => {
  it('opens on the first CNIL list, with « Aucun de ceux-ci » and the « à vérifier » flags', async () => {
    await open();
    expect(text(el('scr-title'))).toBe('Analyse préalable : Vidéoprotection');
    expect(el('scr-not-stored')).not.toBeNull();
    const radios = document.querySelectorAll<HTMLInputElement>('#scr-nr input[type="radio"]');
    expect(radios).toHaveLength(13);
    expect(el<HTMLInputElement>('scr-nr-none').checked).toBe(true);
    // nr-11 is known from memory only in the assets
    expect(text(document.querySelector('[data-to-verify="nr-11"]'))).toContain('à vérifier');
    expect(document.querySelector('[data-to-verify="nr-01"]')).toBeNull();
    expect(el('scr-nr-nr-01').getAttribute('aria-describedby')).toBe('scr-nr-nr-01-desc');
    expect(text(el('scr-nr-nr-01-desc'))).toContain('Exemples :');
    expect(el('scr-stepnav-not_required').getAttribute('aria-current')).toBe('step');
    expect(text(el('scr-verdict'))).toContain('À décider');
    expect(text(el('scr-verdict'))).toContain('Un seul critère peut parfois suffire.');
  });

  it('saves a list choice and offers to go straight to the conclusion', async () => {
    answer = (s) => ({
      saved: true,
      problems: [],
      screening: s,
      verdict: { ...screeningView().verdict, outcome: 'not_required_by_list', required: false, reasons_fr: ['Type n° 1 de la liste.'] },
    });
    await open();
    el('scr-nr-nr-01').click();
    flushSync();
    expect(store.save).toBe('saving');
    await vi.waitFor(() => expect(sent()).toHaveLength(1), { timeout: 2000 });
    expect(sent()[0].not_required_type).toBe('nr-01');
    expect(sent()[0].criteria).toEqual(screeningView().screening.criteria);
    await vi.waitFor(() => expect(text(el('scr-verdict'))).toContain('AIPD non requise'));
    expect(text(el('scr-verdict'))).toContain('Type n° 1 de la liste.');
    expect(el('scr-not-stored')).toBeNull();
    expect(el('scr-list-chosen')).not.toBeNull();
    el('scr-to-conclusion').click();
    await vi.waitFor(() => expect(document.activeElement?.id).toBe('scr-step-conclusion-title'));
  });

  it('shows the criteria pre-ticked from the register with why, and sends the ones ticked', async () => {
    await open();
    await step('criteria');
    expect(el<HTMLInputElement>('scr-crit-systematic_monitoring').checked).toBe(true);
    expect(text(document.querySelector('[data-detected="systematic_monitoring"]'))).toContain('Repéré dans la fiche du registre : La fiche mentionne des caméras.');
    expect(document.querySelector('[data-detected="large_scale"]')).toBeNull();
    expect(document.querySelectorAll('#scr-criteria input[type="checkbox"]')).toHaveLength(9);
    el('scr-crit-large_scale').click();
    flushSync();
    expect(text(el('scr-criteria'))).toContain('2 critère(s) rempli(s) sur 9.');
    await vi.waitFor(() => expect(sent()).toHaveLength(1), { timeout: 2000 });
    expect(sent()[0].criteria).toEqual([
      { criterion: 'systematic_monitoring', met: true, comment: '' },
      { criterion: 'large_scale', met: true, comment: '' },
    ]);
    await vi.waitFor(() => expect(text(el('scr-verdict'))).toContain('2 critère(s) rempli(s) sur 9'));
  });

  it('marks the Art. 35(3) case the register suggests', async () => {
    await open();
    await step('art35');
    expect(document.querySelectorAll('#scr-art35 input[type="checkbox"]')).toHaveLength(3);
    expect(document.querySelector('[data-suggested="public_area_monitoring"]')).not.toBeNull();
    expect(document.querySelector('[data-suggested="automated_evaluation"]')).toBeNull();
    el('scr-art35-public_area_monitoring').click();
    await vi.waitFor(() => expect(sent()).toHaveLength(1), { timeout: 2000 });
    expect(sent()[0].art35_cases).toEqual(['public_area_monitoring']);
  });

  it('asks for the justification and the DPO view when ruling out despite two criteria, and shows the core problems', async () => {
    const v = screeningView();
    v.stored = true;
    v.screening.conclusion = 'not_required';
    v.verdict = { ...v.verdict, needs_justification: true, conclusion_agrees: false, required: true };
    form = {
      view: v,
      draft: null,
      problems: [],
    };
    answer = () => ({
      saved: false,
      problems: [
        { path: '/dpo_view', code: 'required', message_fr: 'L’avis du délégué est requis.', message_en: 'The DPO view is required.' },
      ],
      screening: v.screening,
      verdict: v.verdict,
    });
    await open();
    await step('conclusion');
    expect(el<HTMLInputElement>('scr-conclusion-not_required').checked).toBe(true);
    expect(text(el('scr-differs'))).toContain('diffère');
    expect(text(el('scr-justification-help'))).toContain('Obligatoire ici');
    expect(el('scr-dpo_view')).not.toBeNull();
    const j = el<HTMLTextAreaElement>('scr-justification');
    j.value = 'Peu de personnes filmées.';
    j.dispatchEvent(new Event('input', { bubbles: true }));
    await vi.waitFor(() => expect(store.save).toBe('draft'), { timeout: 2000 });
    flushSync();
    expect(sent()[0].justification).toBe('Peu de personnes filmées.');
    expect(el('scr-dpo_view').getAttribute('aria-invalid')).toBe('true');
    expect(text(el('scr-dpo_view-error'))).toContain('L’avis du délégué est requis.');
    expect(text(el('scr-problems'))).toContain('Conclusion');
    // the start button follows the decision, not the answers
    expect(el('scr-start')).toBeNull();
  });

  it('starts the AIPD once required, after the last answers are sent', async () => {
    await open();
    await step('conclusion');
    el('scr-conclusion-required').click();
    flushSync();
    el('scr-start').click();
    await vi.waitFor(() => expect(started).toEqual([PROC]));
    expect(sent()[0].conclusion).toBe('required');
  });

  it('reopens on its draft with the draft values', async () => {
    const v = screeningView();
    v.stored = true;
    form = { view: v, draft: { ...v.screening, required_type: 'r-04', decided_by: 'Mme la maire' }, problems: [] };
    await open();
    await step('required');
    expect(el<HTMLInputElement>('scr-r-r-04').checked).toBe(true);
    await step('conclusion');
    expect(el<HTMLInputElement>('scr-decided_by').value).toBe('Mme la maire');
    expect(store.save).toBe('draft');
  });

  it('prints the screening through the shell, after the last answers are sent, and says where', async () => {
    await open();
    const button = el<HTMLButtonElement>('scr-export-pdf');
    expect(text(button)).toBe('Imprimer l’analyse (PDF)');
    expect(button.getAttribute('aria-describedby')).toBe('scr-export-help');
    // nothing stored yet: the document will be the register's proposal, and the window says so
    expect(text(el('scr-export-help'))).toContain('proposition tirée de la fiche du registre');
    el('scr-nr-nr-01').click();
    flushSync();
    button.click();
    await vi.waitFor(() => expect(calls.some(([c]) => c === 'aipd_screening_export')).toBe(true), { timeout: 2000 });
    const names = calls.map(([c]) => c);
    expect(names.indexOf('aipd_screening_update')).toBeGreaterThan(-1);
    expect(names.indexOf('aipd_screening_update')).toBeLessThan(names.indexOf('aipd_screening_export'));
    expect(calls.find(([c]) => c === 'aipd_screening_export')?.[1]).toEqual({ processingId: PROC });
    await vi.waitFor(() => expect(toasts.items.map((x) => x.kind)).toContain('success'));
    expect(toasts.items.find((x) => x.kind === 'success')?.text.replace(/[\u00a0\u202f]/g, ' ')).toBe(
      'Analyse préalable enregistrée : /home/claire/Analyse préalable - Vidéoprotection - 2026-11-23.pdf',
    );
    // saved now: the help speaks of the document to keep
    expect(text(el('scr-export-help'))).toContain('à garder avec le registre');
    expect(el<HTMLButtonElement>('scr-export-pdf').disabled).toBe(false);
  });

  it('says nothing when the save dialog is cancelled, and shows a refusal', async () => {
    exported = () => null;
    await open();
    el('scr-export-pdf').click();
    await vi.waitFor(() => expect(calls.some(([c]) => c === 'aipd_screening_export')).toBe(true));
    await vi.waitFor(() => expect(el<HTMLButtonElement>('scr-export-pdf').disabled).toBe(false));
    expect(toasts.items).toEqual([]);

    exported = () => {
      throw {
        code: 'processing_not_found',
        message_fr: 'Ce traitement est introuvable dans le registre de l’organisme.',
        message_en: 'This processing is not in the organisation’s register.',
        problems: [],
      };
    };
    el('scr-export-pdf').click();
    await vi.waitFor(() => expect(toasts.items.map((x) => x.kind)).toContain('error'));
    expect(toasts.items.find((x) => x.kind === 'error')?.text.replace(/[\u00a0\u202f]/g, ' ')).toBe('Ce traitement est introuvable dans le registre de l’organisme.');
  });
});
