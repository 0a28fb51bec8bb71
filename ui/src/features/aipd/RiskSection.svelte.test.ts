// @vitest-environment jsdom
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { Aipd } from './model';
import RiskSection from './RiskSection.svelte';
import { newAction } from './risks/actions';
import { click, settle, text, typeInto } from './risks/testDom';
import { sampleAipd, sampleReference } from './risks/testFixtures';

let app: Record<string, unknown> | null = null;
afterEach(() => {
  if (app) unmount(app);
  app = null;
  document.body.innerHTML = '';
});

function render(opts: { readonly?: boolean; edit?: (a: Aipd) => void } = {}) {
  const a = sampleAipd();
  opts.edit?.(a);
  const s = $state({ aipd: a });
  let changes = 0;
  app = mount(RiskSection, {
    target: document.body,
    props: {
      get aipd() {
        return s.aipd;
      },
      set aipd(v: Aipd) {
        s.aipd = v;
      },
      readonly: opts.readonly ?? false,
      onchange: () => changes++,
      reference: sampleReference(),
    },
  });
  flushSync();
  return { s, changes: () => changes };
}

const idOf = (s: { aipd: Aipd }, i: number) => `risk-${s.aipd.risks[i].id}`;

describe('RiskSection', () => {
  it('lists the three feared events first, none removable', () => {
    render();
    const cards = [...document.querySelectorAll('article.risk')];
    expect(cards.map((c) => text(c.querySelector('h3')))).toEqual([
      'Repère A Accès illégitime à des données',
      'Repère M Modification non désirée de données',
      'Repère D Disparition de données',
    ]);
    expect(document.querySelectorAll('article.risk .remove')).toHaveLength(0);
  });

  it('adds a custom risk with its title, and removes it after confirmation, keeping its actions', async () => {
    const { s } = render();
    click(document.getElementById('aipd-risk-add'));
    expect(s.aipd.risks).toHaveLength(3);
    expect(text(document.getElementById('aipd-risk-new-title-error'))).toContain('Écrivez d’abord');
    typeInto(document.getElementById('aipd-risk-new-title'), 'Détournement des images');
    click(document.getElementById('aipd-risk-add'));
    await settle();
    expect(s.aipd.risks).toHaveLength(4);
    expect(s.aipd.risks[3]).toMatchObject({ event: null, title: 'Détournement des images' });
    const card = document.getElementById(idOf(s, 3))!;
    expect(text(card.querySelector('h3'))).toBe('Repère R1 Détournement des images');
    expect(document.activeElement?.id).toBe(`${idOf(s, 3)}-title`);

    s.aipd.actions.push(newAction({ type: 'risk', id: s.aipd.risks[3].id }, 'Limiter les exports'));
    flushSync();
    click(card.querySelector('.remove'));
    expect(text(document.getElementById('aipd-risk-remove'))).toContain('1 action(s) corrective(s)');
    click(document.getElementById('aipd-risk-remove-confirm'));
    expect(s.aipd.risks).toHaveLength(3);
    expect(s.aipd.actions[0].part).toEqual({ type: 'general' });
  });

  it('a custom risk without title says so', () => {
    const { s } = render();
    typeInto(document.getElementById('aipd-risk-new-title'), 'X');
    click(document.getElementById('aipd-risk-add'));
    typeInto(document.getElementById(`${idOf(s, 3)}-title-field`), '');
    expect(text(document.getElementById(`${idOf(s, 3)}-title-field-error`))).toContain('Donnez un intitulé');
  });

  it('adds impacts by typing and Enter, from the suggestions, and removes them with the keyboard', () => {
    const { s, changes } = render();
    const base = `${idOf(s, 0)}-impacts`;
    const input = document.getElementById(`${base}-new`) as HTMLInputElement;
    typeInto(input, 'Usurpation d’identité');
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    flushSync();
    expect(s.aipd.risks[0].impacts).toEqual(['Usurpation d’identité']);
    typeInto(input, 'usurpation d’IDENTITE');
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    flushSync();
    expect(s.aipd.risks[0].impacts).toHaveLength(1);
    expect(text(document.querySelector(`[data-tags="${base}"] [role="status"]`))).toContain('déjà dans la liste');
    typeInto(input, '');
    // threats: only those of « accès illégitime » or of no event are offered
    const threats = document.querySelector(`[data-tags="${idOf(s, 0)}-threats"]`)!;
    expect([...threats.querySelectorAll('button.suggestion')].map((b) => text(b))).toEqual(['+ Vol d’un ordinateur']);
    click(threats.querySelector('button.suggestion'));
    expect(s.aipd.risks[0].threats).toEqual(['Vol d’un ordinateur']);
    expect(threats.querySelectorAll('button.suggestion')).toHaveLength(0);
    const remove = document.querySelector(`[data-tags="${base}"] button.remove`)!;
    expect(remove.getAttribute('aria-label')).toBe('Retirer « Usurpation d’identité »'.replace(/« /, '«\u00a0').replace(/ »/, '\u00a0»'));
    click(remove);
    expect(s.aipd.risks[0].impacts).toEqual([]);
    expect(changes()).toBe(3);
  });

  it('links measures by id', () => {
    const { s } = render();
    const box = document.getElementById(`${idOf(s, 1)}-measure-${s.aipd.measures[1].id}`) as HTMLInputElement;
    expect(text(box.closest('.field'))).toContain('Journalisation des accès (prévue)');
    click(box);
    expect(s.aipd.risks[1].measures).toEqual([s.aipd.measures[1].id]);
    click(box);
    expect(s.aipd.risks[1].measures).toEqual([]);
  });

  it('asks for the justification of each level and for the residual estimate once « Améliorable »', () => {
    const { s } = render();
    const base = idOf(s, 2);
    expect(text(document.getElementById(`${base}-initial-severity-justification-error`))).toContain('Justification à écrire');
    click(document.getElementById(`${base}-initial-severity-significant`));
    expect(s.aipd.risks[2].initial.severity).toBe('significant');
    typeInto(document.getElementById(`${base}-initial-severity-justification`), 'Perte des preuves d’une infraction.');
    expect(document.getElementById(`${base}-initial-severity-justification-error`)).toBeNull();
    expect(document.getElementById(`${base}-residual-title`)).toBeNull();
    click(document.getElementById(`${base}-eval-improvable`));
    expect(document.getElementById(`${base}-residual-title`)).not.toBeNull();
    click(document.getElementById(`${base}-residual-likelihood-limited`));
    expect(s.aipd.risks[2].residual.likelihood).toBe('limited');
    // the optional inherent estimate does not complain while empty
    const inherent = document.querySelector(`#${base} details.inherent`) as HTMLDetailsElement;
    inherent.open = true;
    inherent.dispatchEvent(new Event('toggle'));
    flushSync();
    expect(document.getElementById(`${base}-inherent-severity-justification-error`)).toBeNull();
  });

  it('shows a stale measure link so it can be removed', () => {
    const { s } = render({ edit: (a) => a.risks[0].measures.push('deleted-measure') });
    const box = document.getElementById(`${idOf(s, 0)}-measure-deleted-measure`) as HTMLInputElement;
    expect(box.checked).toBe(true);
    click(box);
    expect(s.aipd.risks[0].measures).toEqual([]);
  });

  it('read-only: no add, no tag input, radios disabled', () => {
    render({ readonly: true, edit: (a) => a.risks[0].impacts.push('Atteinte à la vie privée') });
    expect(document.getElementById('aipd-risk-add')).toBeNull();
    expect(document.querySelector('input[id$="-impacts-new"]')).toBeNull();
    expect(document.querySelector('button.remove')).toBeNull();
    expect([...document.querySelectorAll<HTMLInputElement>('input[type="radio"]')].every((r) => r.disabled)).toBe(true);
    expect(text(document.body)).toContain('Atteinte à la vie privée');
  });
});
