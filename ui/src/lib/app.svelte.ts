// The window's state: which screen is shown, the open dossier's session, the save status.
// Screens call the functions below; they never keep a second copy of the session.

import { applyLang } from '../i18n/index.svelte';
import { api, type AppState, type Options, type Session, type Settings } from './api';
import { flushAll } from './autosave';
import { throttle } from './format';
import { setSessionLostHandler, showError } from './toast.svelte';

export type Screen = 'loading' | 'welcome' | 'create' | 'rescue' | 'unlock' | 'shell';
export type Page = 'dashboard' | 'organisation' | 'register' | 'security' | 'aipd' | 'breaches' | 'documents' | 'settings';
export const PAGES: Page[] = ['dashboard', 'organisation', 'register', 'security', 'aipd', 'breaches', 'documents', 'settings'];

/** `idle`: nothing to save; `saving`: a change waits or is being sent; `saved`: stored;
 *  `draft`: the last value had problems and is kept as an encrypted draft; `error`: the
 *  last save failed. */
export type SaveState = 'idle' | 'saving' | 'saved' | 'draft' | 'error';

class AppStore {
  screen = $state<Screen>('loading');
  state = $state<AppState | null>(null);
  session = $state<Session | null>(null);
  /** The file the unlock screen opens when no session holds it (recent list, open dialog). */
  openPath = $state<string | null>(null);
  page = $state<Page>('dashboard');
  save = $state<SaveState>('idle');
  options = $state<Options | null>(null);
  /** Bumped when the data of the current organisation changed under the screens' feet
   *  (restore, organisation switch) so that they reload. */
  generation = $state(0);

  get settings(): Settings {
    return this.state?.settings ?? { lang: 'fr', user_name: '', idle_lock_minutes: 10 };
  }
}

export const app = new AppStore();

/** The dossier is open and unlocked. */
export function isOpen(): boolean {
  return app.session !== null && !app.session.locked;
}

/** The screen for an application state just read from the shell. */
export function applyAppState(state: AppState): void {
  app.state = state;
  applyLang(state.settings.lang);
  setSession(state.session);
  if (!state.session) app.screen = 'welcome';
}

/** Re-reads the shell's state (after the shell locked or closed the dossier by itself). */
async function resync(): Promise<void> {
  try {
    const state = await api.appState();
    app.state = state;
    setSession(state.session);
    if (!state.session) app.screen = 'welcome';
  } catch {
    // the error toast is already shown
  }
}

export async function start(): Promise<void> {
  setSessionLostHandler(() => void resync());
  try {
    applyAppState(await api.appState());
  } catch (e) {
    showError(e);
    app.screen = 'welcome';
  }
}

/** Shows `session`: the shell when unlocked, the unlock screen when locked. */
export function setSession(session: Session | null, page?: Page): void {
  app.session = session;
  if (!session) {
    app.save = 'idle';
    return;
  }
  if (session.locked) {
    app.screen = 'unlock';
    app.openPath = null;
    return;
  }
  if (page) app.page = page;
  app.openPath = null;
  app.screen = 'shell';
}

/** After `dossier_open` / `dossier_create`: a fresh shell on `page`. */
export function openSession(session: Session, page: Page = 'dashboard'): void {
  app.save = 'idle';
  app.generation += 1;
  setSession(session, page);
}

/** Updates the session from a command's answer without changing the screen. */
export function updateSession(session: Session): void {
  app.session = session;
}

export async function ensureOptions(): Promise<Options | null> {
  if (app.options) return app.options;
  try {
    app.options = await api.enumOptions();
  } catch (e) {
    showError(e);
  }
  return app.options;
}

export async function saveSettings(settings: Settings): Promise<Settings> {
  const saved = await api.settingsSave(settings);
  if (app.state) app.state = { ...app.state, settings: saved };
  applyLang(saved.lang);
  return saved;
}

/** Changes the page of the shell, after sending what the current one still holds. */
export async function navigate(page: Page): Promise<void> {
  if (page === app.page) return;
  await flushAll();
  app.page = page;
}

let locking = false;

/** Flushes every pending edit, then locks the dossier (the unlock screen follows). */
export async function lockNow(): Promise<void> {
  if (!app.session || app.session.locked || locking) return;
  locking = true;
  try {
    await flushAll();
    const session = await api.dossierLock();
    setSession(session);
  } catch (e) {
    showError(e);
  } finally {
    locking = false;
  }
}

/** Flushes, closes the dossier and goes back to the welcome screen. */
export async function closeDossier(): Promise<void> {
  try {
    if (app.session && !app.session.locked) await flushAll();
    const state = await api.dossierClose();
    app.openPath = null;
    applyAppState(state);
    app.screen = 'welcome';
  } catch (e) {
    showError(e);
  }
}

/** The shell asked to quit: send what is pending, then let it exit. */
export async function exitApp(): Promise<void> {
  try {
    if (app.session && !app.session.locked) await flushAll();
  } finally {
    try {
      await api.appExit();
    } catch (e) {
      showError(e);
    }
  }
}

/** Tells the shell the user is active, at most every 20 s, while a dossier is open. */
const sendActivity = throttle(() => {
  api.activity().catch(() => undefined);
}, 20_000);

export function noteActivity(): void {
  if (isOpen()) sendActivity();
}
