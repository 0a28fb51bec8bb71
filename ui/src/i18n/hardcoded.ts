// Finds user-visible text written directly in a Svelte component instead of going through
// `t()`: text nodes, and aria-label / placeholder / title / alt attributes given as literals.
// Punctuation and symbols alone (« — », « ⚠ », « × ») are allowed.

export interface Finding {
  line: number;
  text: string;
}

const LETTER = /[A-Za-zÀ-ÖØ-öø-ÿ]/;
const ATTRS = ['aria-label', 'placeholder', 'title', 'alt', 'aria-description'];

function lineOf(source: string, index: number): number {
  return source.slice(0, index).split('\n').length;
}

/** Blanks a region with spaces (keeps line numbers and offsets). */
function blank(s: string): string {
  return s.replace(/[^\n]/g, ' ');
}

export function findHardcoded(source: string): Finding[] {
  // Script, style and comments are not markup.
  let s = source
    .replace(/<script[\s\S]*?<\/script>/g, blank)
    .replace(/<style[\s\S]*?<\/style>/g, blank)
    .replace(/<!--[\s\S]*?-->/g, blank);

  // Expressions and blocks: innermost braces first, until none is left.
  let prev = '';
  while (prev !== s) {
    prev = s;
    s = s.replace(/\{[^{}]*\}/g, blank);
  }

  const findings: Finding[] = [];

  // Attribute literals.
  const attrRe = new RegExp(`\\s(${ATTRS.join('|')})\\s*=\\s*("([^"]*)"|'([^']*)')`, 'g');
  for (const m of s.matchAll(attrRe)) {
    const name = m[1];
    const value = m[3] ?? m[4] ?? '';
    if (LETTER.test(value)) findings.push({ line: lineOf(s, m.index ?? 0), text: `${name}="${value}"` });
  }

  // Text nodes: what is left between tags.
  const noTags = s.replace(/<[^>]*>/g, blank);
  for (const m of noTags.matchAll(/[^\s][^\n]*/g)) {
    const text = m[0].replace(/&[a-zA-Z]+;|&#\d+;/g, ' ').trim();
    if (LETTER.test(text)) findings.push({ line: lineOf(noTags, m.index ?? 0), text });
  }
  return findings;
}
