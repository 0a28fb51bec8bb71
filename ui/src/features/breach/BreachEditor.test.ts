// @vitest-environment jsdom
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { reference } from '../aipd/fixtures.test-support';
import type { Breach, BreachDerived, BreachForm } from './api';
import { BREACH_ID, breach, countdown, derived, hoursAgo, options } from './fixtures.test-support';

const calls: Array<[string, Record<string, unknown> | undefined]> = [];
let form: BreachForm;
let saveAnswer: (v: Breach) => { saved: boolean; problems: BreachForm['problems']; derived: BreachDerived };

vi.mock('@tauri-apps/api/core', () => ({
  invoke: vi.fn(async (cmd: string, args?: Record<string, unknown>) => {
    calls.push([cmd, args]);
    switch (cmd) {
      case 'breach_form':
        return structuredClone(form);
      case 'aipd_reference':
        return reference();
      case 'breach_update': {
        const v = args?.value as Breach;
        const a = saveAnswer(v);
        return { saved: a.saved, breach: v, problems: a.problems, now: new Date().toISOString(), ...a.derived };
      }
      case 'document_export':
        return `/home/me/Documents/${String(args?.key).split(':')[0]}.${String(args?.format)}`;
      default:
        throw new Error(`unexpected command ${cmd}`);
    }
  }),
}));

const { default: BreachEditor } = await import('./BreachEditor.svelte');
const { applyLang } = await import('../../i18n/index.svelte');
const { toasts } = await import('../../lib/toast.svelte');

let component: Record<string, unknown> | null = null;
const el = (id: string) => document.getElementById(id);
const text = (e: Element | null) => (e?.textContent ?? '').replace(/[\u00a0\u202f]/g, ' ').replace(/\s+/g, ' ').trim();

function makeForm(awareHoursAgo: number, state: 'to_notify' | 'late' | 'notified_in_time', notify = true): BreachForm {
  const b = breach(hoursAgo(awareHoursAgo));
  return {
    breach: b,
    draft: null,
    problems: [],
    register: [{ id: 'p1', name: 'Fichier clients' }],
    options: options(),
    now: new Date().toISOString(),
    ...derived(countdown(b.aware_at, state), notify),
  };
}

async function open() {
  component = mount(BreachEditor, { target: document.body, props: { id: BREACH_ID, onclose: () => {}, ondelete: () => {} } });
  await vi.waitFor(() => expect(el('br-form')).not.toBeNull());
  await vi.waitFor(() => expect(el('br-risk-severity-negligible')).not.toBeNull());
  flushSync();
}

beforeEach(() => {
  calls.length = 0;
  form = makeForm(31.5, 'to_notify');
  saveAnswer = (v) => ({ saved: true, problems: [], derived: derived(countdown(v.aware_at, 'to_notify')) });
  toasts.clear();
  applyLang('fr');
});

afterEach(() => {
  if (component) unmount(component);
  component = null;
  document.body.innerHTML = '';
  vi.useRealTimers();
});

describe('BreachEditor', () => {
  it('shows the sticky countdown while the 72 hours run', async () => {
    await open();
    expect(text(el('br-countdown'))).toContain('Reste 40 h pour notifier la CNIL');
    expect(el('br-countdown')?.querySelector('[data-state]')?.getAttribute('data-state')).toBe('to_notify');
  });

  it('shows a late breach as late and asks for the reasons of the delay', async () => {
    form = makeForm(80.5, 'late');
    await open();
    expect(text(el('br-countdown'))).toContain('En retard de 8 h');
    expect(el('br-delay_reasons')).not.toBeNull();
  });

  it('shows a breach notified in time without asking for reasons', async () => {
    form = makeForm(80, 'notified_in_time');
    await open();
    expect(text(el('br-countdown'))).toContain('Notifiée dans les délais');
    expect(el('br-delay_reasons')).toBeNull();
  });

  it('shows the core suggestion beside the decision', async () => {
    await open();
    expect(text(el('br-suggestion'))).toContain('Notifier la CNIL');
    expect(text(el('br-suggestion'))).toContain('Dans le doute');
    expect(el('br-suggestion-differs')).toBeNull();
  });

  it('sends a change and shows the new suggestion and the problems at their field', async () => {
    saveAnswer = (v) => ({
      saved: false,
      problems:
        v.notify_cnil === 'no' && v.notify_reasoning.trim() === ''
          ? [{ path: '/notify_reasoning', code: 'required', message_fr: 'Expliquez pourquoi vous ne notifiez pas.', message_en: 'Explain why.' }]
          : [],
      derived: { ...derived(countdown(v.aware_at, 'not_needed'), false), suggestion: { ...derived(countdown(v.aware_at, 'not_needed'), false).suggestion, differs_from_decisions: false } },
    });
    await open();
    const select = el('br-notify_cnil') as HTMLSelectElement;
    select.value = 'no';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await vi.waitFor(() => expect(calls.some(([c]) => c === 'breach_update')).toBe(true), { timeout: 2000 });
    const sent = calls.find(([c]) => c === 'breach_update')?.[1]?.value as Breach;
    expect(sent.notify_cnil).toBe('no');
    await vi.waitFor(() => expect(el('br-problems')).not.toBeNull());
    const field = el('br-notify_reasoning') as HTMLTextAreaElement;
    expect(field.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (field.getAttribute('aria-describedby') ?? '').split(' ');
    const messages = describedBy.map((id) => text(el(id))).join(' ');
    expect(messages).toContain('Expliquez pourquoi vous ne notifiez pas.');
    expect(text(el('br-suggestion'))).toContain('Pas de notification');
    expect(text(el('br-countdown'))).toContain('Pas de notification à la CNIL');
  });

  it('exports the notification sheet and the letter through document_export', async () => {
    await open();
    (el('br-doc-sheet-pdf') as HTMLButtonElement).click();
    await vi.waitFor(() => expect(calls.filter(([c]) => c === 'document_export')).toHaveLength(1));
    expect(calls.find(([c]) => c === 'document_export')?.[1]).toEqual({ key: `breach-sheet:${BREACH_ID}`, format: 'pdf' });
    await vi.waitFor(() => expect(toasts.items.map((x) => x.text).join(' ')).toContain('breach-sheet.pdf'));
    await vi.waitFor(() => expect((el('br-doc-letter-docx') as HTMLButtonElement).disabled).toBe(false));
    (el('br-doc-letter-docx') as HTMLButtonElement).click();
    await vi.waitFor(() => expect(calls.filter(([c]) => c === 'document_export')).toHaveLength(2));
    expect(calls.filter(([c]) => c === 'document_export')[1][1]).toEqual({ key: `breach-letter:${BREACH_ID}`, format: 'docx' });
  });

  it('offers the processings of the register and gives the CNIL address as text only', async () => {
    await open();
    expect(text(el('br-processings'))).toContain('Fichier clients');
    const address = el('br-cnil-address') as HTMLInputElement;
    expect(address.readOnly).toBe(true);
    expect(address.value).toMatch(/^https:\/\/www\.cnil\.fr\//);
    expect(document.querySelector('a[href*="cnil.fr"]')).toBeNull();
  });
});
