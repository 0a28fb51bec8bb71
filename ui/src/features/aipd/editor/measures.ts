// The measures part's own logic: the choices of `measure_choices` grouped and searched for
// the picker, a choice turned into a measure of the analysis, and the removal of a measure
// with its links (risks point to measures by id, corrective actions by part).

import type { Lang } from '../../../lib/api';
import type { Aipd, AipdMeasure, MeasureChoice, MeasureOrigin, Risk } from '../model';

export type OriginKind = MeasureOrigin['type'];

/** The picker's groups, in this order. */
export const PICK_GROUPS: OriginKind[] = ['security_item', 'measure', 'knowledge_base', 'free'];

/** A stable key of where a measure comes from (`free` measures are all different). */
export function originKey(o: MeasureOrigin, id = ''): string {
  switch (o.type) {
    case 'security_item':
      return `security_item:${o.item_id}`;
    case 'measure':
      return `measure:${o.measure_id}`;
    case 'knowledge_base':
      return `knowledge_base:${o.entry_id}`;
    default:
      return `free:${id}`;
  }
}

/** Lower case without accents, for a search that forgives « sécurité » typed « securite ». */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

export const choiceTitle = (c: MeasureChoice, lang: Lang): string => (lang === 'en' ? c.title_en || c.title_fr : c.title_fr);
export const choiceDescription = (c: MeasureChoice, lang: Lang): string =>
  lang === 'en' ? c.description_en || c.description_fr : c.description_fr;

export interface PickItem {
  key: string;
  choice: MeasureChoice;
  /** Already a measure of the analysis (same origin). */
  present: boolean;
}

export interface PickGroup {
  kind: OriginKind;
  items: PickItem[];
}

/**
 * The choices matching `query` (every word, in the title or the description, accents and
 * case ignored), grouped by origin in {@link PICK_GROUPS} order; empty groups left out.
 */
export function pickGroups(choices: MeasureChoice[], measures: AipdMeasure[], query: string, lang: Lang): PickGroup[] {
  const words = fold(query).split(/\s+/).filter((w) => w !== '');
  const present = new Set(measures.map((m) => originKey(m.origin, m.id)));
  const groups: PickGroup[] = [];
  for (const kind of PICK_GROUPS) {
    const items: PickItem[] = [];
    for (const c of choices) {
      if (c.origin.type !== kind) continue;
      const text = fold(`${choiceTitle(c, lang)} ${choiceDescription(c, lang)}`);
      if (!words.every((w) => text.includes(w))) continue;
      const key = originKey(c.origin, c.title_fr);
      items.push({ key, choice: c, present: present.has(key) });
    }
    if (items.length > 0) groups.push({ kind, items });
  }
  return groups;
}

/** A measure of the analysis from a choice, in the window's language. */
export function fromChoice(c: MeasureChoice, lang: Lang, id: string): AipdMeasure {
  return {
    id,
    title: choiceTitle(c, lang),
    description: choiceDescription(c, lang),
    family: c.family,
    phase: c.phase,
    // a flat object; a copy, so that the analysis never shares it with the list of choices
    origin: { ...c.origin },
    evaluation: null,
  };
}

/** An empty measure written freely « Saisie libre ». */
export function freeMeasure(id: string): AipdMeasure {
  return { id, title: '', description: '', family: null, phase: 'planned', origin: { type: 'free' }, evaluation: null };
}

/** The risks that point to measure `id`. */
export function risksUsing(a: Aipd, id: string): Risk[] {
  return a.risks.filter((r) => Array.isArray(r.measures) && r.measures.includes(id));
}

/** Corrective actions about measure `id`. */
export function actionsOn(a: Aipd, id: string): number {
  return a.actions.filter((x) => x.part.type === 'measure' && x.part.id === id).length;
}

/**
 * Removes measure `id` and what points to it: the risks forget the link, the corrective
 * actions about it are attached to the analysis as a whole (never dropped). Returns how many
 * risks and actions were touched.
 */
export function removeMeasure(a: Aipd, id: string): { risks: number; actions: number } {
  let risks = 0;
  let actions = 0;
  a.measures = a.measures.filter((m) => m.id !== id);
  for (const r of a.risks) {
    if (Array.isArray(r.measures) && r.measures.includes(id)) {
      r.measures = r.measures.filter((m) => m !== id);
      risks += 1;
    }
  }
  for (const x of a.actions) {
    if (x.part.type === 'measure' && x.part.id === id) {
      x.part = { type: 'general' };
      actions += 1;
    }
  }
  return { risks, actions };
}

/** How a risk is named in lists: its label on the map, then its title. */
export function riskName(r: Risk): string {
  const label = r.label.trim();
  return label !== '' ? `${label} — ${r.title}` : r.title;
}
