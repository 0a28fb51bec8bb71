import { describe, expect, it } from 'vitest';
import { aipd, M1, R_A, view } from '../fixtures.test-support';
import { actionsOn, fold, freeMeasure, fromChoice, originKey, pickGroups, removeMeasure, risksUsing } from './measures';

describe('measure picker', () => {
  const choices = view().measure_choices;

  it('groups choices by origin and marks those already in the analysis', () => {
    const groups = pickGroups(choices, aipd().measures, '', 'fr');
    expect(groups.map((g) => g.kind)).toEqual(['security_item', 'knowledge_base']);
    expect(groups[0].items[0].present).toBe(true);
    expect(groups[1].items.map((i) => [i.choice.title_fr, i.present])).toEqual([
      ['Chiffrement', false],
      ['Sauvegardes', false],
    ]);
  });

  it('searches every word in the title or description, accents and case ignored', () => {
    expect(fold('Sécurité ÉLEVÉE')).toBe('securite elevee');
    const titles = (q: string, lang: 'fr' | 'en' = 'fr') =>
      pickGroups(choices, [], q, lang).flatMap((g) => g.items.map((i) => i.choice.title_fr));
    expect(titles('CHIFFR')).toEqual(['Chiffrement']);
    expect(titles('illisibles clé')).toEqual(['Chiffrement']);
    expect(titles('cle illisible')).toEqual(['Chiffrement']);
    expect(titles('copies testées')).toEqual(['Sauvegardes']);
    expect(titles('tested', 'en')).toEqual(['Sauvegardes']);
    expect(titles('rien de tel')).toEqual([]);
    expect(titles('   ')).toHaveLength(3);
  });

  it('turns a choice into a measure in the window language, keeping its origin', () => {
    const m = fromChoice(choices[1], 'en', 'new-id');
    expect(m).toEqual({
      id: 'new-id',
      title: 'Encryption',
      description: 'Make data unreadable without the key.',
      family: 'on_data',
      phase: 'planned',
      origin: { type: 'knowledge_base', entry_id: 'kb-chiffrement' },
      evaluation: null,
    });
    m.origin = { type: 'free' };
    expect(choices[1].origin).toEqual({ type: 'knowledge_base', entry_id: 'kb-chiffrement' });
    expect(freeMeasure('f').origin).toEqual({ type: 'free' });
    expect(originKey({ type: 'free' }, 'a')).not.toBe(originKey({ type: 'free' }, 'b'));
  });
});

describe('removing a measure', () => {
  it('unlinks it from every risk and attaches its corrective actions to the analysis', () => {
    const a = aipd();
    a.risks[2].measures = [M1, 'other'];
    a.actions = [
      { id: 'x1', part: { type: 'measure', id: M1 }, title: 'Former', details: '', owner: '', due_date: null, status: 'todo', done_on: null },
      { id: 'x2', part: { type: 'risk', id: R_A }, title: 'Autre', details: '', owner: '', due_date: null, status: 'todo', done_on: null },
    ];
    expect(risksUsing(a, M1).map((r) => r.label)).toEqual(['A', 'D']);
    expect(actionsOn(a, M1)).toBe(1);
    expect(removeMeasure(a, M1)).toEqual({ risks: 2, actions: 1 });
    expect(a.measures).toEqual([]);
    expect(a.risks[0].measures).toEqual([]);
    expect(a.risks[2].measures).toEqual(['other']);
    expect(a.actions[0].part).toEqual({ type: 'general' });
    expect(a.actions[1].part).toEqual({ type: 'risk', id: R_A });
    expect(a.actions).toHaveLength(2);
  });

  it('leaves everything else alone for an unknown id', () => {
    const a = aipd();
    expect(removeMeasure(a, 'nope')).toEqual({ risks: 0, actions: 0 });
    expect(a).toEqual(aipd());
  });
});
