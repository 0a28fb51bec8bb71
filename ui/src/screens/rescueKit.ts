// Saving the rescue kit PDF: ask where (native dialog), then let the shell write it.

import { t } from '../i18n/index.svelte';
import { api } from '../lib/api';
import { stem } from '../lib/format';
import { showError, showSuccess } from '../lib/toast.svelte';

/** Returns true when the kit was written. */
export async function saveRescueKit(fileName: string): Promise<boolean> {
  try {
    const path = await api.pickPdfPath(t('rescue.file_name', { name: stem(fileName) }));
    if (!path) return false;
    await api.rescueKitSave(path);
    showSuccess(t('rescue.saved', { path }));
    return true;
  } catch (e) {
    showError(e);
    return false;
  }
}
