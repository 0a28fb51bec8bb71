// @vitest-environment jsdom
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const invoke = vi.fn();
vi.mock('@tauri-apps/api/core', () => ({ invoke: (...args: unknown[]) => invoke(...args) }));

import { toasts } from '../../../lib/toast.svelte';
import type { Action, SecurityView } from '../api';
import HistoryView from '../HistoryView.svelte';
import PlanView from '../PlanView.svelte';

function action(over: Partial<Action>): Action {
  return {
    source: { type: 'security_item', item_id: 's01-p01' },
    sheet: 1,
    title_fr: 'Titre',
    title_en: 'Title',
    state: 'todo',
    owner: '',
    due_date: null,
    priority: null,
    overdue: false,
    days_late: null,
    comment: '',
    ...over,
  };
}

function view(): SecurityView {
  const late = action({
    source: { type: 'security_item', item_id: 's04-p02' },
    sheet: 4,
    title_fr: 'Sauvegarder chaque semaine',
    owner: 'Élodie',
    due_date: '2026-11-01',
    priority: 'high',
    overdue: true,
    days_late: 22,
  });
  const measure = action({
    source: { type: 'measure', measure_id: 'm-1' },
    sheet: null,
    title_fr: 'Changer la serrure',
    state: 'planned',
    owner: 'Paul',
    priority: 'low',
  });
  return {
    checklist: {} as SecurityView['checklist'],
    plan: { today: '2026-11-23', actions: [late, measure], overdue: 1, without_owner: 0, without_due_date: 1 },
    progress: {
      points: [
        { taken_at: '2025-11-20T10:00:00Z', reason: 'validation', overall: 500, change: null, applicable: 40, done: 18, partial: 4, note: '' },
        { taken_at: '2026-11-20T10:00:00Z', reason: 'on_demand', overall: 725, change: 225, applicable: 40, done: 27, partial: 4, note: 'Point annuel' },
      ],
      chapters: [{ chapter: 'utilisateurs', title_fr: 'Utilisateurs', title_en: 'Users', values: [400, 800] }],
      first_to_last: 225,
    },
    dashboard: {
      started: true,
      overall: 725,
      applicable: 40,
      answered: 35,
      open_actions: 2,
      overdue_actions: 1,
      last_snapshot_at: '2026-11-20T10:00:00Z',
      last_snapshot_overall: 725,
    },
  };
}

let app: Record<string, unknown> | null = null;
beforeEach(() => {
  invoke.mockReset();
  toasts.clear();
});
afterEach(() => {
  if (app) unmount(app);
  app = null;
  document.body.innerHTML = '';
});

async function settle() {
  for (let i = 0; i < 5; i++) await Promise.resolve();
  flushSync();
}

describe('PlanView', () => {
  it('shows the actions, flags the overdue one with text, and filters', () => {
    app = mount(PlanView, { target: document.body, props: { view: view(), onview: () => {} } });
    const rows = document.querySelectorAll('#security-plan tbody tr');
    expect(rows).toHaveLength(2);
    expect(rows[0].classList.contains('late')).toBe(true);
    expect(rows[0].textContent).toContain('En retard de 22 jour(s)');
    expect(rows[1].textContent).toContain('Mesure de sécurité');

    const overdue = document.getElementById('security-plan-overdue') as HTMLInputElement;
    overdue.click();
    flushSync();
    expect(document.querySelectorAll('#security-plan tbody tr')).toHaveLength(1);
  });

  it('marks an action done through the core and passes the new view on', async () => {
    const next = view();
    next.plan.actions = next.plan.actions.slice(1);
    invoke.mockResolvedValueOnce(next);
    const onview = vi.fn();
    app = mount(PlanView, { target: document.body, props: { view: view(), onview } });
    (document.querySelector('[data-mark-done="m-1"]') as HTMLButtonElement).click();
    await settle();
    expect(invoke).toHaveBeenCalledWith('security_mark_done', { source: { type: 'measure', measure_id: 'm-1' } });
    expect(onview).toHaveBeenCalledWith(next);
    expect(toasts.items.map((x) => x.kind)).toEqual(['success']);
  });

  it('exports and says where the file went; a cancelled dialog says nothing', async () => {
    app = mount(PlanView, { target: document.body, props: { view: view(), onview: () => {} } });
    invoke.mockResolvedValueOnce('/tmp/rapport.pdf');
    (document.getElementById('security-export-pdf') as HTMLButtonElement).click();
    await settle();
    expect(invoke).toHaveBeenLastCalledWith('security_export', { format: 'pdf' });
    expect(toasts.items).toHaveLength(1);
    expect(toasts.items[0].text).toContain('/tmp/rapport.pdf');
    invoke.mockResolvedValueOnce(null);
    (document.getElementById('security-export-csv') as HTMLButtonElement).click();
    await settle();
    expect(invoke).toHaveBeenLastCalledWith('security_export', { format: 'csv' });
    expect(toasts.items).toHaveLength(1);
  });
});

describe('HistoryView', () => {
  it('lists the snapshots with their change and draws them with the values written', () => {
    app = mount(HistoryView, { target: document.body, props: { view: view(), onview: () => {} } });
    const rows = document.querySelectorAll('#security-history tbody tr');
    // Newest first, then the chapter table.
    expect(rows[0].textContent).toContain('72,5');
    expect(rows[0].textContent).toContain('+22,5');
    expect(rows[1].textContent).toContain('Premier relevé');
    const values = [...document.querySelectorAll('#security-history svg text.value')].map((n) => n.textContent);
    expect(values).toEqual(['50\u00a0%', '72,5\u00a0%']);
    expect(document.querySelector('#security-history svg polyline')).not.toBeNull();
  });

  it('records a snapshot with the note', async () => {
    const next = view();
    invoke.mockResolvedValueOnce(next);
    const onview = vi.fn();
    app = mount(HistoryView, { target: document.body, props: { view: view(), onview } });
    const note = document.getElementById('security-snapshot-note') as HTMLInputElement;
    note.value = '  Revue avec le gérant ';
    note.dispatchEvent(new Event('input', { bubbles: true }));
    flushSync();
    (document.getElementById('security-snapshot') as HTMLButtonElement).click();
    await settle();
    expect(invoke).toHaveBeenCalledWith('security_snapshot', { note: 'Revue avec le gérant' });
    expect(onview).toHaveBeenCalledWith(next);
    expect(note.value).toBe('');
  });
});

describe('Dashboard security card', () => {
  async function showDashboard(security: SecurityView['dashboard']) {
    invoke.mockImplementation(async (cmd: string) => {
      if (cmd === 'dashboard')
        return {
          organisation: { legal_name: 'Boulangerie Martin', trade_name: '', siren: null, address: { lines: [], postcode: '', city: '' } },
          counts: { processings: 0, processor_activities: 0, third_parties: 0, measures: 0 },
          organisations: 1,
          last_backup: null,
          backup_warning: null,
          has_draft: false,
          profile_gaps: [],
          register: { total: 0, archived: 0, drafts: 0, complete: 0, validated: 0, overdue: 0, sensitive: 0, incomplete: 0 },
          security,
        };
      return null;
    });
    const { default: Dashboard } = await import('../../../screens/Dashboard.svelte');
    app = mount(Dashboard, { target: document.body });
    for (let i = 0; i < 20; i++) await settle();
    return document.getElementById('dashboard-security') as HTMLElement;
  }

  it('shows the score and the open and overdue actions', async () => {
    const card = await showDashboard(view().dashboard);
    expect(card.textContent).toContain('72,5\u00a0%');
    expect(card.textContent).toContain('⚠');
    expect(card.textContent).toContain('35 précaution(s) répondue(s) sur 40.');
    (card.querySelector('.actions button') as HTMLButtonElement).click();
    await settle();
    const { app: shell } = await import('../../../lib/app.svelte');
    expect(shell.page).toBe('security');
  });

  it('says when the checklist is not started', async () => {
    const card = await showDashboard({ ...view().dashboard, started: false, overall: null });
    expect(card.textContent).toContain('Pas encore commencé');
  });
});
