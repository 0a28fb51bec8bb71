// @vitest-environment jsdom
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { Level } from './model';
import { sampleReference } from './risks/testFixtures';
import ScaleChoice from './ScaleChoice.svelte';

let app: Record<string, unknown> | null = null;
afterEach(() => {
  if (app) unmount(app);
  app = null;
  document.body.innerHTML = '';
});

function render(kind: 'severity' | 'likelihood', initial: Level | null, extra: Record<string, unknown> = {}) {
  const state = $state({ value: initial });
  const changes: (Level | null)[] = [];
  app = mount(ScaleChoice, {
    target: document.body,
    props: {
      id: 'sc',
      kind,
      reference: sampleReference(),
      get value() {
        return state.value;
      },
      set value(v: Level | null) {
        state.value = v;
      },
      onchange: (v: Level | null) => changes.push(v),
      ...extra,
    },
  });
  flushSync();
  return { state, changes };
}

describe('ScaleChoice', () => {
  it('is a radio group with the four levels and each definition beside it', () => {
    render('severity', null);
    expect(document.querySelector('fieldset legend')?.textContent).toContain('Gravité');
    const radios = document.querySelectorAll<HTMLInputElement>('input[type="radio"]');
    expect([...radios].map((r) => r.value)).toEqual(['negligible', 'limited', 'significant', 'maximum']);
    expect([...document.querySelectorAll('label')].map((l) => l.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      '1 Négligeable',
      '2 Limitée',
      '3 Importante',
      '4 Maximale',
    ]);
    const def = document.getElementById(radios[3].getAttribute('aria-describedby')!)!;
    expect(def.textContent).toContain('Gravité maximum : Des conséquences irrémédiables');
    expect(def.textContent).toContain('Exemple de gravité maximum');
    expect(def.textContent).toContain('Second exemple maximum');
    expect(document.body.textContent).toContain('Aucun niveau choisi');
  });

  it('shows the likelihood definitions and example for the likelihood scale', () => {
    render('likelihood', 'limited');
    expect(document.querySelector('fieldset legend')?.textContent).toContain('Vraisemblance');
    expect(document.body.textContent).toContain('Pièce fermée par badge');
    expect(document.body.textContent).not.toContain('Exemple de gravité');
  });

  it('selects a level, names it in text and highlights its row', () => {
    const { state, changes } = render('severity', null);
    const radio = document.getElementById('sc-significant') as HTMLInputElement;
    radio.click();
    flushSync();
    expect(state.value).toBe('significant');
    expect(changes).toEqual(['significant']);
    const row = document.querySelector('li.level.selected')!;
    expect(row.getAttribute('data-level')).toBe('significant');
    expect(row.textContent).toContain('Niveau choisi');
    expect(document.querySelectorAll('li.level.selected')).toHaveLength(1);
    expect(document.querySelector('p.status')?.textContent?.replace(/[\u00a0\u202f]/g, ' ').trim()).toBe('Gravité : Importante');
  });

  it('clears the level and asks for one when required', () => {
    const { state, changes } = render('severity', 'maximum', { required: true });
    expect(document.getElementById('sc-maximum')).toHaveProperty('checked', true);
    (document.querySelector('button.link') as HTMLButtonElement).click();
    flushSync();
    expect(state.value).toBeNull();
    expect(changes).toEqual([null]);
    expect(document.getElementById('sc-missing')?.textContent).toContain('Choisissez un niveau');
    expect(document.querySelector('fieldset')?.getAttribute('aria-describedby')).toBe('sc-missing');
  });

  it('opens the general definition behind « ? »', () => {
    render('likelihood', null);
    const about = document.getElementById('sc-about')!;
    expect(about.hidden).toBe(true);
    const toggle = document.querySelector('button.about-toggle') as HTMLButtonElement;
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    toggle.click();
    flushSync();
    expect(about.hidden).toBe(false);
    expect(about.textContent).toContain('facilité avec laquelle');
  });

  it('is read-only when asked', () => {
    render('severity', 'limited', { readonly: true });
    const radios = [...document.querySelectorAll<HTMLInputElement>('input[type="radio"]')];
    expect(radios.every((r) => r.disabled)).toBe(true);
    expect(document.querySelector('button.link')).toBeNull();
  });
});
