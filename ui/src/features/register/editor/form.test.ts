import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Country, Processing, Purpose } from '../model';
import {
  countText,
  displayName,
  findCountry,
  move,
  newPurpose,
  newThirdParty,
  normalize,
  notACount,
  optChoice,
  optText,
  parseCount,
  removeAt,
  removePurpose,
  retentionFromForm,
  retentionToForm,
  setMain,
  sortCountries,
  statusChoices,
  toggleChoice,
  toPayload,
} from './form';

const library = JSON.parse(
  readFileSync(join(__dirname, '../../../../../assets/register/library.json'), 'utf8'),
) as { entries: { key: string; template: Processing }[] };

describe('normalize', () => {
  it('reads every library template back unchanged (a stored processing is already complete)', () => {
    expect(library.entries.length).toBeGreaterThan(10);
    for (const e of library.entries) {
      expect(normalize(e.template), e.key).toEqual(e.template);
    }
  });

  it('fills what a draft or an older record lacks with the model defaults', () => {
    const p = normalize({ id: 'x', name: 'Paie', purposes: [{ description: 'Payer' }], data_categories: [{ category: 'identity', retention: { type: 'duration', amount: 5, unit: 'years' } }] });
    expect(p.role).toBe('controller');
    expect(p.software).toEqual([]);
    expect(p.criminal_data).toBeNull();
    expect(p.security).toEqual({ description: '', measures: [], categories: [] });
    expect(p.status).toBe('draft');
    expect(p.next_review).toBeNull();
    expect(p.purposes[0]).toEqual({ description: 'Payer', is_main: false, legal_basis: 'to_determine', justification: '' });
    expect(p.data_categories[0]).toEqual({
      category: 'identity',
      description: '',
      retention: { type: 'duration', amount: 5, unit: 'years', starting_point: '', legal_source: '' },
      final_disposal: 'not_determined',
    });
  });

  it('keeps values of a wrong type (typed text) and unknown fields, and never shares objects', () => {
    const raw = { name: 'X', persons_concerned: [{ category: 'customers', approximate_number: '12a' }], future_field: { a: 1 } };
    const p = normalize(raw) as Processing & { future_field: unknown };
    expect(p.persons_concerned[0].approximate_number).toBe('12a');
    expect(p.future_field).toEqual({ a: 1 });
    p.persons_concerned[0].details = 'changed';
    expect((raw.persons_concerned[0] as Record<string, unknown>).details).toBeUndefined();
  });

  it('reads garbage as an empty processing', () => {
    for (const g of [null, undefined, 42, 'x', [1, 2]]) {
      const p = normalize(g);
      expect(p.name).toBe('');
      expect(p.purposes).toEqual([]);
    }
  });

  it('fills joint controllers contact and criminal data', () => {
    const p = normalize({ joint_controllers: [{ name: 'Commune' }], criminal_data: { description: 'casier' } });
    expect(p.joint_controllers[0].contact).toEqual({ email: null, phone: null, address: { lines: [], postcode: '', city: '', country: 'FR' } });
    expect(p.joint_controllers[0].arrangement).toBe('');
    expect(p.criminal_data).toEqual({ description: 'casier', legal_ground: '', retention: null });
  });
});

describe('toPayload', () => {
  it('is a deep copy without trailing blank address lines', () => {
    const p = normalize({ joint_controllers: [{ name: 'A', contact: { address: { lines: ['12 rue Haute', ' ', ''] } } }] });
    const out = toPayload(p);
    expect(out.joint_controllers[0].contact.address.lines).toEqual(['12 rue Haute']);
    expect(p.joint_controllers[0].contact.address.lines).toHaveLength(3);
    expect(out).not.toBe(p);
  });
});

describe('counts and optional values', () => {
  it('parses whole numbers and keeps anything else as typed', () => {
    expect(parseCount('')).toBeNull();
    expect(parseCount('  ')).toBeNull();
    expect(parseCount('42')).toBe(42);
    expect(parseCount(' 007 ')).toBe(7);
    expect(parseCount('12a')).toBe('12a');
    expect(parseCount('-3')).toBe('-3');
    expect(parseCount('2,5')).toBe('2,5');
    expect(parseCount('99999999999999999999')).toBe('99999999999999999999');
  });

  it('tells a non-number apart', () => {
    expect(notACount('')).toBe(false);
    expect(notACount('12')).toBe(false);
    expect(notACount('1 000')).toBe(true);
    expect(notACount('x')).toBe(true);
  });

  it('shows counts as text', () => {
    expect(countText(null)).toBe('');
    expect(countText(undefined)).toBe('');
    expect(countText(12)).toBe('12');
    expect(countText('12a')).toBe('12a');
  });

  it('turns blanks into null', () => {
    expect(optText('')).toBeNull();
    expect(optText('  ')).toBeNull();
    expect(optText('2027-01-01')).toBe('2027-01-01');
    expect(optChoice('')).toBeNull();
    expect(optChoice('none')).toBe('none');
  });
});

describe('retention', () => {
  it('round-trips a duration and a criterion', () => {
    const d = { type: 'duration', amount: 5, unit: 'years', starting_point: 'à compter du versement', legal_source: 'C. trav.' } as const;
    expect(retentionFromForm(retentionToForm(d))).toEqual(d);
    const c = { type: 'criterion', criterion: 'durée du contrat', legal_source: '' } as const;
    expect(retentionFromForm(retentionToForm(c))).toEqual(c);
    expect(retentionFromForm(retentionToForm(null))).toBeNull();
  });

  it('reads a missing or unknown retention as not filled', () => {
    expect(retentionToForm(null).kind).toBe('');
    expect(retentionToForm({ type: 'forever' }).kind).toBe('');
    expect(retentionToForm('5 ans').kind).toBe('');
    expect(retentionToForm(null).unit).toBe('years');
  });

  it('sends a blank amount as 0 (the core says what to do) and a non-number as typed', () => {
    const f = retentionToForm(null);
    f.kind = 'duration';
    expect(retentionFromForm(f)).toEqual({ type: 'duration', amount: 0, unit: 'years', starting_point: '', legal_source: '' });
    f.amount = '5 ans';
    expect(retentionFromForm(f)).toMatchObject({ amount: '5 ans' });
    f.amount = '3';
    f.unit = 'months';
    expect(retentionFromForm(f)).toMatchObject({ amount: 3, unit: 'months' });
  });

  it('keeps the source when switching kind', () => {
    const f = retentionToForm({ type: 'duration', amount: 5, unit: 'years', starting_point: 'x', legal_source: 'Code' });
    f.kind = 'criterion';
    expect(retentionFromForm(f)).toEqual({ type: 'criterion', criterion: '', legal_source: 'Code' });
    f.kind = 'duration';
    expect(retentionFromForm(f)).toEqual({ type: 'duration', amount: 5, unit: 'years', starting_point: 'x', legal_source: 'Code' });
  });

  it('keeps a draft amount typed as text', () => {
    expect(retentionToForm({ type: 'duration', amount: '12a', unit: 'days' }).amount).toBe('12a');
  });
});

describe('list edits', () => {
  const purposes = (): Purpose[] => [
    { ...newPurpose(true), description: 'a' },
    { ...newPurpose(false), description: 'b' },
    { ...newPurpose(false), description: 'c' },
  ];

  it('removes and moves items without touching the original', () => {
    const l = ['a', 'b', 'c'];
    expect(removeAt(l, 1)).toEqual(['a', 'c']);
    expect(removeAt(l, 5)).toEqual(l);
    expect(move(l, 0, 1)).toEqual(['b', 'a', 'c']);
    expect(move(l, 2, 1)).toEqual(l);
    expect(move(l, 0, -1)).toEqual(l);
    expect(l).toEqual(['a', 'b', 'c']);
  });

  it('marks exactly one main purpose', () => {
    const l = purposes();
    setMain(l, 2);
    expect(l.map((p) => p.is_main)).toEqual([false, false, true]);
  });

  it('removing the main purpose makes the first one left main', () => {
    const out = removePurpose(purposes(), 0);
    expect(out.map((p) => [p.description, p.is_main])).toEqual([
      ['b', true],
      ['c', false],
    ]);
    expect(removePurpose(purposes(), 1).map((p) => p.is_main)).toEqual([true, false]);
    expect(removePurpose([newPurpose(true)], 0)).toEqual([]);
  });

  it('toggles choices in the options order, keeping unknown values', () => {
    const order = ['data_subject', 'third_party', 'public_source', 'other'];
    expect(toggleChoice(['other'], 'data_subject', true, order)).toEqual(['data_subject', 'other']);
    expect(toggleChoice(['data_subject', 'other'], 'data_subject', false, order)).toEqual(['other']);
    expect(toggleChoice(['other'], 'other', true, order)).toEqual(['other']);
    expect(toggleChoice(['legacy', 'other'], 'third_party', true, order)).toEqual(['third_party', 'other', 'legacy']);
  });
});

describe('choices', () => {
  const statuses = [
    { value: 'draft', label_fr: 'Brouillon', label_en: 'Draft' },
    { value: 'complete', label_fr: 'Complet', label_en: 'Complete' },
    { value: 'validated_by_dpo', label_fr: 'Validé par le DPO', label_en: 'Validated by the DPO' },
  ];

  it('offers "Complet" only when the entry is ready, or when it is the current value', () => {
    expect(statusChoices(statuses, false, 'draft').map((o) => o.value)).toEqual(['draft', 'validated_by_dpo']);
    expect(statusChoices(statuses, true, 'draft').map((o) => o.value)).toEqual(['draft', 'complete', 'validated_by_dpo']);
    expect(statusChoices(statuses, false, 'complete').map((o) => o.value)).toEqual(['draft', 'complete', 'validated_by_dpo']);
  });

  const countries: Country[] = [
    { code: 'US', name_fr: 'États-Unis', name_en: 'United States', zone: 'partially_adequate', note_fr: '', note_en: '', source: '' },
    { code: 'DE', name_fr: 'Allemagne', name_en: 'Germany', zone: 'eu', note_fr: '', note_en: '', source: '' },
    { code: 'CH', name_fr: 'Suisse', name_en: 'Switzerland', zone: 'adequate', note_fr: '', note_en: '', source: '' },
    { code: 'EG', name_fr: 'Égypte', name_en: 'Egypt', zone: 'third_country', note_fr: '', note_en: '', source: '' },
  ];

  it('sorts countries by name in the language shown, accents ignored', () => {
    expect(sortCountries(countries, 'fr').map((c) => c.code)).toEqual(['DE', 'EG', 'US', 'CH']);
    expect(sortCountries(countries, 'en').map((c) => c.code)).toEqual(['EG', 'DE', 'CH', 'US']);
  });

  it('finds a country by code, whatever the case', () => {
    expect(findCountry(countries, 'us')?.name_fr).toBe('États-Unis');
    expect(findCountry(countries, ' CH ')?.zone).toBe('adequate');
    expect(findCountry(countries, '')).toBeUndefined();
    expect(findCountry(countries, 'ZZ')).toBeUndefined();
  });

  it('names an unnamed processing', () => {
    expect(displayName('  Paie ', 'Sans nom')).toBe('Paie');
    expect(displayName('  ', 'Sans nom')).toBe('Sans nom');
    expect(displayName(undefined, 'Sans nom')).toBe('Sans nom');
  });
});

describe('newThirdParty', () => {
  it('builds a whole third party as the core makes a new one', () => {
    const now = new Date('2026-11-23T10:00:00.000Z');
    const a = newThirdParty('  Cabinet Martin ', 'processor', 'art28_signed', now);
    const b = newThirdParty('Autre', null, null, now);
    expect(a.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a.id).not.toBe(b.id);
    expect(a).toMatchObject({
      created_at: '2026-11-23T10:00:00.000Z',
      updated_at: '2026-11-23T10:00:00.000Z',
      name: 'Cabinet Martin',
      kind: 'processor',
      siren: null,
      contract_status: 'art28_signed',
      contract_date: null,
      has_dpo: false,
      notes: '',
    });
    expect(a.address.country).toBe('FR');
    expect(a.contact).toEqual({ civility: null, first_name: '', last_name: '', role: '', email: null, phone: null });
    expect(a.contact).not.toBe(a.dpo_contact);
  });
});
