import { describe, expect, it } from 'vitest';
import type { Organisation } from './api';
import { blankOrganisation } from './fixtures.test-support';
import { FIELDS, fieldForPath, fieldId, fromOrganisation, problemsById, toOrganisation } from './orgFields';

function org(): Organisation {
  return blankOrganisation('Boulangerie Martin');
}

describe('organisation form values', () => {
  it('round-trips an organisation unchanged', () => {
    const o = org();
    expect(toOrganisation(o, fromOrganisation(o))).toEqual(o);
  });

  it('sends blanks the way the model expects: null for formatted values, "" for free text', () => {
    const o = org();
    const v = fromOrganisation(o);
    v['/siren'] = '  ';
    v['/trade_name'] = '';
    v['/headcount'] = '';
    v['/population'] = '';
    v['/dpo/designation_date'] = '';
    const out = toOrganisation(o, v);
    expect(out.siren).toBeNull();
    expect(out.trade_name).toBe('');
    expect(out.headcount).toBeNull();
    expect(out.population).toBeNull();
    expect(out.dpo.designation_date).toBeNull();
  });

  it('keeps typed values as typed, even invalid ones (the core keeps them as a draft)', () => {
    const v = fromOrganisation(org());
    v['/siren'] = '111111111';
    v['/population'] = '12a';
    v['/address/lines/1'] = 'Bâtiment B';
    const out = toOrganisation(org(), v) as unknown as Record<string, unknown>;
    expect(out.siren).toBe('111111111');
    expect(out.population).toBe('12a');
    expect((out.address as { lines: string[] }).lines).toEqual(['', 'Bâtiment B']);
  });

  it('converts numbers and drops trailing empty address lines', () => {
    const v = fromOrganisation(org());
    v['/population'] = '1250';
    v['/address/lines/0'] = '12 rue Haute';
    v['/address/lines/1'] = '';
    const out = toOrganisation(org(), v);
    expect(out.population).toBe(1250);
    expect(out.address.lines).toEqual(['12 rue Haute']);
  });

  it('creates and removes the EU representative with its checkbox', () => {
    const v = fromOrganisation(org());
    expect(v['/eu_representative']).toBe(false);
    v['/eu_representative'] = true;
    v['/eu_representative/name'] = 'EU-Rep';
    const on = toOrganisation(org(), v);
    expect(on.eu_representative?.name).toBe('EU-Rep');
    expect(on.eu_representative?.contact.address.country).toBe('FR');
    v['/eu_representative'] = false;
    expect(toOrganisation(on, v).eu_representative).toBeNull();
  });

  it('reads a partial draft (any JSON) without failing', () => {
    const draft = { id: 'x', legal_name: 'Mairie', siren: 111111111, dpo: null };
    const v = fromOrganisation(draft);
    expect(v['/siren']).toBe('111111111');
    expect(v['/dpo/designated']).toBe(false);
    expect(v['/address/country']).toBe('FR');
    const out = toOrganisation(draft, v) as unknown as Record<string, unknown>;
    expect(out.id).toBe('x');
    expect(out.siren).toBe('111111111');
  });

  it('gives every field a distinct id following the JSON pointer', () => {
    const ids = FIELDS.map((f) => fieldId(f.ptr));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ['org-legal_name', 'org-siren', 'org-siret', 'org-naf', 'org-email', 'org-phone', 'org-website', 'org-address-line1', 'org-address-postcode', 'org-address-city', 'org-address-country', 'org-trade_name']) {
      expect(ids).toContain(id);
    }
  });

  it('maps problems to the fields that show them', () => {
    const p = (path: string) => ({ path, code: 'x', message_fr: 'fr', message_en: 'en' });
    const map = problemsById([p('/siren'), p('/dpo/public_contact/email'), p('/siren')]);
    expect(map.get('org-siren')).toHaveLength(2);
    expect(map.get('org-dpo-public_contact-email')).toHaveLength(1);
    expect(fieldForPath('/address/postcode')?.ptr).toBe('/address/postcode');
    expect(fieldForPath('/id')).toBeUndefined();
  });
});
