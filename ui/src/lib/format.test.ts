import { describe, expect, it } from 'vitest';
import { baseName, formatBytes, formatSiren, formatSiret, pathToId, stem, throttle } from './format';

describe('formatSiren / formatSiret', () => {
  it('groups digits by three', () => {
    expect(formatSiren('732829320')).toBe('732 829 320');
    expect(formatSiren('732 829 320')).toBe('732 829 320');
    expect(formatSiret('73282932000074')).toBe('732 829 320 00074');
  });
  it('leaves other values as typed', () => {
    expect(formatSiren('12345')).toBe('12345');
    expect(formatSiren(null)).toBe('');
    expect(formatSiret('abc')).toBe('abc');
  });
});

describe('pathToId', () => {
  it('turns a JSON pointer into an element id', () => {
    expect(pathToId('org', '/siren')).toBe('org-siren');
    expect(pathToId('org', '/address/postcode')).toBe('org-address-postcode');
    expect(pathToId('org', '/dpo/private_contact/email')).toBe('org-dpo-private_contact-email');
    expect(pathToId('org', '/legal_name')).toBe('org-legal_name');
  });
  it('numbers address lines from one', () => {
    expect(pathToId('org', '/address/lines/0')).toBe('org-address-line1');
    expect(pathToId('org', '/dpo/public_contact/address/lines/1')).toBe('org-dpo-public_contact-address-line2');
  });
  it('maps the root to the prefix and unescapes ~1 ~0', () => {
    expect(pathToId('org', '')).toBe('org');
    expect(pathToId('x', '/a~1b/c~0d')).toBe('x-a/b-c~d');
  });
});

describe('throttle', () => {
  it('lets one call through per interval', () => {
    let now = 0;
    const calls: number[] = [];
    const f = throttle((n: number) => calls.push(n), 20_000, () => now);
    f(1);
    now = 5_000;
    f(2);
    now = 19_999;
    f(3);
    now = 20_000;
    f(4);
    now = 30_000;
    f(5);
    now = 40_001;
    f(6);
    expect(calls).toEqual([1, 4, 6]);
  });
});

describe('file names and sizes', () => {
  it('extracts names', () => {
    expect(baseName('/home/claire/Greffier/Boulangerie Martin.greffier')).toBe('Boulangerie Martin.greffier');
    expect(baseName('C:\\Users\\x\\Mairie.greffier')).toBe('Mairie.greffier');
    expect(stem('Boulangerie Martin.greffier')).toBe('Boulangerie Martin');
  });
  it('formats sizes per language', () => {
    expect(formatBytes(512, 'fr')).toBe('512\u00a0o');
    expect(formatBytes(1_500_000, 'en')).toBe('1.5\u00a0MB');
  });
});
