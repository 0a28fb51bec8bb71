// The register in the real window: a bakery owner creates a dossier, adds « Gestion de la
// paie » from the library, completes what the completeness check lists, exports the PDF
// and the ODS (read back with pdftotext and calamine); a town hall uses the guided start.
// Screenshots of every step go to tests/e2e/screenshots/ (prefix r-).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHOTS, WORK, answerFileDialog, pdfText } from './harness.mjs';
import { sleep } from './webdriver.mjs';
import { withApp, createDossier, savedStatus, dismissToasts, settleToasts } from './flows.mjs';

/** Text of a spreadsheet, one `== sheet` line then one tab-separated line per row. */
function sheetText(file) {
  const bin = process.env.GREFFIER_SHEET_DUMP_BIN;
  if (!bin) throw new Error('GREFFIER_SHEET_DUMP_BIN is not set (cargo build --example sheet_dump)');
  const r = spawnSync(bin, [file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sheet_dump ${file}: ${r.stderr}`);
  return r.stdout;
}

/**
 * Sets an input's value and fires its events, as the browser does after a date pick
 * (WebDriver typing into a date field is locale-bound; it cannot type an empty text).
 */
async function setDate(s, id, iso) {
  await s.exec(
    `const e = document.getElementById(arguments[0]);
     e.value = arguments[1];
     e.dispatchEvent(new Event('input', { bubbles: true }));
     e.dispatchEvent(new Event('change', { bubbles: true }));`,
    id,
    iso,
  );
}

async function fillOrg(s, fields) {
  for (const [id, v] of Object.entries(fields)) await (await s.find(`#${id}`)).fill(v);
  await savedStatus(s);
}

/** The gaps the completeness panel lists: [{ code, path, level }]. */
async function gaps(s) {
  return s.exec(
    `return [...document.querySelectorAll('#proc-completeness [data-gap]')].map((b) => ({
       code: b.dataset.gap, path: b.dataset.gapPath, level: b.dataset.gapLevel }));`,
  );
}

/** What we type for each gap a bakery owner would be asked to fill in « Gestion de la paie ». */
const ANSWERS = {
  '/owner': { text: 'Marie Dupont, gérante' },
  '/department': { text: 'Direction' },
  '/next_review': { date: '2027-11-23' },
  '/data_origin_details': { text: 'Documents remis par le salarié à l’embauche' },
  '/information_of_persons': { text: 'Note d’information remise avec le contrat de travail' },
  '/rights_exercise': { text: 'Demande écrite à la gérante, réponse sous un mois' },
  '/security/description': { text: 'Poste protégé par mot de passe, sauvegarde chiffrée hebdomadaire' },
};

test('bakery: paie from the library, completed, exported as PDF and ODS', async () => {
  const path = join(WORK, 'Boulangerie Dupont.greffier');
  const pdf = join(WORK, 'Registre Dupont.pdf');
  const ods = join(WORK, 'Registre Dupont.ods');
  await withApp(async (s) => {
    await createDossier(s, path, 'Boulangerie Dupont');
    await (await s.find('#rescue-kit-continue')).click();
    await s.waitFor('#organisation-form');
    await fillOrg(s, {
      'org-siren': '732829320',
      'org-address-line1': '3 rue du Four',
      'org-address-postcode': '30700',
      'org-address-city': 'Uzès',
      'org-email': 'contact@boulangerie-dupont.fr',
      'org-phone': '04 66 22 33 44',
      'org-legal_representative-first_name': 'Marie',
      'org-legal_representative-last_name': 'Dupont',
    });

    await (await s.find('[data-nav="register"]')).click();
    await s.waitFor('#register');
    assert.match(await s.text('#register'), /registre est vide/);
    await s.screenshot(SHOTS, 'r-01-registre-vide');

    // The library: « Gestion de la paie », with its sources.
    await (await s.find('#register-library')).click();
    await s.waitFor('#lib-paie');
    assert.match(await s.text('#register-library-dialog'), /Gestion de la paie/);
    await (await s.find('#lib-paie')).click();
    await s.screenshot(SHOTS, 'r-02-bibliotheque');
    await (await s.find('#register-library-add')).click();
    const open = await s.waitFor('[data-open-name="Gestion de la paie"]');
    await dismissToasts(s);
    await s.screenshot(SHOTS, 'r-03-registre-paie');
    assert.match(await s.text('#register-table'), /Brouillon/);

    // The editor: what the completeness check lists, filled in through its own links.
    await open.click();
    await s.waitFor('#proc-completeness');
    await s.screenshot(SHOTS, 'r-04-fiche-paie');
    // The first step is the identity: a reference, as a DPO numbers entries.
    await (await s.waitFor('#proc-reference')).fill('RT-01');
    await savedStatus(s);
    const seen = new Set();
    for (let round = 0; round < 12; round++) {
      const todo = (await gaps(s)).filter((g) => !seen.has(g.path) && !g.path.startsWith('/organisation'));
      if (todo.length === 0) break;
      const g = todo[0];
      seen.add(g.path);
      const answer =
        ANSWERS[g.path] ?? (g.path.endsWith('/retention/starting_point') ? { text: 'à compter de la fin du contrat' } : undefined);
      assert.ok(answer, `the completeness check lists ${g.path} (${g.code}, ${g.level}): no answer planned for it`);
      await (await s.find(`[data-gap-path="${g.path}"]`)).click();
      const id = `proc${g.path.replace(/\//g, '-')}`;
      await s.until(`field ${id} shown`, async () => (await s.exec(`return !!document.getElementById(arguments[0])`, id)) || null);
      if (answer.date) await setDate(s, id, answer.date);
      else await (await s.find(`#${id}`)).fill(answer.text);
      await savedStatus(s);
      if (round === 0) await s.screenshot(SHOTS, 'r-05-fiche-lacune');
    }
    const left = await gaps(s);
    assert.deepEqual(
      left.filter((g) => g.level === 'mandatory' || g.level === 'inconsistency'),
      [],
      'no mandatory gap or inconsistency left',
    );

    // Now « Complet » can be chosen.
    await (await s.find('#proc-stepnav-review')).click();
    await s.waitFor('#proc-status option[value="complete"]');
    await (await s.find('#proc-status option[value="complete"]')).click();
    await savedStatus(s);
    await s.screenshot(SHOTS, 'r-06-fiche-complete');
    await (await s.find('#proc-close')).click();
    await s.waitFor('#register-table');
    assert.match(await s.text('#register-table'), /Complet/);
    await s.screenshot(SHOTS, 'r-07-registre-complet');

    // Exports through the native save dialog.
    await dismissToasts(s);
    await (await s.find('#register-export-format option[value="pdf"]')).click();
    await (await s.find('#register-export')).click();
    await answerFileDialog('Enregistrer le registre', pdf);
    await s.until('PDF written', async () => existsSync(pdf) || null, 20000);
    await settleToasts(s);
    await (await s.find('#register-export-format option[value="ods"]')).click();
    await (await s.find('#register-export')).click();
    await answerFileDialog('Enregistrer le registre', ods);
    await s.until('ODS written', async () => existsSync(ods) || null, 20000);
    await sleep(300);
    await s.screenshot(SHOTS, 'r-08-exports');
  });

  const text = pdfText(pdf);
  for (const expected of [
    /Registre des activités de traitement/,
    /Boulangerie Dupont/,
    /Gestion de la paie/,
    /RT-01/,
    /5 ans/,
    /6\(1\)\(b\)/,
    /Marie Dupont/,
    /Page 1 \/ \d+/,
  ]) {
    assert.match(text, expected, `PDF: ${expected}`);
  }
  const sheet = sheetText(ods);
  assert.match(sheet, /== Liste des traitements/);
  assert.match(sheet, /Gestion de la paie\tRT-01/);
  assert.match(sheet, /Calculer et verser les salaires/);
  assert.match(sheet, /5 ans à compter du versement du salaire/);
});

test('town hall: guided start proposes the commune processings, search finds them', async () => {
  const path = join(WORK, 'Mairie.greffier');
  await withApp(async (s) => {
    await createDossier(s, path, 'Commune de Saint-Quentin-la-Poterie');
    await (await s.find('#rescue-kit-continue')).click();
    await s.waitFor('#organisation-form');
    await (await s.find('#org-public_body')).click();
    await savedStatus(s);
    await (await s.find('[data-nav="register"]')).click();
    await (await s.waitFor('#register-empty-starter')).click();
    await s.waitFor('#register-starter-dialog [data-starter-key]');
    const keys = await s.exec(`return [...document.querySelectorAll('[data-starter-key]')].map((e) => e.dataset.starterKey)`);
    const commune = keys.filter((k) => /etat_civil|elections|electorales|cantine|police/.test(k));
    assert.ok(commune.length >= 3, `commune questions offered: ${keys.join(', ')}`);
    for (const k of commune) await (await s.find(`[data-starter-key="${k}"]`)).click();
    await s.screenshot(SHOTS, 'r-10-demarrage-guide');
    await (await s.find('#register-starter-propose')).click();
    await s.waitFor('[data-starter-pick]');
    const picks = await s.exec(`return [...document.querySelectorAll('[data-starter-pick]:checked')].map((e) => e.dataset.starterPick)`);
    assert.ok(picks.includes('etat_civil') && picks.includes('listes_electorales'), `pre-selected: ${picks}`);
    await s.screenshot(SHOTS, 'r-11-propositions');
    await (await s.find('#register-starter-add')).click();
    await s.waitFor('[data-open-name="État civil"]');
    await dismissToasts(s);
    const rows = await s.exec(`return document.querySelectorAll('#register-table tbody tr').length`);
    assert.equal(rows, picks.length);

    // Accent-insensitive full-text search, over every field.
    await (await s.find('#register-search')).fill('electeurs');
    await s.until('search applied', async () => {
      const n = await s.exec(`return document.querySelectorAll('#register-table tbody tr').length`);
      return n > 0 && n < rows ? n : null;
    });
    assert.match(await s.text('#register-table'), /Listes électorales/);
    await s.screenshot(SHOTS, 'r-12-recherche');
    await setDate(s, 'register-search', ''); // empties the field and tells the page, as typing would

    // Import of the clerk's old spreadsheet (any table: column mapping suggested), preview
    // first, then confirmed.
    const csv = join(WORK, 'ancien registre.csv');
    writeFileSync(
      csv,
      'Nom du traitement;Finalité;Base légale;Durée de conservation\n' +
        'Prêt de matériel aux associations;Gérer les prêts et les retours;Mission d’intérêt public;3 ans après le retour\n' +
        'Inscriptions au marché de Noël;Attribuer les emplacements;voir avec la DGS;1 an\n',
    );
    await dismissToasts(s);
    await (await s.find('#register-import')).click();
    await (await s.waitFor('#register-import-pick')).click();
    await answerFileDialog('Importer un registre', csv);
    const summary = await s.waitFor('#register-import-summary', 20000);
    assert.match(await summary.text(), /2 traitement/);
    assert.match(await s.text('#register-import-dialog'), /Prêt de matériel aux associations/);
    assert.match(await s.text('#register-import-issues'), /voir avec la DGS/, 'the unreadable legal basis is listed');
    await s.screenshot(SHOTS, 'r-13-import-apercu');
    await (await s.find('#register-import-commit')).click();
    await s.waitFor('[data-open-name="Prêt de matériel aux associations"]', 20000);
    const after = await s.exec(`return document.querySelectorAll('#register-table tbody tr').length`);
    assert.equal(after, rows + 2);
  });
});

test('intercommunal body: processor register (Art. 30(2)), payroll for the member communes', async () => {
  const path = join(WORK, 'Syndicat intercommunal.greffier');
  const activity = 'Paie pour les communes adhérentes';
  const client = 'Commune de Saint-Quentin-la-Poterie';
  await withApp(async (s) => {
    await createDossier(s, path, 'Syndicat intercommunal de gestion du Pays d’Uzès');
    await (await s.find('#rescue-kit-continue')).click();
    await s.waitFor('#organisation-form');
    await (await s.find('[data-nav="register"]')).click();
    await s.waitFor('#register');
    assert.equal(await (await s.find('#register-tab-controller')).attribute('aria-pressed'), 'true');

    // Registre → sous-traitance: the explanation, then an empty register.
    await (await s.find('#register-tab-processor')).click();
    await s.waitFor('#processor-register');
    assert.equal(await (await s.find('#register-tab-processor')).attribute('aria-pressed'), 'true');
    assert.match(await s.text('#processor-register-lead'), /pour le compte de clients/);
    await (await s.waitFor('#processor-new')).click();
    await (await s.waitFor('#processor-new-name')).fill(activity);
    const submit = await s.find('#processor-new-submit');
    await s.until('submit enabled', () => submit.enabled());
    await submit.click();

    // The editor: what is done for the clients, one client, saved.
    await s.waitFor('#pa-form');
    assert.equal(await (await s.find('#pa-name')).property('value'), activity);
    await (await s.find('#pa-description')).fill('Calcul des salaires, bulletins de paie, déclarations sociales nominatives');
    await savedStatus(s);
    await (await s.find('#pa-clients-add')).click();
    await (await s.waitFor('#pa-clients-0-name')).fill(client);
    await (await s.find('#pa-clients-0-contact-email')).fill('mairie@saint-quentin-la-poterie.fr');
    await (await s.find('#pa-clients-0-operations')).fill('Paie des agents titulaires et contractuels, 45 bulletins par mois');
    await savedStatus(s);
    await dismissToasts(s);
    await s.screenshot(SHOTS, 'r-20-sous-traitance');

    // Back to the list: the activity with its client.
    await (await s.find('#pa-close')).click();
    await s.waitFor(`[data-pa-open-name="${activity}"]`);
    const table = await s.text('#processor-table');
    assert.match(table, /Paie pour les communes adhérentes/);
    assert.match(table, /Commune de Saint-Quentin-la-Poterie/);
  });
});
