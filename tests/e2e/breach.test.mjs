// The breach register in the real window: a baker's accountant has the shop's laptop stolen;
// the breach is declared (« Nouvelle violation »), filled in the order of the notification,
// its 72-hour countdown shows on the dashboard, it is marked notified, and the notification
// sheet is exported as a PDF through the save dialog (read back with pdftotext).
// Screenshots: tests/e2e/screenshots/v-*.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SHOTS, WORK, answerFileDialog, pdfText } from './harness.mjs';
import { withApp, createDossier, dismissToasts, savedStatus, select, settleToasts } from './flows.mjs';

/** Sets a field's value and tells the page, as typing would. */
async function setText(s, id, text) {
  const done = await s.exec(
    `const e = document.getElementById(arguments[0]);
     if (!e) return false;
     e.value = arguments[1];
     e.dispatchEvent(new Event('input', { bubbles: true }));
     e.dispatchEvent(new Event('change', { bubbles: true }));
     return true;`,
    id,
    text,
  );
  assert.ok(done, `field #${id} is on the page`);
}

async function press(s, id) {
  await s.waitFor(`[id="${id}"]`);
  await s.exec(`document.getElementById(arguments[0]).click()`, id);
}

test('bakery: stolen laptop declared, countdown on the dashboard, notified, notification sheet PDF', async () => {
  const path = join(WORK, 'Boulangerie violation.greffier');
  const pdf = join(WORK, 'Fiche de notification.pdf');
  await withApp(async (s) => {
    await createDossier(s, path, 'Boulangerie Martin');
    await (await s.find('#rescue-kit-continue')).click();
    await s.waitFor('#organisation-form');

    // The page explains, then one field declares the breach.
    await (await s.find('[data-nav="breaches"]')).click();
    await s.waitFor('#breach-new');
    assert.match(await s.text('#breach-page'), /ordinateur portable/);
    await s.screenshot(SHOTS, 'v-01-page-vide');
    await (await s.find('#breach-new')).click();
    await (await s.waitFor('#breach-new-name')).fill("Vol de l'ordinateur portable du comptable");
    await (await s.find('#breach-new-submit')).click();
    await s.waitFor('#br-form', 20000);
    assert.match(await s.text('#br-countdown'), /Reste 7[01] h pour notifier la CNIL/);

    // Filled in the order of the notification.
    await setText(s, 'br-circumstances', 'Ordinateur volé dans la voiture du comptable, sur le parking.');
    await press(s, 'br-natures-confidentiality');
    await press(s, 'br-natures-availability');
    await select(s, '#br-origin', 'external');
    await select(s, '#br-cause', 'malicious');
    await setText(s, 'br-data_details', 'Noms, adresses et téléphones des clients des commandes.');
    await setText(s, 'br-person_categories', 'Clients');
    await setText(s, 'br-persons_count', '350');
    await setText(s, 'br-consequences', 'Appels ou courriels frauduleux aux clients.');
    await press(s, 'br-risk-severity-limited');
    await press(s, 'br-risk-likelihood-significant');
    await setText(s, 'br-measures_taken', 'Plainte déposée\nMots de passe changés');
    await savedStatus(s);
    await s.until('suggestion to notify', async () => (/Notifier la CNIL/.test(await s.text('#br-suggestion')) ? true : null));
    await s.screenshot(SHOTS, 'v-02-editeur-compte-a-rebours');

    // The dashboard shows the countdown and opens the breach.
    await (await s.find('[data-nav="dashboard"]')).click();
    await s.waitFor('[data-dashboard-breach]', 20000);
    const card = await s.text('[data-dashboard-breach]');
    assert.match(card, /Vol de l'ordinateur portable du comptable/);
    assert.match(card, /Reste \d+ h pour notifier la CNIL/);
    await s.screenshot(SHOTS, 'v-03-tableau-de-bord');
    await (await s.find('[data-dashboard-breach-open]')).click();
    await s.waitFor('#br-form', 20000);

    // Notified: the decision, then the initial notification.
    await select(s, '#br-notify_cnil', 'yes');
    await setText(s, 'br-notify_reasoning', 'Risque pour les clients : démarchage frauduleux possible.');
    await press(s, 'br-notifications-add');
    await s.waitFor('#br-notifications-0-reference');
    await setText(s, 'br-notifications-0-reference', 'CNIL-2026-0042');
    await savedStatus(s);
    await s.until('notified in time', async () => (/Notifiée dans les délais/.test(await s.text('#br-countdown')) ? true : null));
    await s.screenshot(SHOTS, 'v-04-notifiee');

    // The notification sheet, through the save dialog.
    await dismissToasts(s);
    await (await s.find('#br-doc-sheet-pdf')).click();
    await answerFileDialog('Enregistrer le document', pdf);
    await s.until('sheet PDF written', async () => existsSync(pdf) || null, 20000);
    const text = pdfText(pdf).replace(/\s+/g, ' ');
    for (const needle of ['ordinateur portable du comptable', 'Boulangerie Martin', '350']) {
      assert.ok(text.includes(needle), `notification sheet has « ${needle} »`);
    }
    await settleToasts(s);

    // Back on the list: notified in time; the dashboard card is gone.
    await (await s.find('#br-close')).click();
    await s.waitFor('#breach-list');
    assert.match(await s.text('#breach-list'), /Notifiée dans les délais/);
    await s.screenshot(SHOTS, 'v-05-liste');
    await (await s.find('[data-nav="dashboard"]')).click();
    await s.waitFor('#dashboard-register', 20000);
    assert.equal(await s.exec("return document.querySelectorAll('[data-dashboard-breach]').length"), 0);
  });
});
