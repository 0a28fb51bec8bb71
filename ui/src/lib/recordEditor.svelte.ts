// What every editor of one stored record (a processing, an activity carried out as a
// processor, the organisation profile) does around its form: load it (the stored value or
// its encrypted draft), send every change 600 ms after the last keystroke, show the save
// state, send pending edits before closing or leaving, resume or discard a draft, and focus
// the field a remark is about. The form itself, and what a save answers, stay with the editor.

import { tick } from 'svelte';
import { app } from './app.svelte';
import { createAutosave, registerFlusher, type Autosaver } from './autosave';
import { showError } from './toast.svelte';

export interface RecordEditorHooks<F, T, R extends { saved: boolean }> {
  /** Sends the edited value. */
  save: (value: T) => Promise<R>;
  /** Puts a loaded form (stored value or draft) into the editor; `true` when it is a draft. */
  apply: (form: F) => boolean;
  /** The core's answer to the latest save (problems, verdicts). */
  onresult: (result: R) => void;
  /** The latest save was stored and no newer edit waits (time stamps may be copied). */
  onstored?: (result: R) => void;
}

export class RecordEditor<F, T, R extends { saved: boolean }> {
  loaded = $state(false);
  loadError = $state(false);
  /** The form shown is a draft kept from an earlier session. */
  restoredDraft = $state(false);
  /** The user chose to go on with the draft (its notice is hidden). */
  draftResumed = $state(false);
  discarding = $state(false);

  readonly saver: Autosaver<T>;
  readonly #hooks: RecordEditorHooks<F, T, R>;
  readonly #unregister: () => void;

  constructor(hooks: RecordEditorHooks<F, T, R>) {
    this.#hooks = hooks;
    this.saver = createAutosave<T, R>(hooks.save, 600, {
      onStart: () => {
        app.save = 'saving';
      },
      onResult: (r, _v, superseded) => {
        if (superseded) return;
        hooks.onresult(r);
        app.save = r.saved ? 'saved' : 'draft';
        if (r.saved) {
          this.restoredDraft = false;
          if (!this.saver.pending) hooks.onstored?.(r);
        }
      },
      onError: (e, _v, superseded) => {
        showError(e);
        if (!superseded) app.save = 'error';
      },
    });
    this.#unregister = registerFlusher(() => this.saver.flush());
  }

  /** Puts `form` into the editor and shows whether it is a draft. */
  apply(form: F): void {
    this.restoredDraft = this.#hooks.apply(form);
    this.draftResumed = false;
    app.save = this.restoredDraft ? 'draft' : 'saved';
  }

  /** Loads the form; then focuses `focusId` (the title) when given. */
  async load(fetch: () => Promise<F>, focusId?: string): Promise<void> {
    try {
      this.apply(await fetch());
      this.loaded = true;
      if (focusId !== undefined) {
        await tick();
        document.getElementById(focusId)?.focus();
      }
    } catch (e) {
      this.loadError = true;
      showError(e);
    }
  }

  /** The value changed: sends it after the delay. */
  changed(value: T): void {
    app.save = 'saving';
    this.saver.schedule(value);
  }

  /** Sends pending edits now. */
  flush(): Promise<void> {
    return this.saver.flush();
  }

  /** Sends pending edits, then leaves. */
  async close(onclose: () => void): Promise<void> {
    await this.saver.flush();
    onclose();
  }

  /** Forgets the draft: pending edits are dropped and the stored value is shown again. */
  async discardDraft(discard: () => Promise<F>): Promise<void> {
    this.discarding = true;
    this.saver.cancel();
    try {
      await this.saver.flush();
      this.apply(await discard());
    } catch (e) {
      showError(e);
    } finally {
      this.discarding = false;
    }
  }

  /** Goes on with the draft: to its first problem (`goTo`), or to `titleId` when it has none. */
  async resumeDraft(firstPath: string | undefined, goTo: (path: string) => Promise<void>, titleId: string): Promise<void> {
    this.draftResumed = true;
    await tick();
    if (firstPath !== undefined) await goTo(firstPath);
    else document.getElementById(titleId)?.focus();
  }

  /** The editor goes away: pending edits are still sent. */
  destroy(): void {
    this.#unregister();
    void this.saver.flush().finally(() => this.saver.dispose());
  }
}

/** Focuses `el` and scrolls it into view. */
export function focusEl(el: HTMLElement): void {
  el.focus();
  if (typeof el.scrollIntoView === 'function') el.scrollIntoView({ block: 'center' });
}

/** Focuses the first element found among `ids` (most precise first); `false` when none is there. */
export function focusField(ids: readonly string[]): boolean {
  for (const id of ids) {
    const el = document.getElementById(id);
    if (el) {
      focusEl(el);
      return true;
    }
  }
  return false;
}

/** Focuses the element `id` once the DOM is updated. */
export async function focusId(id: string): Promise<void> {
  await tick();
  document.getElementById(id)?.focus();
}
