import { describe, expect, it } from 'vitest';
import type { Problem } from '../../../lib/api';
import type { ThirdParty } from '../model';
import type { ProcessorActivity } from '../processorApi';
import {
  candidateIds,
  clientNames,
  fieldId,
  newClient,
  normalize,
  problemsById,
  sectionForPath,
  shiftProblems,
  shortList,
  subProcessorNames,
  toggleId,
  toPayload,
  visibleActivities,
} from './form';

const ID = '22222222-2222-4222-8222-222222222222';

function activity(over: Partial<ProcessorActivity> = {}): ProcessorActivity {
  return { ...normalize({ id: ID, name: 'Paie pour les communes adhérentes' }), ...over };
}

function problem(path: string): Problem {
  return { path, code: 'x', message_fr: 'fr', message_en: 'en' };
}

function tp(id: string, name: string): ThirdParty {
  return {
    id,
    created_at: '',
    updated_at: '',
    name,
    kind: 'processor',
    siren: null,
    address: { lines: [], postcode: '', city: '', country: 'FR' },
    contact: { civility: null, first_name: '', last_name: '', role: '', email: null, phone: null },
    contract_status: null,
    contract_date: null,
    has_dpo: false,
    dpo_contact: { civility: null, first_name: '', last_name: '', role: '', email: null, phone: null },
    notes: '',
  };
}

describe('normalize', () => {
  it('fills every missing field with the model default', () => {
    const a = normalize({ id: ID, name: 'Hébergement' });
    expect(a).toEqual({
      id: ID,
      created_at: '',
      updated_at: '',
      name: 'Hébergement',
      reference: '',
      description: '',
      clients: [],
      sub_processors: [],
      sub_processors_details: '',
      transfers: [],
      security: { description: '', measures: [], categories: [] },
      notes: '',
      archived: false,
    });
  });

  it('fills list items and keeps what a draft holds, even of a wrong type', () => {
    const a = normalize({
      id: ID,
      name: '',
      clients: [{ name: 'Commune', contact: { email: 'pas-un-courriel' } }, 'garbage'],
      transfers: [{ country: 'US' }],
      future_field: 42,
      archived: 'oui',
    });
    expect(a.clients[0]).toEqual({
      name: 'Commune',
      contact: { email: 'pas-un-courriel', phone: null, address: { lines: [], postcode: '', city: '', country: 'FR' } },
      third_party: null,
      operations: '',
    });
    expect(a.clients[1]).toBe('garbage');
    expect(a.transfers[0]).toEqual({ recipient: '', country: 'US', safeguard: null, documentation: '' });
    expect((a as unknown as Record<string, unknown>).future_field).toBe(42);
    expect(a.archived).toBe('oui');
  });

  it('copies: editing the result leaves the input alone', () => {
    const raw = { id: ID, name: 'A', clients: [{ name: 'C' }] };
    const a = normalize(raw);
    a.clients[0].name = 'D';
    expect(raw.clients[0].name).toBe('C');
  });

  it('makes an empty activity of anything that is not an object', () => {
    expect(normalize(null).name).toBe('');
    expect(normalize([1, 2]).clients).toEqual([]);
  });
});

describe('toPayload', () => {
  it('drops trailing blank address lines of the clients and copies deeply', () => {
    const a = activity({ clients: [newClient()] });
    a.clients[0].contact.address.lines = ['1 place de la Mairie', ' ', ''];
    const out = toPayload(a);
    expect(out.clients[0].contact.address.lines).toEqual(['1 place de la Mairie']);
    expect(a.clients[0].contact.address.lines).toHaveLength(3);
  });
});

describe('newClient', () => {
  it('is what the model gives by default', () => {
    expect(newClient()).toEqual({
      name: '',
      contact: { email: null, phone: null, address: { lines: [], postcode: '', city: '', country: 'FR' } },
      third_party: null,
      operations: '',
    });
  });
});

describe('toggleId', () => {
  const order = ['a', 'b', 'c'];
  it('adds in the order of the list offered, removes, keeps unknown ids last', () => {
    expect(toggleId([], 'c', true, order)).toEqual(['c']);
    expect(toggleId(['c'], 'a', true, order)).toEqual(['a', 'c']);
    expect(toggleId(['a', 'c'], 'a', false, order)).toEqual(['c']);
    expect(toggleId(['z', 'c'], 'b', true, order)).toEqual(['b', 'c', 'z']);
    expect(toggleId(['a'], 'a', true, order)).toEqual(['a']);
  });
});

describe('places', () => {
  it('gives the element id of a pointer', () => {
    expect(fieldId('/name')).toBe('pa-name');
    expect(fieldId('/clients/0/contact/email')).toBe('pa-clients-0-contact-email');
    expect(fieldId('/transfers/2/country')).toBe('pa-transfers-2-country');
    expect(fieldId('/security/categories')).toBe('pa-security-categories');
  });

  it('lists the ids to try, the field first, then what encloses it', () => {
    expect(candidateIds('/clients/1/contact/address/postcode')).toEqual([
      'pa-clients-1-contact-address-postcode',
      'pa-clients-1-contact-address',
      'pa-clients-1-contact',
      'pa-clients-1',
      'pa-clients',
    ]);
    expect(candidateIds('')).toEqual([]);
  });

  it('finds the section of a pointer', () => {
    expect(sectionForPath('/name')).toBe('identity');
    expect(sectionForPath('/created_at')).toBe('identity');
    expect(sectionForPath('/description')).toBe('categories');
    expect(sectionForPath('/clients/0/contact/phone')).toBe('clients');
    expect(sectionForPath('/sub_processors_details')).toBe('sub_processors');
    expect(sectionForPath('/transfers/0/country')).toBe('transfers');
    expect(sectionForPath('/security/description')).toBe('security');
    expect(sectionForPath('/archived')).toBe('notes');
    expect(sectionForPath('/unknown')).toBeNull();
    expect(sectionForPath('')).toBeNull();
  });

  it('groups problems by field id', () => {
    const map = problemsById([problem('/name'), problem('/clients/0/contact/email'), problem('/name')]);
    expect(map.get('pa-name')).toHaveLength(2);
    expect(map.get('pa-clients-0-contact-email')).toHaveLength(1);
  });

  it('renumbers the problems of the items after a removed one, drops those of the removed one', () => {
    const out = shiftProblems(
      [problem('/clients/0/contact/email'), problem('/clients/1/contact/phone'), problem('/clients/2/name'), problem('/name')],
      '/clients',
      1,
    );
    expect(out.map((p) => p.path)).toEqual(['/clients/0/contact/email', '/clients/1/name', '/name']);
  });
});

describe('list', () => {
  const a = activity({ id: 'a', name: 'A' });
  const b = activity({ id: 'b', name: 'B', archived: true });

  it('hides archived activities unless asked', () => {
    expect(visibleActivities([a, b], false).map((x) => x.id)).toEqual(['a']);
    expect(visibleActivities([a, b], true).map((x) => x.id)).toEqual(['a', 'b']);
  });

  it('names the clients, blank names left out', () => {
    const x = activity({ clients: [{ ...newClient(), name: ' Commune A ' }, newClient(), { ...newClient(), name: 'Commune B' }] });
    expect(clientNames(x)).toEqual(['Commune A', 'Commune B']);
  });

  it('names the sub-processors found among the third parties, counts the others', () => {
    const x = activity({ sub_processors: ['t2', 'gone', 't1'] });
    expect(subProcessorNames(x, [tp('t1', 'Hébergeur'), tp('t2', 'Éditeur paie')])).toEqual({
      names: ['Éditeur paie', 'Hébergeur'],
      unknown: 1,
    });
  });

  it('shortens a long list', () => {
    expect(shortList(['a', 'b'])).toEqual({ shown: ['a', 'b'], more: 0 });
    expect(shortList(['a', 'b', 'c', 'd', 'e'])).toEqual({ shown: ['a', 'b', 'c'], more: 2 });
    expect(shortList(['a', 'b', 'c'], 1)).toEqual({ shown: ['a'], more: 2 });
  });
});
