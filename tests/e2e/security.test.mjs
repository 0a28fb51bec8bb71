// The security checklist in the real window: a new user answers the profile, ticks items,
// sees the score, handles the action plan, records the day's state and exports the PDF
// report (read back with pdftotext). Screenshots: tests/e2e/screenshots/s-*.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SHOTS, WORK, answerFileDialog, pdfText } from './harness.mjs';
import { withApp, createDossier, dismissToasts, savedStatus, settleToasts } from './flows.mjs';

async function itemsShown(s) {
  return s.exec(`return document.querySelectorAll('[id^="sec-item-"][id$="-done"]').length`);
}

test('security: profile, answers, score, action plan, snapshot, PDF report', async () => {
  const path = join(WORK, 'Fleuriste.greffier');
  const pdf = join(WORK, 'Rapport sécurité.pdf');
  await withApp(async (s) => {
    await createDossier(s, path, 'Fleuriste des Arènes');
    await (await s.find('#rescue-kit-continue')).click();
    await s.waitFor('#organisation-form');
    await (await s.find('[data-nav="security"]')).click();
    await s.waitFor('#security-profile', 20000);
    const before = await itemsShown(s);

    // A small shop: no website, no server of its own, no software made for it.
    for (const key of ['website', 'own_servers', 'software_dev', 'server_room']) {
      await (await s.find(`#sec-profile-${key}-no`)).click();
      await s.until(`profile ${key} saved`, async () =>
        (await s.exec(`return document.getElementById(arguments[0]).checked`, `sec-profile-${key}-no`)) || null,
      );
    }
    await s.until('fewer items once the profile says what does not apply', async () => {
      const n = await itemsShown(s);
      return n < before ? n : null;
    });
    await s.screenshot(SHOTS, 's-01-profil');

    // Sheet 1: one precaution done, one partial.
    await s.exec(`document.getElementById('sec-sheet-1').open = true`);
    await (await s.waitFor('#sec-item-s01-p01-done')).click();
    await (await s.waitFor('#sec-item-s01-p02-partial')).click();
    await s.until('score shown', async () => {
      const t = await s.text('#security-score');
      return /\d+(,\d)?\s*%/.test(t) ? t : null;
    });
    await s.screenshot(SHOTS, 's-02-reponses-score');

    // The partial item is in the action plan; marked done from there.
    await (await s.find('#security-tab-plan')).click();
    const mark = await s.waitFor('[data-mark-done="s01-p02"]');
    await s.screenshot(SHOTS, 's-03-plan');
    await mark.click();
    await s.until('action done', async () =>
      (await s.exec(`return !document.querySelector('[data-mark-done="s01-p02"]')`)) || null,
    );

    // The day's state in the history.
    await (await s.find('#security-tab-history')).click();
    await (await s.waitFor('#security-snapshot')).click();
    await s.until('a point in the history', async () => /%/.test(await s.text('#security-history')) || null);
    await s.screenshot(SHOTS, 's-04-historique');

    // The PDF report through the native save dialog.
    await (await s.find('#security-tab-plan')).click();
    await dismissToasts(s);
    await (await s.waitFor('#security-export-pdf')).click();
    await answerFileDialog('Enregistrer le rapport de sécurité', pdf);
    await s.until('PDF written', async () => existsSync(pdf) || null, 20000);

    // Items done feed a register entry's security field (Art. 30(1)(g)), in one click.
    await settleToasts(s);
    await (await s.find('[data-nav="register"]')).click();
    await (await s.waitFor('#register-new')).click();
    await (await s.waitFor('#register-new-name')).fill('Caisse et paiements');
    await (await s.find('#register-new-submit')).click();
    await (await s.waitFor('#proc-stepnav-security')).click();
    await (await s.waitFor('#proc-security-from-checklist')).click();
    await savedStatus(s);
    await s.until('description brought from the checklist', async () =>
      (await s.exec(`return document.getElementById('proc-security-description')?.value ?? ''`)) || null,
    );
    await s.screenshot(SHOTS, 's-05-registre-mesures');

    // The dashboard shows the overall score.
    await (await s.find('[data-nav="dashboard"]')).click();
    await s.until('dashboard score', async () => /%/.test(await s.text('#dashboard-security')) || null);
    await s.screenshot(SHOTS, 's-06-tableau-de-bord');
  });

  const text = pdfText(pdf);
  assert.match(text, /Fleuriste des Arènes/);
  assert.match(text, /Piloter la sécurité des données/);
  assert.match(text, /\d+(,\d)?\s*%/);
  assert.match(text, /Page 1 \/ \d+/);
});
