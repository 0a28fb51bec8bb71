// The core's problems shown next to their field: a problem belongs to the field at its
// JSON pointer, or to the closest field that contains it (`/measures/2/title` is shown by the
// measure's title; `/context/answers/0` by the first answer).

import { loc } from '../../../i18n/index.svelte';
import type { Problem } from '../../../lib/api';

/** The messages of the problems at `path` or below it, joined; `null` when there is none. */
export function errorAt(problems: readonly Problem[], path: string): string | null {
  const found = problems.filter((p) => p.path === path || p.path.startsWith(`${path}/`)).map((p) => loc(p, 'message'));
  return found.length > 0 ? found.join(' ') : null;
}
