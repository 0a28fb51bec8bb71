// Pure conversions of the processing editor: a stored processing or a draft (any JSON) into
// the object the form edits, the object back into what is sent, retention periods, counts
// typed as text, list edits. Conventions of the model (src/model/common.rs): blank free
// text is "", an unknown choice is `null`. A number the model cannot read (« 5a ») is sent
// as typed: the core keeps it as a draft and reports the field.

import type { EnumOption } from '../../../lib/api';
import type {
  Country,
  CriminalData,
  JointController,
  Processing,
  ProcessingStatus,
  Purpose,
  Retention,
  ThirdParty,
  ThirdPartyKind,
  ContractStatus,
  TimeUnit,
  Transfer,
} from '../model';

// The helpers below also fill the processor activities (../processor/form.ts).

export type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** Sets `o[k]` to `def` when it is missing (a present value, even of a wrong type, is kept). */
export function fill(o: Obj, k: string, def: unknown): void {
  if (o[k] === undefined) o[k] = def;
}

export function fillList(o: Obj, k: string, each?: (item: Obj) => void): void {
  if (!Array.isArray(o[k])) {
    if (o[k] === undefined || o[k] === null) o[k] = [];
    return;
  }
  if (each) for (const it of o[k] as unknown[]) if (isObj(it)) each(it);
}

function fillAddress(o: Obj): void {
  fillList(o, 'lines');
  fill(o, 'postcode', '');
  fill(o, 'city', '');
  fill(o, 'country', 'FR');
}

function fillContact(o: Obj): void {
  fill(o, 'email', null);
  fill(o, 'phone', null);
  if (!isObj(o.address)) o.address = {};
  fillAddress(o.address as Obj);
}

/**
 * The `contact` of `item` (e-mail, phone, postal address), made an object if it is not one,
 * with its missing parts set to the defaults.
 */
export function fillContactOf(item: Obj): void {
  if (!isObj(item.contact)) item.contact = {};
  fillContact(item.contact as Obj);
}

/**
 * A deep copy of a stored record or a draft (any JSON; not an object → `{}`), with its
 * id, time stamps, name and reference set to the defaults when missing.
 */
export function recordFrom(raw: unknown): Obj {
  const o: Obj = isObj(raw) ? clone(raw) : {};
  fill(o, 'id', '');
  fill(o, 'created_at', '');
  fill(o, 'updated_at', '');
  fill(o, 'name', '');
  fill(o, 'reference', '');
  return o;
}

function fillRetention(o: Obj): void {
  if (o.type === 'duration') {
    fill(o, 'starting_point', '');
    fill(o, 'legal_source', '');
  } else if (o.type === 'criterion') {
    fill(o, 'criterion', '');
    fill(o, 'legal_source', '');
  }
}

function fillRetentionField(o: Obj): void {
  fill(o, 'retention', null);
  if (isObj(o.retention)) fillRetention(o.retention);
}

/** A transfer outside the EU with its missing fields set to the defaults. */
export function fillTransfer(t: Obj): void {
  fill(t, 'recipient', '');
  fill(t, 'country', '');
  fill(t, 'safeguard', null);
  fill(t, 'documentation', '');
}

/** The `security` part (description, measures, categories), made an object if it is not one. */
export function fillSecurity(o: Obj): void {
  if (!isObj(o.security)) o.security = {};
  const sec = o.security as Obj;
  fill(sec, 'description', '');
  fillList(sec, 'measures');
  fillList(sec, 'categories');
}

/**
 * The processing the form edits, from the stored one or from a draft: a deep copy with every
 * missing field set to the model's default (serde `default`), unknown fields kept.
 */
export function normalize(raw: unknown): Processing {
  const o = recordFrom(raw);
  fill(o, 'role', 'controller');
  fillList(o, 'joint_controllers', (j) => {
    fill(j, 'name', '');
    fillContactOf(j);
    fill(j, 'arrangement', '');
  });
  fill(o, 'department', '');
  fill(o, 'owner', '');
  fillList(o, 'software');
  fill(o, 'paper', false);
  fillList(o, 'purposes', (p) => {
    fill(p, 'description', '');
    fill(p, 'is_main', false);
    fill(p, 'legal_basis', 'to_determine');
    fill(p, 'justification', '');
  });
  fillList(o, 'persons_concerned', (p) => {
    fill(p, 'details', '');
    fill(p, 'approximate_number', null);
    fill(p, 'vulnerable', false);
  });
  fillList(o, 'data_categories', (d) => {
    fill(d, 'description', '');
    fillRetentionField(d);
    fill(d, 'final_disposal', 'not_determined');
  });
  fillList(o, 'sensitive_data', (s) => {
    fill(s, 'exception', null);
    fill(s, 'description', '');
    fillRetentionField(s);
  });
  fill(o, 'criminal_data', null);
  if (isObj(o.criminal_data)) {
    fill(o.criminal_data, 'description', '');
    fill(o.criminal_data, 'legal_ground', '');
    fillRetentionField(o.criminal_data);
  }
  fill(o, 'nir_used', false);
  fill(o, 'nir_justification', '');
  fillList(o, 'data_origins');
  fill(o, 'data_origin_details', '');
  fillList(o, 'collection_means');
  fill(o, 'collection_details', '');
  fill(o, 'information_of_persons', '');
  fill(o, 'rights_exercise', '');
  fill(o, 'automated_decision', false);
  fill(o, 'automated_decision_details', '');
  fillList(o, 'recipients', (r) => {
    fill(r, 'label', '');
    fill(r, 'third_party', null);
    fill(r, 'details', '');
  });
  fillList(o, 'transfers', fillTransfer);
  fillSecurity(o);
  fill(o, 'status', 'draft');
  fill(o, 'dpo_notes', '');
  fill(o, 'next_review', null);
  fill(o, 'archived', false);
  fill(o, 'public_register', false);
  fill(o, 'large_scale', false);
  return o as unknown as Processing;
}

function trimAddressLines(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(trimAddressLines);
    return;
  }
  if (!isObj(node)) return;
  for (const [k, v] of Object.entries(node)) {
    if (k === 'lines' && Array.isArray(v)) {
      while (v.length > 0 && typeof v[v.length - 1] === 'string' && (v[v.length - 1] as string).trim() === '') v.pop();
    } else {
      trimAddressLines(v);
    }
  }
}

/** What is sent to the shell: a plain deep copy, trailing blank address lines dropped. */
export function toPayload(p: Processing): Processing {
  const out = clone(p);
  trimAddressLines(out);
  return out;
}

// --------------------------------------------------------------------------- numbers and text

/** A whole number typed as text: blank → `null`, digits → the number, anything else as typed. */
export function parseCount(text: string): number | string | null {
  const s = text.trim();
  if (s === '') return null;
  if (/^\d+$/.test(s)) {
    const n = Number(s);
    return Number.isSafeInteger(n) ? n : s;
  }
  return s;
}

/** The text shown for a count of the model (a number, `null`, or text kept from a draft). */
export function countText(v: unknown): string {
  return v === null || v === undefined ? '' : String(v);
}

/** The text is not a whole number (shown as a hint before the core answers). */
export function notACount(text: string): boolean {
  const s = text.trim();
  return s !== '' && !/^\d+$/.test(s);
}

/** An optional value (`email`, `phone`, a date): blank → `null`. */
export function optText(text: string): string | null {
  return text.trim() === '' ? null : text;
}

/** A choice: "" (nothing chosen) → `null`. */
export function optChoice<T extends string>(value: string): T | null {
  return value === '' ? null : (value as T);
}

// --------------------------------------------------------------------------- retention

export type RetentionKind = '' | 'duration' | 'criterion';

/** A retention period as the form edits it: every part as text, both kinds at once. */
export interface RetentionForm {
  kind: RetentionKind;
  amount: string;
  unit: TimeUnit;
  starting_point: string;
  criterion: string;
  legal_source: string;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v);
}

export function retentionToForm(r: unknown): RetentionForm {
  const o = isObj(r) ? r : null;
  const kind: RetentionKind = o?.type === 'duration' ? 'duration' : o?.type === 'criterion' ? 'criterion' : '';
  const unit = o && typeof o.unit === 'string' && o.unit !== '' ? (o.unit as TimeUnit) : 'years';
  return {
    kind,
    amount: kind === 'duration' ? countText(o?.amount) : '',
    unit,
    starting_point: kind === 'duration' ? str(o?.starting_point) : '',
    criterion: kind === 'criterion' ? str(o?.criterion) : '',
    legal_source: str(o?.legal_source),
  };
}

/**
 * The model's retention from the form. A duration whose amount is blank is sent as 0, which
 * the core refuses with a message that says what to do; a non-number is sent as typed.
 */
export function retentionFromForm(f: RetentionForm): Retention | null {
  if (f.kind === 'duration') {
    const amount = parseCount(f.amount);
    return {
      type: 'duration',
      amount: (amount === null ? 0 : amount) as number,
      unit: f.unit,
      starting_point: f.starting_point,
      legal_source: f.legal_source,
    };
  }
  if (f.kind === 'criterion') return { type: 'criterion', criterion: f.criterion, legal_source: f.legal_source };
  return null;
}

// --------------------------------------------------------------------------- new items

export function newPurpose(isMain: boolean): Purpose {
  return { description: '', is_main: isMain, legal_basis: 'to_determine', justification: '' };
}

export function newJointController(): JointController {
  return {
    name: '',
    contact: { email: null, phone: null, address: { lines: [], postcode: '', city: '', country: 'FR' } },
    arrangement: '',
  };
}

export function newTransfer(): Transfer {
  return { recipient: '', country: '', safeguard: null, documentation: '' };
}

export function newCriminalData(): CriminalData {
  return { description: '', legal_ground: '', retention: null };
}

function uuid(): string {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  const b = new Uint8Array(16);
  c.getRandomValues(b);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A new third party as `ThirdParty::new` makes it (fresh v4 id, now), with what the dialog asked. */
export function newThirdParty(
  name: string,
  kind: ThirdPartyKind | null,
  contract: ContractStatus | null,
  now: Date = new Date(),
): ThirdParty {
  const t = now.toISOString();
  const person = () => ({ civility: null, first_name: '', last_name: '', role: '', email: null, phone: null });
  return {
    id: uuid(),
    created_at: t,
    updated_at: t,
    name: name.trim(),
    kind,
    siren: null,
    address: { lines: [], postcode: '', city: '', country: 'FR' },
    contact: person(),
    contract_status: contract,
    contract_date: null,
    has_dpo: false,
    dpo_contact: person(),
    notes: '',
  };
}

// --------------------------------------------------------------------------- list edits

/** A copy of `list` without item `index`. */
export function removeAt<T>(list: readonly T[], index: number): T[] {
  return list.filter((_, i) => i !== index);
}

/** A copy of `list` with items `index` and `index + delta` swapped (unchanged at the ends). */
export function move<T>(list: readonly T[], index: number, delta: -1 | 1): T[] {
  const j = index + delta;
  const out = list.slice();
  if (index < 0 || index >= list.length || j < 0 || j >= list.length) return out;
  [out[index], out[j]] = [out[j], out[index]];
  return out;
}

/** Marks purpose `index` as the main one and every other as secondary. */
export function setMain(purposes: Purpose[], index: number): void {
  purposes.forEach((p, i) => (p.is_main = i === index));
}

/** Removes purpose `index`; when it was the main one, the first left becomes main. */
export function removePurpose(purposes: readonly Purpose[], index: number): Purpose[] {
  const wasMain = purposes[index]?.is_main === true;
  const out = removeAt(purposes, index);
  if (wasMain && out.length > 0 && !out.some((p) => p.is_main)) out[0] = { ...out[0], is_main: true };
  return out;
}

/** Adds or removes `value` in a list of choices (check boxes), keeping the options' order. */
export function toggleChoice<T extends string>(list: readonly T[], value: T, on: boolean, order: readonly string[]): T[] {
  const set = new Set<string>(list);
  if (on) set.add(value);
  else set.delete(value);
  const known = order.filter((v) => set.has(v)) as T[];
  const unknown = list.filter((v) => !order.includes(v) && set.has(v));
  return [...known, ...unknown];
}

// --------------------------------------------------------------------------- choices

/**
 * The statuses offered: « Complet » only when the core says the entry is ready. The current
 * value is always kept, so that the select shows it.
 */
export function statusChoices(options: EnumOption[], ready: boolean, current: ProcessingStatus | string): EnumOption[] {
  return options.filter((o) => o.value !== 'complete' || ready || o.value === current);
}

/** Countries sorted by their name in `lang`. */
export function sortCountries(countries: readonly Country[], lang: 'fr' | 'en'): Country[] {
  const collator = new Intl.Collator(lang === 'fr' ? 'fr' : 'en', { sensitivity: 'base' });
  return countries.slice().sort((a, b) => collator.compare(lang === 'fr' ? a.name_fr : a.name_en, lang === 'fr' ? b.name_fr : b.name_en));
}

export function findCountry(countries: readonly Country[], code: string): Country | undefined {
  const c = code.trim().toUpperCase();
  return c === '' ? undefined : countries.find((x) => x.code.toUpperCase() === c);
}

/** A one-line label of a processing's name for headings: the name, or `fallback` when blank. */
export function displayName(name: unknown, fallback: string): string {
  return typeof name === 'string' && name.trim() !== '' ? name.trim() : fallback;
}
