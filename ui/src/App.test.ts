// @vitest-environment jsdom
// The whole window against a small fake shell: welcome → create → rescue kit → profile with
// autosave and a refused SIREN → lock (the pending edit is flushed as a draft) → unlock →
// dashboard → settings → close. Checks the ids the desktop e2e tests rely on.
import { flushSync, mount, unmount } from 'svelte';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Organisation, Problem } from './lib/api';
import { blankOrganisation } from './lib/fixtures.test-support';

type Args = Record<string, unknown> | undefined;
const log: string[] = [];
const PASS = 'tartine-brioche-fournil-levain-croissant';

function newOrg(name: string): Organisation {
  return blankOrganisation(name, 'org-1');
}

const fake = {
  lang: 'fr' as 'fr' | 'en',
  org: null as Organisation | null,
  draft: null as Organisation | null,
  path: '',
  locked: false,
  open: false,
};

function problems(o: Organisation): Problem[] {
  if (o.siren && o.siren !== '732829320')
    return [{ path: '/siren', code: 'siren_checksum', message_fr: 'Clé de contrôle fausse', message_en: 'Wrong check key' }];
  return [];
}

function session() {
  return {
    path: fake.path,
    file_name: 'Boulangerie Martin.greffier',
    locked: fake.locked,
    dossier_id: fake.locked ? null : 'd',
    organisations: fake.locked ? [] : [{ id: 'org-1', legal_name: fake.org?.legal_name ?? '', record_count: 0 }],
    current_org: 'org-1',
    backup_warning: null,
  };
}

function appState() {
  return {
    version: '0.1.0',
    settings: { lang: fake.lang, user_name: '', idle_lock_minutes: 10 },
    recent: fake.path ? [{ path: fake.path, file_name: 'Boulangerie Martin.greffier', last_opened: '2026-11-23T08:00:00Z', exists: true }] : [],
    session: fake.open ? session() : null,
    default_dir: '/home/claire/Greffier',
  };
}

const strong = (p: string) => ({
  score: p.length >= 20 ? 4 : 1,
  bits: 80,
  acceptable: p.length >= 20,
  min_chars: 20,
  label_fr: p.length >= 20 ? 'Très forte' : 'Faible',
  label_en: p.length >= 20 ? 'Very strong' : 'Weak',
  feedback_fr: [],
  feedback_en: [],
});

async function handle(cmd: string, args: Args): Promise<unknown> {
  log.push(cmd);
  const a = args ?? {};
  switch (cmd) {
    case 'app_state':
      return appState();
    case 'settings_save':
      fake.lang = (a.settings as { lang: 'fr' | 'en' }).lang;
      return a.settings;
    case 'enum_options':
      return { headcount: [], public_body_kind: [], relationship: [{ value: 'own', label_fr: 'Mon organisme', label_en: 'My organisation' }], dpo_kind: [], dpo_person_type: [] };
    case 'passphrase_assess':
      return strong(String(a.passphrase));
    case 'suggest_dossier_path':
      return `/home/claire/Greffier/${String(a.name)}.greffier`;
    case 'dossier_create':
      fake.path = String(a.path);
      fake.org = newOrg(String(a.organisationName));
      fake.open = true;
      return session();
    case 'org_form':
      return { organisation: fake.org, draft: fake.draft, problems: fake.draft ? problems(fake.draft) : [] };
    case 'org_update': {
      const o = a.organisation as Organisation;
      const p = problems(o);
      if (p.length === 0) {
        fake.org = o;
        fake.draft = null;
        return { saved: true, organisation: o, problems: [] };
      }
      fake.draft = o;
      return { saved: false, organisation: fake.org, problems: p };
    }
    case 'dossier_lock':
      fake.locked = true;
      return session();
    case 'dossier_unlock':
      if (a.passphrase !== PASS)
        throw { code: 'wrong_passphrase', message_fr: 'Phrase de passe incorrecte.', message_en: 'Wrong passphrase.', problems: [] };
      fake.locked = false;
      return session();
    case 'dashboard':
      return {
        organisation: fake.org,
        counts: { processings: 0, processor_activities: 0, third_parties: 0, measures: 0 },
        organisations: 1,
        last_backup: null,
        backup_warning: null,
        has_draft: fake.draft !== null,
        profile_gaps: [{ path: '/siren', label_fr: 'numéro SIREN', label_en: 'SIREN number' }],
        register: { total: 3, archived: 1, drafts: 1, complete: 1, validated: 0, overdue: 1, sensitive: 0, incomplete: 1 },
        security: {
          started: false,
          overall: null,
          applicable: 0,
          answered: 0,
          open_actions: 0,
          overdue_actions: 0,
          last_snapshot_at: null,
          last_snapshot_overall: null,
        },
      };
    case 'backups_list':
      return [
        { path: '/b/1', created_at: '2026-11-23T08:00:00Z', reason: 'open', label_fr: 'À l’ouverture', label_en: 'On opening', size_bytes: 40960, safety: false },
      ];
    case 'dossier_close':
      fake.open = false;
      return appState();
    case 'activity':
      return null;
    default:
      throw new Error(`unexpected command ${cmd}`);
  }
}

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn((cmd: string, args: Args) => handle(cmd, args)) }));
vi.mock('@tauri-apps/api/event', () => ({ listen: vi.fn(async () => () => {}) }));

const { default: App } = await import('./App.svelte');

const $ = <T extends HTMLElement = HTMLElement>(css: string) => document.querySelector<T>(css);
async function waitFor(css: string): Promise<HTMLElement> {
  return vi.waitFor(
    () => {
      const el = $(css);
      if (!el) throw new Error(`${css} not found`);
      return el;
    },
    { timeout: 3000 },
  );
}
function fill(css: string, value: string) {
  const el = $<HTMLInputElement>(css)!;
  el.value = value;
  el.dispatchEvent(new Event('input', { bubbles: true }));
  flushSync();
}
function click(css: string) {
  $(css)!.click();
  flushSync();
}

let component: Record<string, unknown>;
beforeAll(() => {
  component = mount(App, { target: document.body });
});
afterAll(() => unmount(component));

describe('the window against a fake shell', () => {
  it('goes from the welcome screen to a saved profile, through lock and unlock', async () => {
    const welcome = await waitFor('#welcome');
    expect(welcome.textContent).toContain('Greffier');
    expect($('#create-dossier')!.textContent).toContain('Créer un dossier');

    // Language switch, kept through settings_save.
    const lang = $<HTMLSelectElement>('#welcome-lang')!;
    lang.value = 'en';
    lang.dispatchEvent(new Event('change', { bubbles: true }));
    flushSync();
    expect(document.documentElement.lang).toBe('en');
    await vi.waitFor(() => expect($('#create-dossier')!.textContent).toContain('Create a dossier'));
    lang.value = 'fr';
    lang.dispatchEvent(new Event('change', { bubbles: true }));
    flushSync();
    await vi.waitFor(() => expect(fake.lang).toBe('fr'));

    click('#create-dossier');
    await waitFor('#create-form');
    fill('#create-org-name', 'Boulangerie Martin');
    fill('#create-pass', PASS);
    fill('#create-pass2', PASS);
    await vi.waitFor(() => expect($('#strength')!.textContent).toMatch(/forte/));
    await vi.waitFor(() => expect($<HTMLInputElement>('#create-path')!.value).toContain('Boulangerie Martin'));
    click('#create-ack');
    expect($<HTMLButtonElement>('#create-submit')!.disabled).toBe(false);
    click('#create-submit');

    await waitFor('#rescue-kit');
    click('#rescue-kit-continue');
    await waitFor('#organisation-form');
    expect($<HTMLInputElement>('#org-legal_name')!.value).toBe('Boulangerie Martin');
    expect($('#save-status')!.textContent).toContain('Enregistré');
    expect($('[data-nav="organisation"]')!.getAttribute('aria-current')).toBe('page');

    // A refused SIREN: inline error after the autosave.
    fill('#org-siren', '123456789');
    expect($('#save-status')!.textContent).toContain('Enregistrement');
    await waitFor('#org-siren-error');
    expect($('#org-siren')!.getAttribute('aria-invalid')).toBe('true');
    expect($('#org-siren')!.getAttribute('aria-describedby')).toContain('org-siren-error');
    expect($('#save-status')!.textContent).toContain('brouillon conservé');

    fill('#org-siren', '732829320');
    await vi.waitFor(() => expect($('#org-siren-error')).toBeNull(), { timeout: 3000 });
    expect($('#save-status')!.textContent).toMatch(/Enregistré/);
    expect(fake.org?.siren).toBe('732829320');

    // Typed just before locking: flushed as a draft.
    fill('#org-siren', '111111111');
    click('#lock-now');
    await waitFor('#unlock');
    expect(fake.draft?.siren).toBe('111111111');

    fill('#unlock-pass', 'pas-la-bonne');
    $<HTMLFormElement>('#unlock')!.requestSubmit();
    const err = await waitFor('#unlock-error');
    expect(err.textContent).toContain('incorrecte');
    expect(err.getAttribute('role')).toBe('alert');
    expect($<HTMLInputElement>('#unlock-pass')!.value).toBe('');

    fill('#unlock-pass', PASS);
    $<HTMLFormElement>('#unlock')!.requestSubmit();
    await waitFor('#main-nav');
    await waitFor('#org-draft-notice');
    expect($<HTMLInputElement>('#org-siren')!.value).toBe('111111111');
    await waitFor('#org-siren-error');

    click('[data-nav="dashboard"]');
    await waitFor('#dashboard');
    expect($('#dashboard')!.textContent).toContain('Boulangerie Martin');
    expect($('#dashboard')!.textContent).toContain('numéro SIREN');
    // The register card counts what the core counted (3 entries, 1 archived → 2 current).
    expect($('#dashboard-register')!.textContent).toMatch(/2\s*traitement\(s\) en cours/);
    expect($('#dashboard-register')!.textContent).toMatch(/1\s*⚠?\s*revue\(s\) en retard/);

    click('[data-nav="settings"]');
    await waitFor('#settings');
    await waitFor('#backups-table tbody tr');
    for (const id of ['#settings-lang', '#settings-user-name', '#settings-idle', '#pass-old', '#pass-new', '#pass-new2', '#pass-change-submit', '#org-add-name', '#org-add-submit']) {
      expect($(id), id).not.toBeNull();
    }

    click('[data-nav="register"]');
    await waitFor('#register');

    click('#close-dossier');
    await waitFor('#welcome');
    await waitFor(`#recent-list button.recent[data-path="${fake.path}"]`);
  });
});
