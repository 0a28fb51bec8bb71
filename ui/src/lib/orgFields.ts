// The organisation form as data: every field of the core's `Organisation` (src/model/
// organisation.rs) with its JSON pointer, input kind, label and help; and the conversions
// between an organisation (or a draft, which may be any JSON) and the flat form values.
//
// Empty values follow the model's conventions (src/model/common.rs): free text is an
// empty string, a value with a format (SIREN, e-mail, phone, URL…) is `null` when blank,
// an unknown choice is `null`. Values the model cannot read (a population « 12a ») are sent
// as typed: the core keeps them as a draft and reports the field.

import type { MessageKey } from '../i18n/index.svelte';
import type { Organisation, Problem } from './api';
import { pathToId } from './format';

export type Kind = 'text' | 'opt' | 'textarea' | 'bool' | 'enum' | 'int' | 'date' | 'presence';
export type OptionSource = 'headcount' | 'public_body_kind' | 'relationship' | 'dpo_kind' | 'dpo_person_type' | 'civility';
export type Value = string | boolean;
export type Values = Record<string, Value>;

export interface FieldSpec {
  ptr: string;
  kind: Kind;
  label: MessageKey;
  help: MessageKey;
  options?: OptionSource;
  /** The choice cannot be left empty (the model has a default). */
  noEmpty?: boolean;
  type?: 'email' | 'tel' | 'url';
  autocomplete?: string;
  numeric?: boolean;
  required?: boolean;
  wide?: boolean;
  when?: (v: Values) => boolean;
}

export interface SectionSpec {
  key: string;
  title: MessageKey;
  intro: MessageKey;
  fields: FieldSpec[];
  when?: (v: Values) => boolean;
}

export const ID_PREFIX = 'org';

export function fieldId(ptr: string): string {
  return pathToId(ID_PREFIX, ptr);
}

// --------------------------------------------------------------------------- builders

function person(prefix: string, when?: (v: Values) => boolean): FieldSpec[] {
  return [
    { ptr: `${prefix}/civility`, kind: 'enum', options: 'civility', label: 'person.civility', help: 'person.civility.help', when },
    { ptr: `${prefix}/first_name`, kind: 'text', label: 'person.first_name', help: 'person.first_name.help', when },
    { ptr: `${prefix}/last_name`, kind: 'text', label: 'person.last_name', help: 'person.last_name.help', when },
    { ptr: `${prefix}/role`, kind: 'text', label: 'person.role', help: 'person.role.help', when },
    { ptr: `${prefix}/email`, kind: 'opt', type: 'email', label: 'contact.email', help: 'person.email.help', when },
    { ptr: `${prefix}/phone`, kind: 'opt', type: 'tel', label: 'contact.phone', help: 'contact.phone.help', when },
  ];
}

function address(prefix: string, when?: (v: Values) => boolean): FieldSpec[] {
  return [
    { ptr: `${prefix}/lines/0`, kind: 'text', label: 'address.line1', help: 'address.line1.help', wide: true, when },
    { ptr: `${prefix}/lines/1`, kind: 'text', label: 'address.line2', help: 'address.line2.help', wide: true, when },
    { ptr: `${prefix}/postcode`, kind: 'text', label: 'address.postcode', help: 'address.postcode.help', numeric: true, when },
    { ptr: `${prefix}/city`, kind: 'text', label: 'address.city', help: 'address.city.help', when },
    { ptr: `${prefix}/country`, kind: 'text', label: 'address.country', help: 'address.country.help', when },
  ];
}

function contact(prefix: string, when?: (v: Values) => boolean): FieldSpec[] {
  return [
    { ptr: `${prefix}/email`, kind: 'opt', type: 'email', label: 'contact.email', help: 'contact.email.help', when },
    { ptr: `${prefix}/phone`, kind: 'opt', type: 'tel', label: 'contact.phone', help: 'contact.phone.help', when },
    ...address(`${prefix}/address`, when),
  ];
}

const isPublic = (v: Values) => v['/public_body'] === true;
const hasDpo = (v: Values) => v['/dpo/designated'] === true;
const dpoIsBody = (v: Values) =>
  hasDpo(v) && (v['/dpo/person_type'] === 'legal' || v['/dpo/kind'] === 'external' || v['/dpo/kind'] === 'pooled');
const hasEuRep = (v: Values) => v['/eu_representative'] === true;

export const SECTIONS: SectionSpec[] = [
  {
    key: 'identity',
    title: 'org.section.identity',
    intro: 'org.section.identity.intro',
    fields: [
      { ptr: '/legal_name', kind: 'text', label: 'org.legal_name', help: 'org.legal_name.help', required: true, autocomplete: 'organization' },
      { ptr: '/trade_name', kind: 'text', label: 'org.trade_name', help: 'org.trade_name.help' },
      { ptr: '/legal_form', kind: 'text', label: 'org.legal_form', help: 'org.legal_form.help' },
      { ptr: '/siren', kind: 'opt', label: 'org.siren', help: 'org.siren.help', numeric: true },
      { ptr: '/siret', kind: 'opt', label: 'org.siret', help: 'org.siret.help', numeric: true },
      { ptr: '/naf', kind: 'opt', label: 'org.naf', help: 'org.naf.help' },
      { ptr: '/sector', kind: 'text', label: 'org.sector', help: 'org.sector.help' },
      { ptr: '/relationship', kind: 'enum', options: 'relationship', noEmpty: true, label: 'org.relationship', help: 'org.relationship.help' },
    ],
  },
  {
    key: 'status',
    title: 'org.section.status',
    intro: 'org.section.status.intro',
    fields: [
      { ptr: '/headcount', kind: 'enum', options: 'headcount', label: 'org.headcount', help: 'org.headcount.help' },
      { ptr: '/public_body', kind: 'bool', label: 'org.public_body', help: 'org.public_body.help', wide: true },
      { ptr: '/public_body_kind', kind: 'enum', options: 'public_body_kind', label: 'org.public_body_kind', help: 'org.public_body_kind.help', when: isPublic },
      { ptr: '/population', kind: 'int', label: 'org.population', help: 'org.population.help', numeric: true, when: isPublic },
    ],
  },
  {
    key: 'contact',
    title: 'org.section.contact',
    intro: 'org.section.contact.intro',
    fields: [
      ...address('/address'),
      { ptr: '/phone', kind: 'opt', type: 'tel', label: 'contact.phone', help: 'org.phone.help' },
      { ptr: '/email', kind: 'opt', type: 'email', label: 'contact.email', help: 'org.email.help' },
      { ptr: '/website', kind: 'opt', type: 'url', label: 'org.website', help: 'org.website.help' },
    ],
  },
  {
    key: 'representative',
    title: 'org.section.representative',
    intro: 'org.section.representative.intro',
    fields: person('/legal_representative'),
  },
  {
    key: 'cnil_contact',
    title: 'org.section.cnil_contact',
    intro: 'org.section.cnil_contact.intro',
    fields: person('/cnil_contact'),
  },
  {
    key: 'dpo',
    title: 'org.section.dpo',
    intro: 'org.section.dpo.intro',
    fields: [
      { ptr: '/dpo/designated', kind: 'bool', label: 'dpo.designated', help: 'dpo.designated.help', wide: true },
      { ptr: '/dpo/kind', kind: 'enum', options: 'dpo_kind', label: 'dpo.kind', help: 'dpo.kind.help', when: hasDpo },
      { ptr: '/dpo/person_type', kind: 'enum', options: 'dpo_person_type', label: 'dpo.person_type', help: 'dpo.person_type.help', when: hasDpo },
      { ptr: '/dpo/organisation_name', kind: 'text', label: 'dpo.organisation_name', help: 'dpo.organisation_name.help', when: dpoIsBody },
      { ptr: '/dpo/organisation_siren', kind: 'opt', label: 'dpo.organisation_siren', help: 'dpo.organisation_siren.help', numeric: true, when: dpoIsBody },
      ...person('/dpo/person', hasDpo),
      { ptr: '/dpo/cnil_designation_number', kind: 'text', label: 'dpo.cnil_designation_number', help: 'dpo.cnil_designation_number.help', when: hasDpo },
      { ptr: '/dpo/designation_date', kind: 'date', label: 'dpo.designation_date', help: 'dpo.designation_date.help', when: hasDpo },
    ],
  },
  {
    key: 'dpo_public',
    title: 'org.section.dpo_public',
    intro: 'org.section.dpo_public.intro',
    when: hasDpo,
    fields: [
      { ptr: '/dpo/public_contact/email', kind: 'opt', type: 'email', label: 'contact.email', help: 'dpo.public.email.help', when: hasDpo },
      { ptr: '/dpo/public_contact/web_form_url', kind: 'opt', type: 'url', label: 'dpo.public.web_form_url', help: 'dpo.public.web_form_url.help', when: hasDpo },
      { ptr: '/dpo/public_contact/phone', kind: 'opt', type: 'tel', label: 'contact.phone', help: 'contact.phone.help', when: hasDpo },
      ...address('/dpo/public_contact/address', hasDpo),
      { ptr: '/dpo/public_contact/other', kind: 'textarea', label: 'dpo.public.other', help: 'dpo.public.other.help', wide: true, when: hasDpo },
    ],
  },
  {
    key: 'dpo_private',
    title: 'org.section.dpo_private',
    intro: 'org.section.dpo_private.intro',
    when: hasDpo,
    fields: contact('/dpo/private_contact', hasDpo),
  },
  {
    key: 'eu_representative',
    title: 'org.section.eu_representative',
    intro: 'org.section.eu_representative.intro',
    fields: [
      { ptr: '/eu_representative', kind: 'presence', label: 'eu.present', help: 'eu.present.help', wide: true },
      { ptr: '/eu_representative/name', kind: 'text', label: 'eu.name', help: 'eu.name.help', wide: true, when: hasEuRep },
      ...contact('/eu_representative/contact', hasEuRep),
    ],
  },
  {
    key: 'notes',
    title: 'org.section.notes',
    intro: 'org.section.notes.intro',
    fields: [{ ptr: '/notes', kind: 'textarea', label: 'org.notes', help: 'org.notes.help', wide: true }],
  },
];

export const FIELDS: FieldSpec[] = SECTIONS.flatMap((s) => s.fields);

// --------------------------------------------------------------------------- JSON pointers

function tokens(ptr: string): string[] {
  return ptr
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The value at `ptr` in `root`, `undefined` when any step is missing. */
export function getAt(root: unknown, ptr: string): unknown {
  let cur: unknown = root;
  for (const tok of tokens(ptr)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[tok];
  }
  return cur;
}

/** Sets the value at `ptr`, creating objects (or arrays before a numeric step) on the way. */
export function setAt(root: Record<string, unknown>, ptr: string, value: unknown): void {
  const toks = tokens(ptr);
  let cur: Record<string, unknown> | unknown[] = root;
  for (let i = 0; i < toks.length; i++) {
    const tok = toks[i];
    const last = i === toks.length - 1;
    if (Array.isArray(cur)) {
      const idx = Number(tok);
      while (cur.length < idx) cur.push('');
      if (last) {
        cur[idx] = value;
      } else {
        if (cur[idx] === null || typeof cur[idx] !== 'object') cur[idx] = /^\d+$/.test(toks[i + 1]) ? [] : {};
        cur = cur[idx] as Record<string, unknown> | unknown[];
      }
    } else {
      if (last) {
        cur[tok] = value;
      } else {
        if (cur[tok] === null || typeof cur[tok] !== 'object') cur[tok] = /^\d+$/.test(toks[i + 1]) ? [] : {};
        cur = cur[tok] as Record<string, unknown> | unknown[];
      }
    }
  }
}

// --------------------------------------------------------------------------- conversions

/** The form values of an organisation or of a draft (any JSON: missing parts read as empty). */
export function fromOrganisation(org: unknown): Values {
  const values: Values = {};
  for (const f of FIELDS) {
    const v = getAt(org, f.ptr);
    switch (f.kind) {
      case 'bool':
        values[f.ptr] = v === true;
        break;
      case 'presence':
        values[f.ptr] = v !== null && v !== undefined && typeof v === 'object';
        break;
      default:
        values[f.ptr] = v === null || v === undefined ? '' : typeof v === 'string' ? v : String(v);
    }
  }
  // The model reads a missing country as France.
  for (const f of FIELDS) {
    if (f.ptr.endsWith('/address/country') && values[f.ptr] === '' && getAt(org, f.ptr) === undefined) values[f.ptr] = 'FR';
  }
  return values;
}

function convert(f: FieldSpec, v: Value): unknown {
  switch (f.kind) {
    case 'bool':
    case 'presence':
      return v === true;
    case 'text':
    case 'textarea':
      return typeof v === 'string' ? v : '';
    case 'opt':
    case 'enum':
    case 'date': {
      const s = typeof v === 'string' ? v : '';
      return s.trim() === '' ? null : s;
    }
    case 'int': {
      const s = typeof v === 'string' ? v.trim() : '';
      if (s === '') return null;
      return /^\d+$/.test(s) ? Number(s) : s;
    }
  }
}

function trimAddressLines(node: unknown): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    node.forEach(trimAddressLines);
    return;
  }
  const o = node as Record<string, unknown>;
  for (const [k, v] of Object.entries(o)) {
    if (k === 'lines' && Array.isArray(v)) {
      while (v.length > 0 && typeof v[v.length - 1] === 'string' && (v[v.length - 1] as string).trim() === '') v.pop();
    } else {
      trimAddressLines(v);
    }
  }
}

/** The organisation to send: `base` (stored value or draft) with every form value applied. */
export function toOrganisation(base: unknown, values: Values): Organisation {
  const out: Record<string, unknown> =
    base !== null && typeof base === 'object' && !Array.isArray(base) ? JSON.parse(JSON.stringify(base)) : {};
  const absent: string[] = [];
  for (const f of FIELDS) {
    if (f.kind !== 'presence') continue;
    if (values[f.ptr] === true) {
      const cur = getAt(out, f.ptr);
      if (cur === null || typeof cur !== 'object') setAt(out, f.ptr, {});
    } else {
      setAt(out, f.ptr, null);
      absent.push(`${f.ptr}/`);
    }
  }
  for (const f of FIELDS) {
    if (f.kind === 'presence') continue;
    if (absent.some((p) => f.ptr.startsWith(p))) continue;
    if (!(f.ptr in values)) continue;
    setAt(out, f.ptr, convert(f, values[f.ptr]));
  }
  trimAddressLines(out);
  return out as unknown as Organisation;
}

/** Problems grouped by the id of the field they concern. */
export function problemsById(problems: Problem[], prefix = ID_PREFIX): Map<string, Problem[]> {
  const map = new Map<string, Problem[]>();
  for (const p of problems) {
    const id = pathToId(prefix, p.path);
    const list = map.get(id);
    if (list) list.push(p);
    else map.set(id, [p]);
  }
  return map;
}

/** The field that shows a problem at `path`, if there is one. */
export function fieldForPath(path: string): FieldSpec | undefined {
  const id = pathToId(ID_PREFIX, path);
  return FIELDS.find((f) => fieldId(f.ptr) === id);
}

