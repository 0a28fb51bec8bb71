// The processing editor's shared state: the edited processing, the core's last verdicts,
// the choice lists. One instance per open editor, handed to the step components through
// Svelte's context.

import { getContext, setContext } from 'svelte';
import { loc, t } from '../../../i18n/index.svelte';
import type { EnumOption, Problem } from '../../../lib/api';
import type { SelectOption } from '../../../lib/ui/types';
import type {
  Completeness,
  CountryList,
  CriterionHit,
  Gap,
  Processing,
  RegisterOptions,
  ThirdParty,
  TransferWarning,
} from '../model';
import { normalize } from './form';
import { fieldId, gapsAt, isWithin, problemsById, shiftPath, warningsAt } from './paths';

const EMPTY_COMPLETENESS: Completeness = {
  gaps: [],
  percent: 0,
  mandatory_missing: 0,
  where_possible_missing: 0,
  recommended_missing: 0,
  inconsistencies: 0,
  ready: false,
};

export class EditorState {
  proc = $state<Processing>(normalize({}));
  problems = $state<Problem[]>([]);
  completeness = $state<Completeness>(EMPTY_COMPLETENESS);
  criteria = $state<CriterionHit[]>([]);
  warnings = $state<TransferWarning[]>([]);
  options = $state<RegisterOptions | null>(null);
  countries = $state<CountryList | null>(null);
  thirdParties = $state<ThirdParty[]>([]);
  /** The compact full form (less help, help behind « ? » buttons). */
  compact = $state(false);

  errorsById = $derived(problemsById(this.problems));

  /** Called after every edit of `proc` (the editor schedules the autosave). */
  onchange: () => void = () => {};

  changed(): void {
    this.onchange();
  }

  /** The choices of one of the core's lists, labelled in the current language. */
  choices(list: keyof RegisterOptions, current?: string | null): SelectOption[] {
    const opts: EnumOption[] = this.options?.[list] ?? [];
    const out = opts.map((o) => ({ value: o.value, label: loc(o, 'label') }));
    // A value the list does not know (a draft, an older shell) stays visible.
    if (current && !opts.some((o) => o.value === current)) out.push({ value: current, label: current });
    return out;
  }

  /** The label of a value of one of the core's lists. */
  label(list: keyof RegisterOptions, value: string | null | undefined): string {
    if (!value) return t('common.not_filled');
    const o = this.options?.[list]?.find((x) => x.value === value);
    return o ? loc(o, 'label') : value;
  }

  /** The core's problems on the value at `path`, as one text; `null` when none. */
  error(path: string): string | null {
    const list = this.errorsById.get(fieldId(path));
    return list ? list.map((p) => loc(p, 'message')).join(' ') : null;
  }

  /** Gaps of the core on the value at `path` (exact) or inside the row at `path`. */
  gaps(path: string, exact = false): Gap[] {
    return gapsAt(this.completeness.gaps, path, exact);
  }

  transferWarnings(path: string): TransferWarning[] {
    return warningsAt(this.warnings, path);
  }

  /**
   * After item `index` of the list at `listPath` was removed: drops the verdicts about it and
   * renumbers those of the items after it, until the core answers again.
   */
  shiftVerdicts(listPath: string, index: number): void {
    const shift = <T extends { path: string }>(items: T[]): T[] =>
      items.flatMap((x) => {
        const p = shiftPath(x.path, listPath, index);
        return p === null ? [] : [{ ...x, path: p }];
      });
    this.problems = shift(this.problems);
    this.warnings = shift(this.warnings);
    this.completeness = { ...this.completeness, gaps: shift(this.completeness.gaps) };
  }

  /** There is something (a problem of the core) inside `path`. */
  hasProblemIn(path: string): boolean {
    return this.problems.some((p) => isWithin(p.path, path));
  }
}

const KEY = Symbol('processing-editor');

export function provideEditor(state: EditorState): void {
  setContext(KEY, state);
}

export function useEditor(): EditorState {
  const s = findEditor();
  if (!s) throw new Error('processing editor state missing');
  return s;
}

/** The processing editor's state, when the component stands inside that editor. */
export function findEditor(): EditorState | undefined {
  return getContext<EditorState | undefined>(KEY);
}
