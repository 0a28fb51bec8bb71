// @vitest-environment jsdom
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BreachList, BreachRow } from './api';
import { BREACH_ID, breach, countdown, derived, hoursAgo, options } from './fixtures.test-support';

const calls: Array<[string, Record<string, unknown> | undefined]> = [];
let list: BreachList;

vi.mock('@tauri-apps/api/core', () => ({
  invoke: vi.fn(async (cmd: string, args?: Record<string, unknown>) => {
    calls.push([cmd, args]);
    switch (cmd) {
      case 'breach_list':
        return structuredClone(list);
      case 'breach_create':
        return BREACH_ID;
      case 'breach_form': {
        const b = breach(hoursAgo(0), 'Courriel envoyé au mauvais client');
        return { breach: b, draft: null, problems: [], register: [], options: options(), now: new Date().toISOString(), ...derived(countdown(b.aware_at, 'to_notify')) };
      }
      case 'aipd_reference':
        throw { code: 'x', message_fr: 'x', message_en: 'x', problems: [] };
      case 'document_export':
        return '/home/me/Documents/registre-violations.pdf';
      default:
        throw new Error(`unexpected command ${cmd}`);
    }
  }),
}));

const { default: BreachPage } = await import('./BreachPage.svelte');
const { applyLang } = await import('../../i18n/index.svelte');
const { toasts } = await import('../../lib/toast.svelte');

function row(id: string, title: string, awareHoursAgo: number, state: BreachRow['countdown']['state']): BreachRow {
  const aware = hoursAgo(awareHoursAgo);
  return {
    id,
    title,
    status: 'open',
    started_on: null,
    aware_at: aware,
    ended_on: null,
    natures: ['confidentiality'],
    notify_cnil: 'undecided',
    inform_persons: 'undecided',
    processings: ['Fichier clients'],
    has_draft: false,
    ...derived(countdown(aware, state)),
  };
}

let component: Record<string, unknown> | null = null;
const el = (id: string) => document.getElementById(id);
const text = (e: Element | null) => (e?.textContent ?? '').replace(/[\u00a0\u202f]/g, ' ').replace(/\s+/g, ' ').trim();

beforeEach(() => {
  calls.length = 0;
  list = {
    breaches: [row('b-new', 'Vol d’un ordinateur portable', 31.5, 'to_notify'), row('b-old', 'Rançongiciel', 77.5, 'to_notify')],
    options: options(),
    now: new Date().toISOString(),
  };
  toasts.clear();
  applyLang('fr');
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

async function open() {
  component = mount(BreachPage, { target: document.body });
  await vi.waitFor(() => expect(el('breach-list') ?? el('breach-empty')).not.toBeNull());
  flushSync();
}

describe('BreachPage', () => {
  it('explains what a breach is with three everyday examples', async () => {
    await open();
    const intro = text(document.querySelector('.intro'));
    expect(intro).toContain('ordinateur portable');
    expect(intro).toContain('courriel');
    expect(intro).toContain('rançongiciel');
  });

  it('lists the breaches with their live countdown, nature and decisions', async () => {
    await open();
    const items = [...document.querySelectorAll('[data-breach]')];
    expect(items.map((i) => i.getAttribute('data-breach'))).toEqual(['b-new', 'b-old']);
    expect(text(items[0])).toContain('Reste 40 h pour notifier la CNIL');
    expect(text(items[0])).toContain('Perte de confidentialité');
    expect(text(items[0])).toContain('CNIL : À décider');
    expect(text(items[0])).toContain('Fichier clients');
    // 77 hours after awareness: 5 hours late, even though the core said « to notify ».
    expect(text(items[1])).toContain('En retard de 5 h');
  });

  it('shows a plain message when there is no breach', async () => {
    list.breaches = [];
    await open();
    expect(text(el('breach-empty'))).toContain('Aucune violation');
  });

  it('creates a breach from one field and opens its editor', async () => {
    await open();
    (el('breach-new') as HTMLButtonElement).click();
    flushSync();
    const input = el('breach-new-name') as HTMLInputElement;
    input.value = 'Courriel envoyé au mauvais client';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    flushSync();
    (el('breach-new-form') as HTMLFormElement).requestSubmit();
    await vi.waitFor(() => expect(el('br-form')).not.toBeNull());
    expect(calls.find(([c]) => c === 'breach_create')?.[1]).toEqual({ title: 'Courriel envoyé au mauvais client' });
    expect(calls.find(([c]) => c === 'breach_form')?.[1]).toEqual({ id: BREACH_ID });
  });

  it('exports the register as a PDF and names the file', async () => {
    await open();
    (el('breach-register-pdf') as HTMLButtonElement).click();
    await vi.waitFor(() => expect(toasts.items.length).toBeGreaterThan(0));
    expect(calls.find(([c]) => c === 'document_export')?.[1]).toEqual({ key: 'breach-register', format: 'pdf' });
    expect(toasts.items.map((x) => x.text).join(' ')).toContain('registre-violations.pdf');
  });
});
