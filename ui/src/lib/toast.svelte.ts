// Toasts: short messages in a polite live region. Errors stay longer and can be dismissed.

import { loc } from '../i18n/index.svelte';
import { toAppError } from './api';

export type ToastKind = 'info' | 'success' | 'error';

export interface Toast {
  id: number;
  kind: ToastKind;
  text: string;
}

class ToastStore {
  items = $state<Toast[]>([]);
  #next = 1;

  push(kind: ToastKind, text: string, timeoutMs = kind === 'error' ? 15000 : 6000): number {
    const id = this.#next++;
    this.items = [...this.items, { id, kind, text }];
    if (timeoutMs > 0 && typeof setTimeout !== 'undefined') setTimeout(() => this.dismiss(id), timeoutMs);
    return id;
  }

  dismiss(id: number): void {
    this.items = this.items.filter((t) => t.id !== id);
  }

  clear(): void {
    this.items = [];
  }
}

export const toasts = new ToastStore();

let onSessionLost: (() => void) | null = null;

/** What to do when a command says the dossier is locked or closed behind the window's back
 *  (the shell locks by itself when the window does not answer in time). */
export function setSessionLostHandler(handler: () => void): void {
  onSessionLost = handler;
}

/** Shows any rejection in the current language. */
export function showError(e: unknown): void {
  const err = toAppError(e);
  toasts.push('error', loc(err, 'message'));
  if (err.code === 'locked' || err.code === 'no_dossier') onSessionLost?.();
}

export function showSuccess(text: string): void {
  toasts.push('success', text);
}
