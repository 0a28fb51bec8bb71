// French typography for the catalog: a no-break space before « : » and « » », after « « »,
// and a narrow no-break space before « ; ! ? », so that no line ever starts with them.
// The catalog is written with ordinary spaces; this is applied once when it loads.

const NBSP = '\u00a0';
const NNBSP = '\u202f';

export function frenchSpacing(s: string): string {
  return s
    .replace(/ :/g, `${NBSP}:`)
    .replace(/ »/g, `${NBSP}»`)
    .replace(/« /g, `«${NBSP}`)
    .replace(/ ([;!?])/g, `${NNBSP}$1`);
}

export function frenchCatalog<T extends Record<string, string>>(catalog: T): T {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(catalog)) out[k] = frenchSpacing(v);
  return out as T;
}
