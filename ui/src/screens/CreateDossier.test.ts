// @vitest-environment jsdom
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const calls: Array<[string, Record<string, unknown> | undefined]> = [];
vi.mock('@tauri-apps/api/core', () => ({
  invoke: vi.fn(async (cmd: string, args?: Record<string, unknown>) => {
    calls.push([cmd, args]);
    switch (cmd) {
      case 'suggest_dossier_path':
        return `/home/claire/Greffier/${String(args?.name)}.greffier`;
      case 'passphrase_assess': {
        const p = String(args?.passphrase);
        const strong = p.length >= 20;
        return {
          score: strong ? 4 : 1,
          bits: strong ? 90 : 20,
          acceptable: strong,
          min_chars: 20,
          label_fr: strong ? 'Très forte' : 'Faible',
          label_en: strong ? 'Very strong' : 'Weak',
          feedback_fr: [],
          feedback_en: [],
        };
      }
      case 'dossier_create':
        return {
          path: String(args?.path),
          file_name: 'Boulangerie Martin.greffier',
          locked: false,
          dossier_id: 'd',
          organisations: [{ id: 'o', legal_name: 'Boulangerie Martin', record_count: 0 }],
          current_org: 'o',
          backup_warning: null,
        };
      default:
        throw new Error(`unexpected command ${cmd}`);
    }
  }),
}));

const { default: CreateDossier } = await import('./CreateDossier.svelte');
const { app: store } = await import('../lib/app.svelte');

function type(id: string, value: string) {
  const el = document.getElementById(id) as HTMLInputElement;
  el.value = value;
  el.dispatchEvent(new Event('input', { bubbles: true }));
  flushSync();
}

const PASS = 'tartine-brioche-fournil-levain-croissant';
let component: Record<string, unknown> | null = null;

beforeEach(() => {
  calls.length = 0;
  component = mount(CreateDossier, { target: document.body });
  flushSync();
});
afterEach(() => {
  if (component) unmount(component);
  component = null;
  document.body.innerHTML = '';
});

const submit = () => document.getElementById('create-submit') as HTMLButtonElement;

describe('create form', () => {
  it('prefills the path from the name until the user edits it', async () => {
    type('create-org-name', 'Boulangerie Martin');
    await vi.waitFor(() =>
      expect((document.getElementById('create-path') as HTMLInputElement).value).toBe(
        '/home/claire/Greffier/Boulangerie Martin.greffier',
      ),
    );
    type('create-path', '/tmp/a.greffier');
    type('create-org-name', 'Boulangerie Martin et fils');
    await new Promise((r) => setTimeout(r, 400));
    expect((document.getElementById('create-path') as HTMLInputElement).value).toBe('/tmp/a.greffier');
  });

  it('enables submit only when every condition holds, then creates and clears', async () => {
    expect(submit().disabled).toBe(true);
    type('create-org-name', 'Boulangerie Martin');
    type('create-path', '/tmp/Boulangerie Martin.greffier');
    type('create-pass', 'court');
    type('create-pass2', 'court');
    await vi.waitFor(() => expect(document.getElementById('strength')?.textContent).toContain('Faible'));
    (document.getElementById('create-ack') as HTMLInputElement).click();
    flushSync();
    expect(submit().disabled).toBe(true); // too weak

    type('create-pass', PASS);
    await vi.waitFor(() => expect(document.getElementById('strength')?.textContent).toContain('forte'));
    expect(submit().disabled).toBe(true); // confirmation differs
    expect(document.getElementById('create-pass2-error')?.textContent).toContain('identiques');

    type('create-pass2', PASS);
    expect(submit().disabled).toBe(false);

    (document.getElementById('create-ack') as HTMLInputElement).click();
    flushSync();
    expect(submit().disabled).toBe(true); // not acknowledged
    (document.getElementById('create-ack') as HTMLInputElement).click();
    flushSync();
    expect(submit().disabled).toBe(false);

    submit().click();
    await vi.waitFor(() => expect(store.screen).toBe('rescue'));
    const create = calls.find(([c]) => c === 'dossier_create');
    expect(create?.[1]).toEqual({
      path: '/tmp/Boulangerie Martin.greffier',
      passphrase: PASS,
      organisationName: 'Boulangerie Martin',
    });
    expect(store.page).toBe('organisation');
    expect((document.getElementById('create-pass') as HTMLInputElement).value).toBe('');
  });
});
