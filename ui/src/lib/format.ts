// Small pure helpers: display formats, JSON-pointer → element id, throttling.

import type { Lang } from './api';

/** `732829320` → `732 829 320`; anything that is not 9 digits is returned as typed. */
export function formatSiren(value: string | null | undefined): string {
  const v = (value ?? '').replace(/[\s\u00a0\u202f]/g, '');
  if (/^\d{9}$/.test(v)) return `${v.slice(0, 3)} ${v.slice(3, 6)} ${v.slice(6)}`;
  return (value ?? '').trim();
}

/** `73282932000074` → `732 829 320 00074`; anything else as typed. */
export function formatSiret(value: string | null | undefined): string {
  const v = (value ?? '').replace(/[\s\u00a0\u202f]/g, '');
  if (/^\d{14}$/.test(v)) return `${formatSiren(v.slice(0, 9))} ${v.slice(9)}`;
  return (value ?? '').trim();
}

function locale(lang: Lang): string {
  return lang === 'fr' ? 'fr-FR' : 'en-GB';
}

/** A date-time (RFC 3339) for people: `23 novembre 2026 à 08:00` style; the text as is if unreadable. */
export function formatDateTime(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(lang), { dateStyle: 'long', timeStyle: 'short' }).format(d);
}

/** A size in bytes, in the unit people read (ko / Mo in French, kB / MB in English). */
export function formatBytes(n: number, lang: Lang): string {
  const units = lang === 'fr' ? ['o', 'ko', 'Mo', 'Go'] : ['B', 'kB', 'MB', 'GB'];
  let v = n;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i += 1;
  }
  const num = new Intl.NumberFormat(locale(lang), { maximumFractionDigits: i === 0 ? 0 : 1 }).format(v);
  return `${num}\u00a0${units[i]}`;
}

/** The last component of a path (either separator). */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

/** The file name without its extension: `Boulangerie.greffier` → `Boulangerie`. */
export function stem(fileName: string): string {
  const i = fileName.lastIndexOf('.');
  return i > 0 ? fileName.slice(0, i) : fileName;
}

/**
 * The id of the input that edits the value at JSON pointer `path`, under `prefix`:
 * `/dpo/private_contact/email` → `org-dpo-private_contact-email`. Address lines are
 * numbered from one: `/address/lines/0` → `org-address-line1`. The root (`""`) gives the
 * prefix alone.
 */
export function pathToId(prefix: string, path: string): string {
  const segments = path
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const out: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i];
    const next = segments[i + 1];
    if (s === 'lines' && next !== undefined && /^\d+$/.test(next)) {
      out.push(`line${Number(next) + 1}`);
      i += 1;
    } else {
      out.push(s);
    }
  }
  return [prefix, ...out].filter((s) => s !== '').join('-');
}

/**
 * `fn` called at most once every `intervalMs` (the first call goes through at once, later
 * ones inside the interval are dropped).
 */
export function throttle<A extends unknown[]>(
  fn: (...args: A) => void,
  intervalMs: number,
  now: () => number = Date.now,
): (...args: A) => void {
  let last = -Infinity;
  return (...args: A) => {
    const t = now();
    if (t - last >= intervalMs) {
      last = t;
      fn(...args);
    }
  };
}

/** Calls `fn` once `delayMs` after the last call; `cancel` forgets a waiting call. */
export function debounce<A extends unknown[]>(
  fn: (...args: A) => void,
  delayMs: number,
): ((...args: A) => void) & { cancel: () => void } {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const d = (...args: A) => {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      fn(...args);
    }, delayMs);
  };
  d.cancel = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };
  return d;
}
