// Pure helpers of the « Documents » screen: which page a « where to fill it » points to, the
// « dernière génération » line, the search filter. Nothing here decides a rule.

import type { Lang } from '../../lib/api';
import type { Page } from '../../lib/app.svelte';
import type { DocumentEntry, Generation } from './api';

/** The first part of the core's `where_fr` (« Organisme › Délégué ») → the page to open. */
const PAGE_OF: Record<string, Page> = {
  organisme: 'organisation',
  registre: 'register',
  'sécurité': 'security',
  securite: 'security',
  aipd: 'aipd',
  "analyses d'impact": 'aipd',
  'analyses d’impact': 'aipd',
  violations: 'breaches',
  'violations de données': 'breaches',
};

/** The page where the missing item is filled in, when the place names one of ours. */
export function pageOfWhere(whereFr: string): Page | null {
  const first = whereFr.split(/[›>]/)[0].trim().toLowerCase();
  return PAGE_OF[first] ?? null;
}

/** `24/11/2026` and `10:32` in local time; null when the date cannot be read. */
export function generationParts(g: Generation, lang: Lang): { date: string; time: string } | null {
  const d = new Date(g.at);
  if (Number.isNaN(d.getTime())) return null;
  const locale = lang === 'fr' ? 'fr-FR' : 'en-GB';
  return {
    date: new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric' }).format(d),
    time: new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hour12: false }).format(d),
  };
}

/** Lower case, without accents, for the search. */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/** Does `doc` match every word of `query` (title, purpose, destination, in both languages)? */
export function matches(doc: DocumentEntry, query: string): boolean {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const hay = fold(
    [doc.title_fr, doc.title_en, doc.description_fr, doc.description_en, doc.destination_fr ?? '', doc.destination_en ?? ''].join(' '),
  );
  return words.every((w) => hay.includes(w));
}

/** A safe id fragment from a document key (`aipd:…` has a colon). */
export function keyId(key: string): string {
  return key.replace(/[^A-Za-z0-9_-]/g, '-');
}
