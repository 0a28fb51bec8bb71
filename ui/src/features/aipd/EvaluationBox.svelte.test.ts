// @vitest-environment jsdom
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import EvaluationBox from './EvaluationBox.svelte';
import type { Aipd, Evaluation, PartRef } from './model';
import { todayIso } from './risks/ids';
import { click, text, typeInto } from './risks/testDom';
import { sampleAipd } from './risks/testFixtures';

let app: Record<string, unknown> | null = null;
afterEach(() => {
  if (app) unmount(app);
  app = null;
  document.body.innerHTML = '';
});

function render(part: PartRef | ((a: Aipd) => PartRef), opts: { readonly?: boolean; evaluation?: Evaluation | null } = {}) {
  const s = $state({ aipd: sampleAipd(), evaluation: opts.evaluation ?? (null as Evaluation | null) });
  let changes = 0;
  const p = typeof part === 'function' ? part(s.aipd) : part;
  app = mount(EvaluationBox, {
    target: document.body,
    props: {
      get evaluation() {
        return s.evaluation;
      },
      set evaluation(v: Evaluation | null) {
        s.evaluation = v;
      },
      get aipd() {
        return s.aipd;
      },
      set aipd(v: Aipd) {
        s.aipd = v;
      },
      part: p,
      readonly: opts.readonly ?? false,
      onchange: () => changes++,
      id: 'ev',
    },
  });
  flushSync();
  return { s, changes: () => changes };
}

describe('EvaluationBox', () => {
  it('offers the three ratings, named after the part', () => {
    render({ type: 'principle', key: 'retention' });
    expect(text(document.querySelector('legend'))).toBe('Évaluation : Principe — Durées de conservation');
    const labels = [...document.querySelectorAll('.rating label')].map((l) => text(l));
    expect(labels).toEqual(['✗ À corriger', '△ Améliorable', '✓ Acceptable']);
    expect(document.querySelector('.rating .sign')?.getAttribute('aria-hidden')).toBe('true');
    expect(text(document.getElementById('ev-current'))).toBe('Pas encore évaluée.');
  });

  it('« Améliorable » creates the evaluation (evaluator, today) and asks for a corrective action', () => {
    const { s, changes } = render((a) => ({ type: 'risk', id: a.risks[0].id }));
    click(document.getElementById('ev-improvable'));
    expect(s.evaluation).toEqual({ rating: 'improvable', comment: '', evaluator: 'Paul Durand', evaluated_on: todayIso() });
    expect(changes()).toBe(1);
    expect(text(document.getElementById('ev-no-action'))).toContain('« Améliorable » demande au moins une action corrective');
    expect(document.body.textContent).toContain('risque résiduel');
  });

  it('adds a corrective action for this part to aipd.actions', () => {
    const { s, changes } = render((a) => ({ type: 'risk', id: a.risks[1].id }));
    click(document.getElementById('ev-improvable'));
    // an empty title is refused with a message
    click(document.getElementById('ev-add-action'));
    expect(s.aipd.actions).toHaveLength(0);
    expect(text(document.getElementById('ev-new-title-error'))).toContain('Écrivez d’abord');
    typeInto(document.getElementById('ev-new-title'), '  Vérifier les saisies chaque mois ');
    typeInto(document.getElementById('ev-new-owner'), 'Léa Petit');
    typeInto(document.getElementById('ev-new-due'), '2027-01-15');
    click(document.getElementById('ev-add-action'));
    expect(s.aipd.actions).toHaveLength(1);
    expect(s.aipd.actions[0]).toMatchObject({
      part: { type: 'risk', id: s.aipd.risks[1].id },
      title: 'Vérifier les saisies chaque mois',
      owner: 'Léa Petit',
      due_date: '2027-01-15',
      status: 'todo',
    });
    expect(changes()).toBe(2);
    expect(document.getElementById('ev-no-action')).toBeNull();
    expect(text(document.querySelector('.action-list'))).toContain('Vérifier les saisies chaque mois');
    expect((document.getElementById('ev-new-title') as HTMLInputElement).value).toBe('');
  });

  it('lists only the actions of its own part', () => {
    const { s } = render({ type: 'general' }, { evaluation: { rating: 'improvable', comment: '', evaluator: '', evaluated_on: null } });
    s.aipd.actions.push(
      { id: 'x1', part: { type: 'general' }, title: 'Générale', details: '', owner: '', due_date: null, status: 'todo', done_on: null },
      { id: 'x2', part: { type: 'risk', id: s.aipd.risks[0].id }, title: 'Du risque', details: '', owner: '', due_date: null, status: 'todo', done_on: null },
    );
    flushSync();
    expect([...document.querySelectorAll('.action-list li strong')].map((e) => e.textContent)).toEqual(['Générale']);
  });

  it('« À corriger » requires a comment and says why', () => {
    const { s } = render({ type: 'context', part: 'overview' });
    click(document.getElementById('ev-to_correct'));
    const comment = document.getElementById('ev-comment')!;
    expect(comment.getAttribute('aria-invalid')).toBe('true');
    expect(text(document.getElementById('ev-comment-error'))).toContain('dites au rédacteur ce qu’il doit corriger');
    typeInto(comment, 'Les responsabilités du prestataire manquent.');
    expect(s.evaluation?.comment).toBe('Les responsabilités du prestataire manquent.');
    expect(document.getElementById('ev-comment-error')).toBeNull();
    // switching rating keeps the comment
    click(document.getElementById('ev-acceptable'));
    expect(s.evaluation).toMatchObject({ rating: 'acceptable', comment: 'Les responsabilités du prestataire manquent.' });
  });

  it('removes the evaluation, and is read-only when asked', () => {
    const { s } = render({ type: 'general' }, { evaluation: { rating: 'acceptable', comment: '', evaluator: '', evaluated_on: null } });
    expect(text(document.getElementById('ev-current'))).toContain('Évaluation : Acceptable');
    click(document.querySelector('#ev-current button'));
    expect(s.evaluation).toBeNull();
    unmount(app!);
    app = null;
    document.body.innerHTML = '';
    render({ type: 'general' }, { readonly: true, evaluation: { rating: 'improvable', comment: '', evaluator: '', evaluated_on: null } });
    expect([...document.querySelectorAll<HTMLInputElement>('input[type="radio"]')].every((r) => r.disabled)).toBe(true);
    expect(document.getElementById('ev-add-action')).toBeNull();
    expect(document.querySelector('#ev-current button')).toBeNull();
  });
});
