// DOM helpers for the risk screens' component tests (jsdom). Only imported by *.test.ts.

import { flushSync } from 'svelte';

/** Types `value` into an input or textarea as a user would (one input event). */
export function typeInto(el: Element | null, value: string): void {
  if (!el) throw new Error('no such field');
  (el as HTMLInputElement).value = value;
  el.dispatchEvent(new Event('input', { bubbles: true }));
  flushSync();
}

export function click(el: Element | null): void {
  if (!el) throw new Error('no such element');
  (el as HTMLElement).click();
  flushSync();
}

/** Text with the French no-break spaces made ordinary, whitespace folded. */
export function text(el: Element | null | undefined): string {
  return (el?.textContent ?? '').replace(/[\u00a0\u202f]/g, ' ').replace(/\s+/g, ' ').trim();
}

export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
  flushSync();
}
