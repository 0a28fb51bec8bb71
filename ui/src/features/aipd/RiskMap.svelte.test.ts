// @vitest-environment jsdom
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { RiskMap as Map } from './model';
import RiskMap from './RiskMap.svelte';

let app: Record<string, unknown> | null = null;
afterEach(() => {
  if (app) unmount(app);
  app = null;
  document.body.innerHTML = '';
});

function sample(): Map {
  return {
    rule: { both_at_least: 'significant', severity_at_least: 'maximum' },
    rule_fr: 'Un risque résiduel est élevé selon la règle de Greffier.',
    rule_en: 'A residual risk is high under Greffier’s rule.',
    risks: [
      {
        risk_id: 'r1',
        label: 'A',
        title: 'Accès illégitime à des données',
        inherent: { severity: 'maximum', likelihood: 'maximum' },
        initial: { severity: 'significant', likelihood: 'significant' },
        residual: { severity: 'significant', likelihood: 'limited' },
        high: false,
      },
      {
        risk_id: 'r2',
        label: 'M',
        title: 'Modification non désirée de données',
        inherent: null,
        initial: { severity: 'significant', likelihood: 'significant' },
        residual: null,
        high: true,
      },
      {
        risk_id: 'r3',
        label: 'R1',
        title: 'Détournement de finalité',
        inherent: null,
        initial: { severity: 'limited', likelihood: 'negligible' },
        residual: { severity: 'limited', likelihood: 'negligible' },
        high: false,
      },
    ],
    unrated: ['Disparition de données'],
  };
}

function render(map: Map, lang: 'fr' | 'en' = 'fr') {
  app = mount(RiskMap, { target: document.body, props: { map, lang } });
  flushSync();
}

describe('RiskMap', () => {
  it('is an image with a title and a description', () => {
    render(sample());
    const svg = document.querySelector('svg[role="img"]')!;
    const ids = svg.getAttribute('aria-labelledby')!.split(' ');
    expect(ids).toHaveLength(2);
    expect(document.getElementById(ids[0])?.textContent).toBe('Cartographie des risques');
    expect(document.getElementById(ids[1])?.textContent).toContain('Maximale en haut');
  });

  it('draws 16 cells with the high zone hatched, as the rule says', () => {
    render(sample());
    const cells = document.querySelectorAll('rect.cell[data-severity]');
    expect(cells).toHaveLength(16);
    const high = [...cells].filter((c) => c.getAttribute('data-high') === 'true');
    expect(high.map((c) => `${c.getAttribute('data-severity')}/${c.getAttribute('data-likelihood')}`).sort()).toEqual([
      'maximum/limited',
      'maximum/maximum',
      'maximum/negligible',
      'maximum/significant',
      'significant/maximum',
      'significant/significant',
    ]);
    const hatches = document.querySelectorAll('svg[role="img"] rect.hatch');
    expect(hatches).toHaveLength(6);
    const patternId = document.querySelector('pattern')!.id;
    expect(hatches[0].getAttribute('fill')).toBe(`url(#${patternId})`);
  });

  it('puts Maximale at the top and Négligeable at the left', () => {
    render(sample());
    const top = document.querySelector('rect.cell[data-severity="maximum"][data-likelihood="negligible"]')!;
    const bottom = document.querySelector('rect.cell[data-severity="negligible"][data-likelihood="maximum"]')!;
    expect(Number(top.getAttribute('y'))).toBeLessThan(Number(bottom.getAttribute('y')));
    expect(Number(top.getAttribute('x'))).toBeLessThan(Number(bottom.getAttribute('x')));
    const labels = [...document.querySelectorAll('text.level-label')].map((t) => t.textContent?.trim());
    expect(labels.filter((l) => l === 'Maximale')).toHaveLength(2);
    expect([...document.querySelectorAll('text.axis-title')].map((t) => t.textContent)).toEqual([
      'Gravité →',
      'Vraisemblance →',
    ]);
  });

  it('draws each risk with its shapes, arrows with markers and labels at both ends', () => {
    render(sample());
    const a = document.querySelector('g.risk[data-risk="r1"]')!;
    expect(a.querySelector('[data-mark="inherent"]')?.tagName.toLowerCase()).toBe('polygon');
    expect(a.querySelector('[data-mark="initial"]')?.tagName.toLowerCase()).toBe('circle');
    expect(a.querySelector('[data-mark="residual"]')?.tagName.toLowerCase()).toBe('rect');
    expect([...a.querySelectorAll('text.mark-label')].map((t) => t.textContent)).toEqual(['A', 'A', 'A']);
    const arrows = document.querySelectorAll('path.arrow[data-arrow]');
    expect([...arrows].map((l) => l.getAttribute('data-arrow'))).toEqual(['inherent-initial', 'initial-residual', 'initial-residual']);
    const marker = arrows[1].getAttribute('marker-end')!;
    expect(document.querySelector(marker.replace(/^url\((.*)\)$/, '$1'))?.tagName.toLowerCase()).toBe('marker');
    // M has no residual: one mark, no arrow
    const m = document.querySelector('g.risk[data-risk="r2"]')!;
    expect(m.querySelectorAll('[data-mark]')).toHaveLength(1);
  });

  it('offsets two risks in the same cell', () => {
    render(sample());
    const a = document.querySelector('g.risk[data-risk="r1"] circle')!;
    const m = document.querySelector('g.risk[data-risk="r2"] circle')!;
    expect(a.getAttribute('cx')).not.toBe(m.getAttribute('cx'));
  });

  it('lists every risk in a table, with « Risque élevé ? » in words', () => {
    render(sample());
    const rows = [...document.querySelectorAll('table.map-table tbody tr')];
    expect(rows).toHaveLength(3);
    const cells = rows.map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent?.replace(/\s+/g, ' ').trim()));
    expect(cells[0]).toEqual([
      'A',
      'Accès illégitime à des données',
      'Gravité Maximale, vraisemblance Maximale',
      'Gravité Importante, vraisemblance Importante',
      'Gravité Importante, vraisemblance Limitée',
      'Non',
    ]);
    expect(cells[1][4]).toBe('Non estimé');
    expect(cells[1][5]).toContain('Oui');
    expect(document.querySelector('.unrated')?.textContent).toContain('Disparition de données');
    expect(document.body.textContent).toContain('Un risque résiduel est élevé selon la règle de Greffier.');
  });

  it('speaks English when asked, naming the feared events in English', () => {
    render(sample(), 'en');
    expect(document.querySelector('svg title')?.textContent).toBe('Risk map');
    const first = document.querySelector('table.map-table tbody tr td')?.textContent;
    expect(first).toBe('Illegitimate access to data');
    expect(document.body.textContent).toContain('Greffier’s rule');
    expect(document.querySelector('.unrated')?.textContent).toContain('Data disappearance');
  });

  it('has no inline style (strict CSP) and says when nothing is estimated', () => {
    render({ ...sample(), risks: [], unrated: [] });
    expect(document.body.innerHTML).not.toMatch(/style=/);
    expect(document.querySelector('table')).toBeNull();
    expect(document.body.textContent).toContain('Aucun risque n’est encore estimé');
    expect(document.querySelectorAll('rect.cell[data-severity]')).toHaveLength(16);
  });
});
