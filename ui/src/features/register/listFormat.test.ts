import { describe, expect, it } from 'vitest';
import { defaultQuery } from './listApi';
import { formatDay, isFiltered, preselect } from './listFormat';

describe('register list helpers', () => {
  it('formats ISO days and keeps unreadable text', () => {
    expect(formatDay('2026-11-23', 'fr')).toBe('23/11/2026');
    expect(formatDay('2026-02-30', 'fr')).toBe('2026-02-30');
    expect(formatDay('demain', 'en')).toBe('demain');
    expect(formatDay(null, 'fr')).toBe('');
  });

  it('knows when a query filters', () => {
    const q = defaultQuery();
    expect(isFiltered(q)).toBe(false);
    expect(isFiltered({ ...q, text: '  ' })).toBe(false);
    expect(isFiltered({ ...q, text: 'paie' })).toBe(true);
    expect(isFiltered({ ...q, include_archived: true })).toBe(false);
    expect(isFiltered({ ...q, sensitive: false })).toBe(true);
  });

  it('preselects new proposals once each', () => {
    expect(preselect(['paie', 'clients', 'paie', 'site_web'], new Set(['clients']))).toEqual(['paie', 'site_web']);
  });
});
