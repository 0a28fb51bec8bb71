// @vitest-environment jsdom
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import ActionPlanSection from './ActionPlanSection.svelte';
import type { Aipd } from './model';
import { newAction } from './risks/actions';
import { click, text, typeInto } from './risks/testDom';
import { sampleAipd, sampleReference } from './risks/testFixtures';

let app: Record<string, unknown> | null = null;
afterEach(() => {
  if (app) unmount(app);
  app = null;
  document.body.innerHTML = '';
});

function render(opts: { readonly?: boolean; followUpOnly?: boolean; edit?: (a: Aipd) => void } = {}) {
  const a = sampleAipd();
  opts.edit?.(a);
  const s = $state({ aipd: a });
  let changes = 0;
  app = mount(ActionPlanSection, {
    target: document.body,
    props: {
      get aipd() {
        return s.aipd;
      },
      set aipd(v: Aipd) {
        s.aipd = v;
      },
      readonly: opts.readonly ?? false,
      followUpOnly: opts.followUpOnly ?? false,
      onchange: () => changes++,
      reference: sampleReference(),
      today: '2026-11-23',
    },
  });
  flushSync();
  return { s, changes: () => changes };
}

function withActions(a: Aipd) {
  a.actions.push(
    { ...newAction({ type: 'risk', id: a.risks[0].id }, 'Restreindre les accès', 'Léa', '2026-11-01'), id: 'act-1' },
    { ...newAction({ type: 'principle', key: 'information' }, 'Poser un panneau', '', '2026-12-31'), id: 'act-2' },
    { ...newAction({ type: 'general' }, 'Former les agents'), id: 'act-3', status: 'done', done_on: '2026-11-20' },
  );
}

describe('ActionPlanSection', () => {
  it('groups the actions by part, says they are shared with the security plan, flags overdue in words', () => {
    render({ edit: withActions });
    expect([...document.querySelectorAll('section.group')].map((g) => g.getAttribute('data-group'))).toEqual([
      'principles',
      'risks',
      'general',
    ]);
    expect(text(document.body)).toContain('Sécurité → Plan d’action');
    expect(text(document.querySelector('.summary'))).toMatch(/^⚠ ?3 action\(s\), dont 2 à mener et 1 en retard\.$/);
    expect(document.querySelector('.summary .lead-sign')?.getAttribute('aria-hidden')).toBe('true');
    const late = document.querySelector('[data-action="act-1"]')!;
    expect(text(late.querySelector('.overdue-flag'))).toBe('⚠ En retard : l’échéance du 01/11/2026 est passée.');
    expect(text(late.querySelector('.part'))).toBe('Partie concernée : Risque A — Accès illégitime à des données');
    expect(document.querySelector('[data-action="act-2"] .overdue-flag')).toBeNull();
    expect(text(document.querySelector('[data-action="act-3"] .state'))).toBe('Faite — Faite le 20/11/2026');
  });

  it('marks an action done (dated today) and back', () => {
    const { s } = render({ edit: withActions });
    click(document.getElementById('aipd-action-act-1-status-done'));
    expect(s.aipd.actions[0]).toMatchObject({ status: 'done', done_on: '2026-11-23' });
    expect(document.querySelector('[data-action="act-1"] .overdue-flag')).toBeNull();
    expect((document.getElementById('aipd-action-act-1-done-on') as HTMLInputElement).value).toBe('2026-11-23');
    click(document.getElementById('aipd-action-act-1-status-in_progress'));
    expect(s.aipd.actions[0]).toMatchObject({ status: 'in_progress', done_on: null });
  });

  it('adds a « Général » action and deletes one after confirmation', () => {
    const { s, changes } = render();
    expect(text(document.body)).toContain('Aucune action corrective pour l’instant');
    click(document.getElementById('aipd-plan-add'));
    expect(s.aipd.actions).toHaveLength(0);
    typeInto(document.getElementById('aipd-plan-new-title'), 'Relire l’analyse dans un an');
    typeInto(document.getElementById('aipd-plan-new-due'), '2027-11-01');
    click(document.getElementById('aipd-plan-add'));
    expect(s.aipd.actions).toHaveLength(1);
    expect(s.aipd.actions[0]).toMatchObject({ part: { type: 'general' }, title: 'Relire l’analyse dans un an', due_date: '2027-11-01' });
    const item = document.querySelector(`[data-action="${s.aipd.actions[0].id}"]`)!;
    click([...item.querySelectorAll('button')].find((b) => text(b) === 'Supprimer l’action')!);
    expect(s.aipd.actions).toHaveLength(1);
    click([...item.querySelectorAll('button')].find((b) => text(b) === 'Confirmer la suppression')!);
    expect(s.aipd.actions).toHaveLength(0);
    expect(changes()).toBe(2);
  });

  it('follow-up only: status, done date, owner and due date change; title and details do not', () => {
    const { s } = render({ readonly: true, followUpOnly: true, edit: withActions });
    expect(document.getElementById('aipd-action-act-1-title-field')).toBeNull();
    expect(document.getElementById('aipd-plan-add')).toBeNull();
    expect(text(document.body)).toContain('seul le suivi des actions');
    const owner = document.getElementById('aipd-action-act-2-owner') as HTMLInputElement;
    expect(owner.readOnly).toBe(false);
    typeInto(owner, 'Service technique');
    click(document.getElementById('aipd-action-act-2-status-in_progress'));
    expect(s.aipd.actions[1]).toMatchObject({ owner: 'Service technique', status: 'in_progress', title: 'Poser un panneau' });
    expect([...document.querySelectorAll('button')].some((b) => text(b) === 'Supprimer l’action')).toBe(false);
  });

  it('read-only without follow-up: nothing can change', () => {
    render({ readonly: true, edit: withActions });
    expect((document.getElementById('aipd-action-act-2-owner') as HTMLInputElement).readOnly).toBe(true);
    expect((document.getElementById('aipd-action-act-2-status-done') as HTMLInputElement).disabled).toBe(true);
  });
});
