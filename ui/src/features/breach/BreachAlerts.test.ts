// @vitest-environment jsdom
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OpenBreach } from './api';
import { countdown, hoursAgo } from './fixtures.test-support';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn(async () => null) }));

const { default: BreachAlerts } = await import('./BreachAlerts.svelte');
const { applyLang } = await import('../../i18n/index.svelte');
const { app } = await import('../../lib/app.svelte');
const { breachNav } = await import('./nav.svelte');

let component: Record<string, unknown> | null = null;
const text = (e: Element | null) => (e?.textContent ?? '').replace(/[\u00a0\u202f]/g, ' ').replace(/\s+/g, ' ').trim();

function open(id: string, hours: number, state: OpenBreach['countdown']['state']): OpenBreach {
  const aware = hoursAgo(hours);
  return { id, title: `Violation ${id}`, aware_at: aware, countdown: countdown(aware, state) };
}

function show(breaches: OpenBreach[]) {
  component = mount(BreachAlerts, { target: document.body, props: { breaches } });
  flushSync();
}

beforeEach(() => applyLang('fr'));
afterEach(() => {
  if (component) unmount(component);
  component = null;
  document.body.innerHTML = '';
});

describe('BreachAlerts (dashboard)', () => {
  it('shows nothing when no breach waits for a notification', () => {
    show([open('a', 10, 'notified_in_time'), open('b', 10, 'not_needed')]);
    expect(document.querySelector('[data-dashboard-breach]')).toBeNull();
  });

  it('shows the countdown of a breach to notify, without an alert role', () => {
    show([open('a', 10.5, 'to_notify')]);
    const card = document.querySelector('[data-dashboard-breach="a"]');
    expect(text(card)).toContain('Reste 61 h pour notifier la CNIL');
    expect(text(card)).toContain('Violation a');
    expect(card?.getAttribute('role')).toBeNull();
  });

  it('is an alert once the 72 hours are over', () => {
    show([open('late', 75.5, 'late')]);
    const card = document.querySelector('[data-dashboard-breach="late"]');
    expect(card?.getAttribute('role')).toBe('alert');
    expect(text(card)).toContain('En retard de 3 h');
  });

  it('opens the breach on the breach page', async () => {
    show([open('a', 10.5, 'to_notify')]);
    (document.querySelector('[data-dashboard-breach-open="a"]') as HTMLButtonElement).click();
    await vi.waitFor(() => expect(app.page).toBe('breaches'));
    expect(breachNav.open).toBe('a');
  });
});
