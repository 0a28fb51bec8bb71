// The breach's documents, exported through `document_export` (commands/documents.rs).

import { t } from '../../i18n/index.svelte';
import { baseName } from '../../lib/format';

/** The toast after a document is saved: names the file. */
export function exportedText(path: string): string {
  return t('breach.doc.saved', { file: baseName(path) });
}
