// Runtime translation: French by default, English on demand. Components call `t(key)` for
// our own strings and `loc(obj, 'message')` for the core's `_fr`/`_en` pairs.

import type { Lang } from '../lib/api';
import fr from './fr';
import en from './en';

export type MessageKey = keyof typeof fr;
export type Params = Record<string, string | number>;

export const catalogs: Record<Lang, Record<MessageKey, string>> = { fr, en };

class I18nState {
  lang = $state<Lang>('fr');
}

export const i18n = new I18nState();

/** Replaces `{name}` placeholders with `params.name`; unknown ones are left as is. */
export function interpolate(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

/** The string `key` in the current language. */
export function t(key: MessageKey, params?: Params): string {
  return interpolate(catalogs[i18n.lang][key] ?? fr[key], params);
}

type Localised<B extends string> = { [K in `${B}_fr` | `${B}_en`]: string };

/** The current-language variant of a core text pair: `loc(problem, 'message')`. */
export function loc<B extends string>(obj: Localised<B>, base: B): string {
  const key = `${base}_${i18n.lang}` as `${B}_fr` | `${B}_en`;
  return obj[key];
}

/** The current-language variant of a core list pair (`feedback_fr` / `feedback_en`). */
export function locList<B extends string>(obj: { [K in `${B}_fr` | `${B}_en`]: string[] }, base: B): string[] {
  const key = `${base}_${i18n.lang}` as `${B}_fr` | `${B}_en`;
  return obj[key];
}

/** Switches the language of the window (catalogs and `<html lang>`). */
export function applyLang(lang: Lang): void {
  i18n.lang = lang;
  if (typeof document !== 'undefined') {
    document.documentElement.lang = lang;
  }
}
