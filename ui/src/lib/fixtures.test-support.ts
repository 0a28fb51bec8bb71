// Test fixture shared by the UI tests: an organisation as the core serialises a new one.
import type { Organisation } from './api';

/** A blank organisation (every nested object its own copy), as `Organisation::new` gives. */
export function blankOrganisation(legalName: string, id = '00000000-0000-4000-8000-000000000001'): Organisation {
  const person = () => ({ civility: null, first_name: '', last_name: '', role: '', email: null, phone: null });
  const address = () => ({ lines: [], postcode: '', city: '', country: 'FR' });
  return {
    id,
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    legal_name: legalName,
    trade_name: '',
    legal_form: '',
    siren: null,
    siret: null,
    naf: null,
    address: address(),
    phone: null,
    email: null,
    website: null,
    sector: '',
    public_body: false,
    public_body_kind: null,
    headcount: null,
    population: null,
    legal_representative: person(),
    dpo: {
      designated: false,
      kind: null,
      person_type: null,
      person: person(),
      organisation_name: '',
      organisation_siren: null,
      private_contact: { email: null, phone: null, address: address() },
      public_contact: { email: null, web_form_url: null, phone: null, address: address(), other: '' },
      cnil_designation_number: '',
      designation_date: null,
    },
    cnil_contact: person(),
    eu_representative: null,
    relationship: 'own',
    notes: '',
  };
}
