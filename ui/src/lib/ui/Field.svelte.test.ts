// @vitest-environment jsdom
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import TextField from './TextField.svelte';

let app: Record<string, unknown> | null = null;
afterEach(() => {
  if (app) unmount(app);
  app = null;
  document.body.innerHTML = '';
});

describe('Field wiring', () => {
  it('links label, help and error to the input', () => {
    const props = $state({ error: null as string | null });
    app = mount(TextField, {
      target: document.body,
      props: {
        id: 'org-siren',
        label: 'Numéro SIREN',
        help: '9 chiffres',
        value: '',
        get error() {
          return props.error;
        },
      },
    });
    const input = document.getElementById('org-siren') as HTMLInputElement;
    expect(document.querySelector('label')?.getAttribute('for')).toBe('org-siren');
    expect(input.getAttribute('aria-describedby')).toBe('org-siren-help');
    expect(input.hasAttribute('aria-invalid')).toBe(false);
    expect(document.getElementById('org-siren-error')).toBeNull();

    props.error = 'Clé de contrôle fausse';
    flushSync();
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toBe('org-siren-help org-siren-error');
    expect(document.getElementById('org-siren-error')?.textContent).toContain('Clé de contrôle fausse');

    props.error = null;
    flushSync();
    expect(input.hasAttribute('aria-invalid')).toBe(false);
    expect(document.getElementById('org-siren-error')).toBeNull();
  });

  it('reports what is typed', () => {
    const typed: string[] = [];
    app = mount(TextField, {
      target: document.body,
      props: { id: 'x', label: 'X', value: '', oninput: (v: string) => typed.push(v) },
    });
    const input = document.getElementById('x') as HTMLInputElement;
    input.value = '732829320';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    expect(typed).toEqual(['732829320']);
  });
});
