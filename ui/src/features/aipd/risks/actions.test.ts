import { describe, expect, it } from 'vitest';
import type { CorrectiveAction } from '../model';
import { actionsOf, groupActions, groupOf, isOverdue, newAction, partKey, planCounts, samePart, setActionStatus } from './actions';
import { sampleAipd } from './testFixtures';

describe('grouping of the action plan', () => {
  it('groups by part in the order of the analysis, keeps all five groups', () => {
    const a = sampleAipd();
    const [r0, r1] = a.risks;
    const [m0, m1] = a.measures;
    a.actions.push(
      newAction({ type: 'general' }, 'Former les agents'),
      newAction({ type: 'risk', id: r1.id }, 'Contrôler les saisies'),
      newAction({ type: 'measure', id: m1.id }, 'Activer la journalisation'),
      newAction({ type: 'risk', id: r0.id }, 'Restreindre les accès'),
      newAction({ type: 'context', part: 'data_processes_supports' }, 'Décrire le cycle de vie'),
      newAction({ type: 'measure', id: m0.id }, 'Chiffrer les disques'),
      newAction({ type: 'context', part: 'overview' }, 'Préciser les responsabilités'),
      newAction({ type: 'principle', key: 'retention' }, 'Fixer la durée'),
    );
    const g = groupActions(a);
    expect(g.map((x) => x.group)).toEqual(['context', 'principles', 'measures', 'risks', 'general']);
    expect(g.map((x) => x.actions.map((y) => y.title))).toEqual([
      ['Préciser les responsabilités', 'Décrire le cycle de vie'],
      ['Fixer la durée'],
      ['Chiffrer les disques', 'Activer la journalisation'],
      ['Restreindre les accès', 'Contrôler les saisies'],
      ['Former les agents'],
    ]);
    expect(g.flatMap((x) => x.actions)).toHaveLength(a.actions.length);
  });

  it('an empty plan still has its five (empty) groups', () => {
    const g = groupActions(sampleAipd());
    expect(g).toHaveLength(5);
    expect(g.every((x) => x.actions.length === 0)).toBe(true);
  });

  it('an action of a deleted risk stays in its group, after the others', () => {
    const a = sampleAipd();
    a.actions.push(newAction({ type: 'risk', id: 'gone' }, 'Orpheline'), newAction({ type: 'risk', id: a.risks[2].id }, 'D'));
    expect(groupActions(a)[3].actions.map((x) => x.title)).toEqual(['D', 'Orpheline']);
  });

  it('compares parts like the core', () => {
    expect(samePart({ type: 'risk', id: 'x' }, { type: 'risk', id: 'x' })).toBe(true);
    expect(samePart({ type: 'risk', id: 'x' }, { type: 'measure', id: 'x' })).toBe(false);
    expect(samePart({ type: 'context', part: 'overview' }, { type: 'context', part: 'data_processes_supports' })).toBe(false);
    expect(samePart({ type: 'principle', key: 'consent' }, { type: 'principle', key: 'consent' })).toBe(true);
    expect(samePart({ type: 'general' }, { type: 'general' })).toBe(true);
    expect(groupOf({ type: 'principle', key: 'consent' })).toBe('principles');
    expect(partKey({ type: 'risk', id: 'abc' })).toBe('risk-abc');
    expect(partKey({ type: 'general' })).toBe('general');
    const a = sampleAipd();
    a.actions.push(newAction({ type: 'risk', id: a.risks[0].id }, 'x'), newAction({ type: 'general' }, 'y'));
    expect(actionsOf(a, { type: 'risk', id: a.risks[0].id }).map((x) => x.title)).toEqual(['x']);
  });
});

describe('overdue and status', () => {
  const base = (over: Partial<CorrectiveAction>): CorrectiveAction => ({ ...newAction({ type: 'general' }, 'x'), ...over });

  it('is overdue only when not done and the due date is before today', () => {
    expect(isOverdue(base({ due_date: '2026-11-01' }), '2026-11-02')).toBe(true);
    expect(isOverdue(base({ due_date: '2026-11-02' }), '2026-11-02')).toBe(false);
    expect(isOverdue(base({ due_date: '2026-11-01', status: 'done' }), '2026-11-02')).toBe(false);
    expect(isOverdue(base({ due_date: null }), '2026-11-02')).toBe(false);
    expect(isOverdue(base({ due_date: '2025-12-31', status: 'in_progress' }), '2026-01-01')).toBe(true);
  });

  it('counts open and overdue actions', () => {
    const list = [
      base({ due_date: '2026-01-01' }),
      base({ due_date: '2026-01-01', status: 'done' }),
      base({ status: 'in_progress' }),
    ];
    expect(planCounts(list, '2026-06-01')).toEqual({ total: 3, open: 2, overdue: 1 });
    expect(planCounts([], '2026-06-01')).toEqual({ total: 0, open: 0, overdue: 0 });
  });

  it('dates « Faite » today unless already dated, and clears the date when reopened', () => {
    const a = base({});
    setActionStatus(a, 'done', '2026-11-03');
    expect(a).toMatchObject({ status: 'done', done_on: '2026-11-03' });
    setActionStatus(a, 'done', '2026-12-01');
    expect(a.done_on).toBe('2026-11-03');
    setActionStatus(a, 'in_progress', '2026-12-01');
    expect(a).toMatchObject({ status: 'in_progress', done_on: null });
  });

  it('a new action is trimmed, to do, with a fresh id', () => {
    const a = newAction({ type: 'general' }, '  Afficher le panneau  ', ' Léa ', '');
    const b = newAction({ type: 'general' }, 'x');
    expect(a).toMatchObject({ title: 'Afficher le panneau', owner: 'Léa', due_date: null, status: 'todo', done_on: null, details: '' });
    expect(a.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a.id).not.toBe(b.id);
  });
});
