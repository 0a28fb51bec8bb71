// Names of the nine AIPD (DPIA) criteria of the EDPB guidelines WP248, by their number, for
// the hits the core sends (it gives the number and the reason, not the name).

import type { MessageKey } from '../../../i18n/index.svelte';

export const CRITERION_LABEL: Record<number, MessageKey> = {
  1: 'register.editor.criterion.1',
  2: 'register.editor.criterion.2',
  3: 'register.editor.criterion.3',
  4: 'register.editor.criterion.4',
  5: 'register.editor.criterion.5',
  6: 'register.editor.criterion.6',
  7: 'register.editor.criterion.7',
  8: 'register.editor.criterion.8',
  9: 'register.editor.criterion.9',
};
