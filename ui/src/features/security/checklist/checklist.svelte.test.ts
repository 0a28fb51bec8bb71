// @vitest-environment jsdom
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const invoke = vi.fn();
vi.mock('@tauri-apps/api/core', () => ({ invoke: (...args: unknown[]) => invoke(...args) }));

import { flushAll } from '../../../lib/autosave';
import { toasts } from '../../../lib/toast.svelte';
import type { ItemAnswer, ItemView, Score, SecuritySave, SecurityView, SheetView } from '../api';
import SecurityPage from '../SecurityPage.svelte';

const tally = { applicable: 0, done: 0, partial: 0, todo: 0, unanswered: 0, not_applicable: 0 };
function score(per_mille: number | null, applicable = 2, unanswered = 0): Score {
  return { per_mille, precautions: { ...tally, applicable, unanswered, done: 1 }, optional: tally, optional_per_mille: null };
}

function item(id: string, status: ItemView['status'], over: Partial<ItemView> = {}): ItemView {
  return {
    id,
    kind: 'precaution',
    text_fr: `Texte ${id}`,
    text_en: `Text ${id}`,
    help_fr: `Aide ${id}`,
    help_en: `Help ${id}`,
    in_grid: true,
    status,
    not_applicable: null,
    answer:
      status === 'done'
        ? { item_id: id, status: 'done', na_reason: '', comment: '', evidence: '', owner: '', due_date: null, priority: null }
        : null,
    ...over,
  };
}

function sheet(number: number, items: ItemView[], over: Partial<SheetView> = {}): SheetView {
  return {
    number,
    chapter: 'utilisateurs',
    title_fr: `Fiche numéro ${number}`,
    title_en: `Sheet number ${number}`,
    goal_fr: 'But',
    goal_en: 'Goal',
    applies: true,
    not_applicable: null,
    score: score(500),
    items,
    donts: [],
    ...over,
  };
}

function view(): SecurityView {
  const wifiNo = { source: 'profile' as const, keys: ['wifi' as const], reason_fr: 'Vous avez indiqué ne pas avoir de Wi-Fi.', reason_en: 'You said no Wi-Fi.' };
  return {
    checklist: {
      guide_edition: '2024',
      guide_source: '',
      profile: [
        { key: 'wifi', question_fr: 'Avez-vous un Wi-Fi ?', question_en: 'Wi-Fi?', answer: false, items: 3 },
        { key: 'fax', question_fr: 'Un fax ?', question_en: 'Fax?', answer: null, items: 1 },
      ],
      sheets: [
        sheet(1, [item('s01-p01', 'done'), item('s01-p02', 'unanswered'), item('s01-p03', 'not_applicable', { not_applicable: wifiNo })], {
          donts: [{ id: 's01-x01', text_fr: 'Partager les mots de passe.', text_en: 'Sharing passwords.', present: false }],
        }),
        sheet(2, [item('s02-p01', 'not_applicable', { not_applicable: wifiNo })], {
          applies: false,
          not_applicable: wifiNo,
          score: score(null, 0),
        }),
      ],
      scores: {
        overall: score(725),
        chapters: [
          { chapter: 'utilisateurs', title_fr: 'Les utilisateurs', title_en: 'Users', score: score(725) },
          { chapter: 'focus', title_fr: 'Focus', title_en: 'Focus', score: score(null, 0) },
        ],
        sheets: [],
      },
    },
    plan: { today: '2026-11-23', actions: [], overdue: 0, without_owner: 0, without_due_date: 0 },
    progress: { points: [], chapters: [], first_to_last: null },
    dashboard: {
      started: true,
      overall: 725,
      applicable: 2,
      answered: 1,
      open_actions: 0,
      overdue_actions: 0,
      last_snapshot_at: null,
      last_snapshot_overall: null,
    },
  };
}

function saved(v: SecurityView, problems: SecuritySave['problems'] = []): SecuritySave {
  return { saved: problems.length === 0, problems, view: v };
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
  vi.useRealTimers();
});

async function settle() {
  for (let i = 0; i < 10; i++) await Promise.resolve();
  flushSync();
}

async function open() {
  invoke.mockImplementation(async (cmd: string, args?: { answer?: ItemAnswer }) => {
    if (cmd === 'security_view') return view();
    const v = view();
    const a = args?.answer;
    if (cmd === 'security_set_answer' && a) {
      for (const s of v.checklist.sheets)
        for (const i of s.items) if (i.id === a.item_id) Object.assign(i, { answer: a, status: a.status });
    }
    return saved(v);
  });
  app = mount(SecurityPage, { target: document.body });
  await settle();
}

function openSheet(n: number) {
  const d = document.getElementById(`sec-sheet-${n}`) as HTMLDetailsElement;
  d.open = true;
  d.dispatchEvent(new Event('toggle'));
  flushSync();
}

describe('security checklist', () => {
  it('shows the profile, the score, the chart and the answers count', async () => {
    await open();
    expect(invoke).toHaveBeenCalledWith('security_view', undefined);
    expect((document.getElementById('sec-profile-wifi-no') as HTMLInputElement).checked).toBe(true);
    expect((document.getElementById('sec-profile-fax-unknown') as HTMLInputElement).checked).toBe(true);
    expect(document.getElementById('security-profile')!.textContent).toContain('jusqu’à 3 point(s)');
    expect(document.getElementById('security-score')!.textContent).toBe('72,5\u00a0%');
    const values = [...document.querySelectorAll('svg text.value')].map((n) => n.textContent);
    expect(values).toEqual(['72,5\u00a0%', 'sans objet']);
    expect(document.querySelectorAll('table.scores tbody tr')).toHaveLength(2);
    // 2 items apply (the profile hides the others), 1 answered
    expect(document.getElementById('security-count')!.textContent).toContain('1 réponse(s) sur 2');
    for (const t of ['checklist', 'plan', 'history']) expect(document.getElementById(`security-tab-${t}`)).not.toBeNull();
  });

  it('saves a profile answer at once', async () => {
    await open();
    (document.getElementById('sec-profile-fax-no') as HTMLInputElement).click();
    await settle();
    expect(invoke).toHaveBeenCalledWith('security_set_profile', { key: 'fax', answer: false });
  });

  it('groups the sheets and items the profile leaves out, with the reason', async () => {
    await open();
    const s1 = document.getElementById('sec-sheet-1')!;
    expect(s1.querySelector('summary')!.textContent).toContain('1 à traiter');
    openSheet(1);
    expect(s1.querySelector('.hidden-items')!.textContent).toContain('ne pas avoir de Wi-Fi');
    expect(document.getElementById('sec-item-s01-p03-done')).toBeNull();
    expect(document.getElementById('security-na-title')).not.toBeNull();
    expect(document.getElementById('sec-sheet-2')!.textContent).toContain('ne pas avoir de Wi-Fi');
  });

  it('saves a status at once and the text 600 ms after the last keystroke', async () => {
    await open();
    openSheet(1);
    vi.useFakeTimers();
    (document.getElementById('sec-item-s01-p02-todo') as HTMLInputElement).click();
    await settle();
    expect(invoke).toHaveBeenLastCalledWith('security_set_answer', {
      answer: expect.objectContaining({ item_id: 's01-p02', status: 'todo' }),
    });
    const calls = invoke.mock.calls.length;
    const details = document.querySelector('[data-item="s01-p02"] details.more') as HTMLDetailsElement;
    details.open = true;
    details.dispatchEvent(new Event('toggle'));
    flushSync();
    const owner = document.getElementById('sec-item-s01-p02-owner') as HTMLInputElement;
    owner.value = 'Julie';
    owner.dispatchEvent(new Event('input', { bubbles: true }));
    vi.advanceTimersByTime(300);
    await settle();
    expect(invoke.mock.calls.length).toBe(calls);
    vi.advanceTimersByTime(400);
    await settle();
    expect(invoke).toHaveBeenLastCalledWith('security_set_answer', {
      answer: expect.objectContaining({ item_id: 's01-p02', status: 'todo', owner: 'Julie' }),
    });
  });

  it('asks for the reason of « Non applicable » and shows the core problems next to the item', async () => {
    await open();
    openSheet(1);
    const next = view();
    const it1 = next.checklist.sheets[0].items[1];
    it1.status = 'not_applicable';
    it1.answer = { item_id: 's01-p02', status: 'not_applicable', na_reason: '', comment: '', evidence: '', owner: '', due_date: null, priority: null };
    it1.not_applicable = { source: 'answer', keys: [], reason_fr: '', reason_en: '' };
    // answers in order: s01-p01, s01-p02 → index 1
    invoke.mockResolvedValueOnce(
      saved(next, [{ path: '/answers/1/na_reason', code: 'na_reason_required', message_fr: 'Motif obligatoire.', message_en: 'Reason required.' }]),
    );
    (document.getElementById('sec-item-s01-p02-not_applicable') as HTMLInputElement).click();
    await settle();
    const reason = document.getElementById('sec-item-s01-p02-na_reason') as HTMLInputElement;
    expect(reason.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById('sec-item-s01-p02-na_reason-error')!.textContent).toContain('Motif obligatoire.');
    expect(document.querySelector('[data-item="s01-p02"]')!.textContent).toContain('Gardé comme brouillon');
  });

  it('declares a bad practice with a visible warning', async () => {
    await open();
    openSheet(1);
    const next = view();
    next.checklist.sheets[0].donts[0].present = true;
    invoke.mockResolvedValueOnce(saved(next));
    (document.getElementById('sec-dont-s01-x01') as HTMLInputElement).click();
    await settle();
    expect(invoke).toHaveBeenCalledWith('security_set_dont', { id: 's01-x01', present: true });
    const li = document.getElementById('sec-dont-s01-x01')!.closest('li')!;
    expect(li.classList.contains('present')).toBe(true);
    expect(li.textContent).toContain('⚠');
  });

  it('filters to what is left to do', async () => {
    await open();
    const only = document.getElementById('security-only-remaining') as HTMLInputElement;
    only.click();
    flushSync();
    expect(document.getElementById('sec-sheet-2')).toBeNull();
    openSheet(1);
    expect(document.getElementById('sec-item-s01-p01-done')).toBeNull();
    expect(document.getElementById('sec-item-s01-p02-done')).not.toBeNull();
    await flushAll();
  });
});
