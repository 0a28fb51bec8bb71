import { describe, expect, it } from 'vitest';
import type { Gap } from '../model';
import {
  candidateIds,
  countsByStep,
  fieldId,
  gapsAt,
  groupGaps,
  isInRow,
  isOrganisationPath,
  isWithin,
  problemsById,
  shiftPath,
  STEPS,
  stepForPath,
} from './paths';

const gap = (path: string, step: Gap['step'], level: Gap['level'] = 'mandatory'): Gap => ({
  path,
  step,
  level,
  code: 'x',
  article: '',
  message_fr: 'm',
  message_en: 'm',
});

describe('fieldId', () => {
  it('turns a JSON pointer into an element id under proc-', () => {
    expect(fieldId('/name')).toBe('proc-name');
    expect(fieldId('/purposes/0/legal_basis')).toBe('proc-purposes-0-legal_basis');
    expect(fieldId('/data_categories/2/retention')).toBe('proc-data_categories-2-retention');
    expect(fieldId('/security/description')).toBe('proc-security-description');
  });

  it('numbers address lines from one, as the organisation form does', () => {
    expect(fieldId('/joint_controllers/1/contact/address/lines/0')).toBe('proc-joint_controllers-1-contact-address-line1');
  });

  it('gives the prefix alone for the root', () => {
    expect(fieldId('')).toBe('proc');
  });
});

describe('candidateIds', () => {
  it('tries the field, then every enclosing value', () => {
    expect(candidateIds('/data_categories/2/retention/amount')).toEqual([
      'proc-data_categories-2-retention-amount',
      'proc-data_categories-2-retention',
      'proc-data_categories-2',
      'proc-data_categories',
    ]);
    expect(candidateIds('/name')).toEqual(['proc-name']);
    expect(candidateIds('')).toEqual([]);
  });

  it('keeps escaped pointer segments readable', () => {
    expect(candidateIds('/a~1b/c')).toEqual(['proc-a/b-c', 'proc-a/b']);
  });
});

describe('stepForPath', () => {
  it('maps every top-level field of a processing to its step', () => {
    expect(stepForPath('/name')).toBe('identity');
    expect(stepForPath('/joint_controllers/0/contact/email')).toBe('identity');
    expect(stepForPath('/software/3')).toBe('identity');
    expect(stepForPath('/purposes/1/justification')).toBe('purposes');
    expect(stepForPath('/persons_concerned/0/approximate_number')).toBe('persons');
    expect(stepForPath('/data_categories/0/retention/amount')).toBe('data');
    expect(stepForPath('/sensitive_data/0/exception')).toBe('sensitive');
    expect(stepForPath('/criminal_data/retention')).toBe('sensitive');
    expect(stepForPath('/nir_justification')).toBe('sensitive');
    expect(stepForPath('/collection_means/2')).toBe('origin');
    expect(stepForPath('/automated_decision_details')).toBe('origin');
    expect(stepForPath('/recipients/0/third_party')).toBe('recipients');
    expect(stepForPath('/transfers/0/country')).toBe('transfers');
    expect(stepForPath('/security/categories')).toBe('security');
    expect(stepForPath('/next_review')).toBe('review');
    expect(stepForPath('/status')).toBe('review');
  });

  it('has no step for paths outside the processing', () => {
    expect(stepForPath('/organisation/address')).toBeNull();
    expect(stepForPath('/unknown_field')).toBeNull();
    expect(stepForPath('')).toBeNull();
    expect(stepForPath('/constructor')).toBeNull();
  });

  it('organisation paths are recognised', () => {
    expect(isOrganisationPath('/organisation/dpo/public_contact')).toBe(true);
    expect(isOrganisationPath('/organisation')).toBe(true);
    expect(isOrganisationPath('/organisations')).toBe(false);
  });
});

describe('verdicts by place', () => {
  it('isWithin does not confuse item 1 and item 10', () => {
    expect(isWithin('/purposes/1/x', '/purposes/1')).toBe(true);
    expect(isWithin('/purposes/1', '/purposes/1')).toBe(true);
    expect(isWithin('/purposes/10/x', '/purposes/1')).toBe(false);
  });

  it('isInRow tells row remarks from step remarks', () => {
    expect(isInRow('/purposes/0/legal_basis')).toBe(true);
    expect(isInRow('/transfers/2')).toBe(true);
    expect(isInRow('/purposes')).toBe(false);
    expect(isInRow('/software/0')).toBe(false);
    expect(isInRow('/criminal_data/legal_ground')).toBe(false);
    expect(isInRow('/organisation/address')).toBe(false);
  });

  it('counts gaps and problems per step', () => {
    const counts = countsByStep(
      [gap('/name', 'identity'), gap('/purposes', 'purposes'), gap('/organisation/email', 'identity')],
      [{ path: '/transfers/0/country', code: 'c', message_fr: '', message_en: '' }, { path: '/zzz', code: 'c', message_fr: '', message_en: '' }],
    );
    expect(Object.keys(counts)).toEqual(STEPS);
    expect(counts.identity).toBe(2);
    expect(counts.purposes).toBe(1);
    expect(counts.transfers).toBe(1);
    expect(counts.review).toBe(0);
  });

  it('groups gaps by level in the panel order, leaving empty levels out', () => {
    const groups = groupGaps([
      gap('/a', 'identity', 'recommended'),
      gap('/b', 'identity', 'inconsistency'),
      gap('/c', 'identity', 'mandatory'),
      gap('/d', 'identity', 'recommended'),
    ]);
    expect(groups.map((g) => g.level)).toEqual(['mandatory', 'recommended', 'inconsistency']);
    expect(groups[1].gaps.map((g) => g.path)).toEqual(['/a', '/d']);
    expect(groupGaps([])).toEqual([]);
  });

  it('finds the gaps of a row or of an exact field', () => {
    const gaps = [gap('/purposes/0/legal_basis', 'purposes'), gap('/purposes', 'purposes'), gap('/purposes/10', 'purposes')];
    expect(gapsAt(gaps, '/purposes/0').map((g) => g.path)).toEqual(['/purposes/0/legal_basis']);
    expect(gapsAt(gaps, '/purposes', true).map((g) => g.path)).toEqual(['/purposes']);
    expect(gapsAt(gaps, '/purposes/1')).toEqual([]);
  });

  it('groups problems by field id', () => {
    const map = problemsById([
      { path: '/transfers/0/country', code: 'a', message_fr: 'a', message_en: 'a' },
      { path: '/transfers/0/country', code: 'b', message_fr: 'b', message_en: 'b' },
      { path: '/name', code: 'c', message_fr: 'c', message_en: 'c' },
    ]);
    expect(map.get('proc-transfers-0-country')?.map((p) => p.code)).toEqual(['a', 'b']);
    expect(map.get('proc-name')?.length).toBe(1);
  });
});

describe('shiftPath', () => {
  it('renumbers the items after a removed one and drops the removed one', () => {
    expect(shiftPath('/purposes/0/x', '/purposes', 1)).toBe('/purposes/0/x');
    expect(shiftPath('/purposes/1/x', '/purposes', 1)).toBeNull();
    expect(shiftPath('/purposes/1', '/purposes', 1)).toBeNull();
    expect(shiftPath('/purposes/2/x', '/purposes', 1)).toBe('/purposes/1/x');
    expect(shiftPath('/purposes/12', '/purposes', 1)).toBe('/purposes/11');
  });

  it('leaves other paths alone', () => {
    expect(shiftPath('/purposes', '/purposes', 0)).toBe('/purposes');
    expect(shiftPath('/recipients/3', '/purposes', 0)).toBe('/recipients/3');
    expect(shiftPath('/purposes_x/3', '/purposes', 0)).toBe('/purposes_x/3');
  });
});
