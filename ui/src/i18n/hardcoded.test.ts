import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findHardcoded } from './hardcoded';

const SRC = join(__dirname, '..');

function svelteFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return svelteFiles(p);
    return p.endsWith('.svelte') ? [p] : [];
  });
}

describe('no hard-coded user-visible text in components', () => {
  it('the checker catches text nodes and attributes, and lets t() and symbols through', () => {
    const bad = `<script>let a = 'x';</script>\n<p>Bonjour</p>\n<button aria-label="Fermer">×</button>\n<input placeholder='Nom' />`;
    expect(findHardcoded(bad).map((f) => f.text)).toEqual(['aria-label="Fermer"', 'placeholder="Nom"', 'Bonjour']);
    const good = `<p>{t('a')} — {t('b', { n: a > b ? 1 : 2 })}</p>\n<span aria-hidden="true">⚠ ×</span>\n{#if x}<b>{y}</b>{/if}\n<option value="fr">{t('lang.fr')}</option>\n<style>p { color: red; }</style>`;
    expect(findHardcoded(good)).toEqual([]);
  });

  const files = svelteFiles(SRC);
  it('finds the components', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  for (const file of files) {
    it(relative(SRC, file), () => {
      const found = findHardcoded(readFileSync(file, 'utf8')).map((f) => `line ${f.line}: ${f.text}`);
      expect(found).toEqual([]);
    });
  }
});
