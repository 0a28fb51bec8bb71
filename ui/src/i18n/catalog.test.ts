import { describe, expect, it } from 'vitest';
import en from './en';
import fr from './fr';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('catalogs', () => {
  it('have exactly the same keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
  });

  it('have no empty value', () => {
    for (const [lang, cat] of Object.entries({ fr, en })) {
      for (const [k, v] of Object.entries(cat)) {
        expect(v.trim(), `${lang}: ${k}`).not.toBe('');
      }
    }
  });

  it('use the same {placeholders} in both languages', () => {
    for (const k of Object.keys(fr) as (keyof typeof fr)[]) {
      expect(placeholders(en[k]), k).toEqual(placeholders(fr[k]));
    }
  });

  it('French follows French typography: no ordinary space before « : ; ! ? »', () => {
    for (const [k, v] of Object.entries(fr)) {
      expect(v, k).not.toMatch(/ [:;!?»]/);
      expect(v, k).not.toMatch(/« /);
    }
  });
});
