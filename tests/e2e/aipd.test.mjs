// The AIPD in the real window: a town-hall clerk adds « Vidéoprotection de la voie
// publique » from the library, screens it (« Dois-je faire une AIPD ? » → required),
// starts the analysis from the register data, rates the risks on the CNIL scales, gets it
// validated, sees it read-only and exports the PDF report (read back with pdftotext).
// Screenshots: tests/e2e/screenshots/a-*.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HERE, SHOTS, WORK, answerFileDialog, cli, pdfText } from './harness.mjs';
import { PASS, withApp, createDossier, dismissToasts, savedStatus, select, settleToasts, unlockWith, value } from './flows.mjs';

/** Sets a field's value and tells the page, as typing would (fast for long forms). */
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

/** Clicks an element by id from the page (radios and checkboxes styled by their label). */
async function press(s, id) {
  await s.waitFor(`[id="${id}"]`);
  await s.exec(`document.getElementById(arguments[0]).click()`, id);
}

/** Adds a tag to a tag list (typed, then Enter). */
async function addTag(s, listId, text) {
  await setText(s, `${listId}-new`, text);
  await s.exec(
    `document.getElementById(arguments[0]).dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))`,
    `${listId}-new`,
  );
  await s.until(`tag « ${text} » added`, async () =>
    (await s.exec(`return document.querySelector('[data-tags="${listId}"] .chips')?.textContent ?? ''`)).includes(text)
      ? true
      : null,
  );
}

async function openPart(s, part) {
  await (await s.waitFor(`#aipd-nav-${part}`)).click();
  await s.waitFor(`#aipd-part-${part}`);
}

async function gapsText(s) {
  return s.exec(`return [...document.querySelectorAll('[data-gap-path]')].map((e) => e.dataset.gapPath + ' ' + e.textContent.trim()).join('\\n')`);
}

test('town hall: vidéoprotection screened, AIPD filled from the register, validated, PDF report', async () => {
  const path = join(WORK, 'Mairie AIPD.greffier');
  const pdf = join(WORK, 'AIPD vidéoprotection.pdf');
  const screeningPdf = join(WORK, 'Analyse préalable vidéoprotection.pdf');
  await withApp(async (s) => {
    await createDossier(s, path, 'Commune de Vézénobres');
    await (await s.find('#rescue-kit-continue')).click();
    await s.waitFor('#organisation-form');
    await (await s.find('#org-public_body')).click();
    await savedStatus(s);

    // The register entry, from the library.
    await (await s.find('[data-nav="register"]')).click();
    await (await s.waitFor('#register-library')).click();
    await (await s.waitFor('#lib-videoprotection')).click();
    await (await s.find('#register-library-add')).click();
    await s.waitFor('[data-open-name="Vidéoprotection de la voie publique"]');
    await dismissToasts(s);

    // AIPD page: the entry waits for its screening.
    await (await s.find('[data-nav="aipd"]')).click();
    await s.waitFor('#aipd-screenings [data-screen]', 20000);
    assert.match(await s.text('#aipd-screenings'), /Vidéoprotection de la voie publique/);
    await s.screenshot(SHOTS, 'a-01-aipd-a-evaluer');
    await (await s.find('#aipd-screenings [data-screen]')).click();

    // Screening, in the CNIL's order: neither list applies, Art. 35(3)(c), criteria.
    await s.waitFor('#scr-step-not_required');
    await press(s, 'scr-nr-none');
    await s.screenshot(SHOTS, 'a-02-liste-dispense');
    await (await s.find('#scr-stepnav-required')).click();
    await press(s, 'scr-r-none');
    await (await s.find('#scr-stepnav-art35')).click();
    if (!(await s.exec(`return document.getElementById('scr-art35-public_area_monitoring').checked`))) {
      await press(s, 'scr-art35-public_area_monitoring');
    }
    await (await s.find('#scr-stepnav-criteria')).click();
    const detected = await s.exec(`return [...document.querySelectorAll('[data-detected]')].map((e) => e.dataset.detected)`);
    assert.ok(detected.includes('systematic_monitoring'), `criterion 3 detected from the register: ${detected}`);
    for (const c of ['systematic_monitoring', 'large_scale']) {
      if (!(await s.exec(`return document.getElementById(arguments[0]).checked`, `scr-crit-${c}`))) {
        await press(s, `scr-crit-${c}`);
      }
    }
    await s.screenshot(SHOTS, 'a-03-criteres');
    await (await s.find('#scr-stepnav-conclusion')).click();
    await s.until('verdict: required', async () =>
      (await s.exec(`return document.querySelector('#scr-verdict [data-required]')?.dataset.required`)) === 'true' || null,
    );
    assert.match(await s.text('#scr-verdict'), /requise/i);
    await press(s, 'scr-conclusion-required');
    await setText(s, 'scr-decided_by', 'Claire Fabre, secrétaire de mairie');
    await savedStatus(s);
    await s.screenshot(SHOTS, 'a-04-conclusion-requise');

    // The reasoning is printable on its own.
    await dismissToasts(s);
    await (await s.find('#scr-export-pdf')).click();
    await answerFileDialog("Enregistrer l'analyse préalable", screeningPdf);
    await s.until('screening PDF written', async () => existsSync(screeningPdf) || null, 20000);
    const reasoning = pdfText(screeningPdf);
    for (const needle of ['Vidéoprotection de la voie publique', 'AIPD requise', '35(3)', 'Claire Fabre']) {
      assert.ok(reasoning.includes(needle), `screening PDF has « ${needle} »`);
    }
    await settleToasts(s);

    // Start the analysis: the new-AIPD dialog comes with the processing ticked.
    await (await s.waitFor('#scr-start')).click();
    await (await s.waitFor('#aipd-new-submit')).click();
    await s.waitFor('#aipd-part-context', 20000);
    await dismissToasts(s);
    const overview = await s.exec(`return document.getElementById('aipd-context-overview').value`);
    assert.match(overview, /Vidéoprotection de la voie publique/, 'context prefilled from the register');
    const data = await s.exec(`return document.getElementById('aipd-context-data').value`);
    assert.match(data, /Images des personnes/, 'data prefilled from the register');
    await s.screenshot(SHOTS, 'a-05-contexte-prerempli');
    await setText(s, 'aipd-context-standards', 'Code de la sécurité intérieure ; arrêté préfectoral d’autorisation ; charte d’éthique de la vidéoprotection adoptée par le conseil municipal.');
    await press(s, 'aipd-context-overview-eval-acceptable');
    await press(s, 'aipd-context-data-eval-acceptable');
    await savedStatus(s);

    // Principles: prefilled; each one evaluated.
    await openPart(s, 'principles');
    const keys = await s.exec(`return [...document.querySelectorAll('[data-principle]')].map((e) => e.dataset.principle)`);
    assert.equal(keys.length, 12, `the 12 principles: ${keys}`);
    for (const k of keys) await press(s, `aipd-principle-${k}-eval-acceptable`);
    await savedStatus(s);
    await s.screenshot(SHOTS, 'a-06-principes');

    // Measures: two from the CNIL knowledge base.
    await openPart(s, 'measures');
    await (await s.find('#aipd-measures-add')).click();
    await s.waitFor('#aipd-measure-picker [data-group] input[type="checkbox"]');
    const picks = await s.exec(
      `return [...document.querySelectorAll('#aipd-measure-picker [data-group="knowledge_base"] input[type="checkbox"]:not(:disabled)')].slice(0, 2).map((e) => e.id)`,
    );
    assert.equal(picks.length, 2, 'knowledge base offered');
    for (const id of picks) await press(s, id);
    await s.screenshot(SHOTS, 'a-07-choix-mesures');
    await (await s.find('#aipd-measure-picker-add')).click();
    await s.until('two measures', async () => ((await s.exec(`return document.querySelectorAll('[data-measure]').length`)) === 2 ? true : null));
    const measureIds = await s.exec(`return [...document.querySelectorAll('[data-measure]')].map((e) => e.dataset.measure)`);
    await press(s, 'aipd-measure-0-eval-acceptable');
    await press(s, 'aipd-measure-1-eval-acceptable');
    await savedStatus(s);

    // Risks: the three feared events, rated with justifications; one improvable with a
    // corrective action and its residual estimate.
    await openPart(s, 'risks');
    const risks = await s.exec(`return [...document.querySelectorAll('[data-risk]')].map((e) => e.dataset.risk)`);
    assert.equal(risks.length, 3, 'the three feared events');
    const levels = [
      ['significant', 'significant'],
      ['limited', 'limited'],
      ['limited', 'negligible'],
    ];
    for (const [i, id] of risks.entries()) {
      const base = `risk-${id}`;
      await addTag(s, `${base}-impacts`, 'Atteinte à la vie privée des passants');
      await addTag(s, `${base}-threats`, 'Consultation des images par une personne non habilitée');
      await addTag(s, `${base}-sources`, 'Agent municipal malveillant');
      await press(s, `${base}-measure-${measureIds[0]}`);
      const [sev, lik] = levels[i];
      await press(s, `${base}-initial-severity-${sev}`);
      await setText(s, `${base}-initial-severity-justification`, 'Des images de personnes identifiables, parfois dans des situations sensibles.');
      await press(s, `${base}-initial-likelihood-${lik}`);
      await setText(s, `${base}-initial-likelihood-justification`, 'Poste de visionnage dans un local fermé, accès par badge nominatif.');
      await savedStatus(s);
    }
    const first = `risk-${risks[0]}`;
    await press(s, `${first}-eval-improvable`);
    await setText(s, `${first}-eval-new-title`, 'Journaliser chaque consultation et extraction des images');
    await setText(s, `${first}-eval-new-owner`, 'Policier municipal référent');
    await press(s, `${first}-eval-add-action`);
    await press(s, `${first}-residual-severity-significant`);
    await setText(s, `${first}-residual-severity-justification`, 'La gravité ne change pas : les images restent identifiantes.');
    await press(s, `${first}-residual-likelihood-limited`);
    await setText(s, `${first}-residual-likelihood-justification`, 'La journalisation dissuade et permet de détecter un accès abusif.');
    await press(s, `risk-${risks[1]}-eval-acceptable`);
    await press(s, `risk-${risks[2]}-eval-acceptable`);
    await savedStatus(s);
    await s.exec(`document.getElementById(arguments[0]).scrollIntoView()`, first);
    await s.screenshot(SHOTS, 'a-08-risque-echelles');

    // The risk map: A moves from (3,3) to (3,2), drawn with an arrow.
    await openPart(s, 'map');
    await s.waitFor('#aipd-part-map svg');
    const arrows = await s.exec(`return document.querySelectorAll('#aipd-part-map svg [marker-end], #aipd-part-map svg line[marker-end], #aipd-part-map svg path[marker-end]').length`);
    assert.ok(arrows >= 1, 'an arrow from initial to residual');
    assert.match(await s.text('#aipd-part-map'), /Accès illégitime/);
    await s.screenshot(SHOTS, 'a-09-cartographie');

    await openPart(s, 'plan');
    assert.match(await s.text('#aipd-part-plan'), /Journaliser chaque consultation/);
    await s.screenshot(SHOTS, 'a-10-plan-action');

    // Opinions, then validation.
    await openPart(s, 'validation');
    await setText(s, 'aipd-dpo-name', 'Centre de gestion du Gard — DPO mutualisé');
    await press(s, 'aipd-dpo-opinion-favourable');
    await setText(s, 'aipd-dpo-text', 'Avis favorable, sous réserve de la journalisation des consultations.');
    await press(s, 'aipd-subjects-sought-no');
    await setText(s, 'aipd-subjects-reason', 'Dispositif prévu par la loi et soumis à autorisation préfectorale ; information par panneaux.');
    await savedStatus(s);
    try {
      await s.until('progress 100 %', async () => (/100/.test(await s.text('#aipd-ed-percent')) ? true : null), 20000);
    } catch (e) {
      assert.fail(`the analysis should be complete; gaps left:\n${await gapsText(s)}`);
    }
    await s.screenshot(SHOTS, 'a-11-avis');
    await press(s, 'aipd-submit');
    await s.waitFor('#aipd-val-validator', 20000);
    await setText(s, 'aipd-val-validator', 'Jean Roux');
    await setText(s, 'aipd-val-role', 'Maire');
    for (const c of ['context_accurate', 'risks_known', 'measures_approved', 'commitment']) await press(s, `aipd-val-${c}`);
    await s.screenshot(SHOTS, 'a-12-validation');
    await press(s, 'aipd-val-validate');
    await s.until('validated', async () => (/Validée/.test(await s.text('#aipd-ed-status')) ? true : null), 20000);
    await s.waitFor('#aipd-ed-readonly');
    const disabled = await s.exec(`return document.getElementById('aipd-dpo-name').readOnly || document.getElementById('aipd-dpo-name').disabled`);
    assert.ok(disabled, 'a validated AIPD is read-only');
    await dismissToasts(s);
    await s.screenshot(SHOTS, 'a-13-validee-lecture-seule');

    // The PDF report through the native save dialog, read back.
    await (await s.find('#aipd-ed-export-pdf')).click();
    await answerFileDialog("Exporter l'AIPD", pdf);
    await s.until('PDF written', async () => existsSync(pdf) || null, 20000);
    await settleToasts(s);
    const text = pdfText(pdf);
    for (const needle of [
      'Vidéoprotection de la voie publique',
      'Cartographie des risques',
      'Accès illégitime',
      'Journaliser chaque consultation',
      'Jean Roux',
      'Gravité',
      'Vraisemblance',
      'Page 1 /',
    ]) {
      assert.ok(text.includes(needle), `PDF has « ${needle} »`);
    }
    assert.match(text, /Validée/);
  });
});

test('PIA software: an analysis made in the CNIL tool is imported, then exported back', async () => {
  const path = join(WORK, 'Mairie PIA.greffier');
  const source = join(HERE, '..', 'fixtures', 'pia-tool', 'complete-fr.json');
  const back = join(WORK, 'retour PIA.json');
  await withApp(async (s) => {
    await createDossier(s, path, 'Commune de Lussan');
    await (await s.find('#rescue-kit-continue')).click();
    await s.waitFor('#organisation-form');
    await (await s.find('[data-nav="aipd"]')).click();
    await (await s.waitFor('#aipd-import', 20000)).click();
    await answerFileDialog('Importer une analyse du logiciel PIA', source);
    await s.waitFor('#aipd-import-summary-title', 20000);
    assert.match(await s.text('#aipd-import-summary-title'), /Vidéoprotection de la place de la mairie/);
    await s.screenshot(SHOTS, 'a-20-import-pia');
    await dismissToasts(s);
    await (await s.find('#aipd-import-open')).click();
    await s.waitFor('#aipd-part-context', 20000);
    assert.match(await s.text('#aipd-ed-status'), /En cours/, 'an import is re-examined here: in progress');
    await openPart(s, 'risks');
    const rated = await s.exec(`return document.querySelectorAll('[data-risk] input[type="radio"]:checked').length`);
    assert.ok(rated >= 2, `levels read from the PIA gauges (${rated} chosen)`);
    await s.screenshot(SHOTS, 'a-21-import-risques');
    await (await s.find('#aipd-ed-export-pia')).click();
    await answerFileDialog("Exporter l'AIPD", back);
    await s.until('JSON written', async () => existsSync(back) || null, 20000);
    const json = JSON.parse(readFileSync(back, 'utf8'));
    assert.match(json.pia.name, /Vidéoprotection de la place de la mairie/);
    assert.ok(Array.isArray(json.answers) && json.answers.length >= 10, 'answers by question id');
    assert.ok(json.answers.some((a) => a.reference_to === 325 && a.data.gauge >= 1), 'risk gauges exported');
    assert.ok(Array.isArray(json.measures) && json.measures.length > 0, 'measures exported');
  });
});

test('DPO at a client: the demo commune’s validated AIPD is read-only, a new version starts from it', async () => {
  const path = join(WORK, 'Démo AIPD.greffier');
  const made = cli(['demo', path], { GREFFIER_PASSPHRASE: PASS, GREFFIER_NEW_PASSPHRASE: PASS });
  assert.equal(made.status, 0, made.stderr);
  await withApp(async (s) => {
    await (await s.waitFor('#open-dossier')).click();
    await answerFileDialog('Ouvrir un dossier', path);
    await unlockWith(s, PASS);
    await s.waitFor('#org-switcher', 30000);
    const commune = await s.exec(
      `return [...document.querySelectorAll('#org-switcher option')].find((o) => /Saint-Aubin/.test(o.textContent))?.value`,
    );
    await select(s, '#org-switcher', commune);
    await s.until('commune selected', async () => ((await value(s, '#org-switcher')) === commune ? true : null));
    await (await s.waitFor('[data-nav="aipd"]')).click();
    await s.waitFor('#aipd-list [data-open-aipd]', 20000);
    assert.match(await s.text('#aipd-list'), /Validée/);
    assert.match(await s.text('#aipd-screenings'), /Listes électorales/);
    await s.screenshot(SHOTS, 'a-30-demo-liste');
    const listed = await s.exec(`return document.querySelectorAll('#aipd-list [data-open-aipd]').length`);
    await (await s.find('#aipd-list [data-open-aipd]')).click();
    await s.waitFor('#aipd-ed-readonly', 20000);
    assert.equal(await s.exec(`return document.getElementById('aipd-title').readOnly || document.getElementById('aipd-title').disabled`), true);
    await openPart(s, 'map');
    await s.screenshot(SHOTS, 'a-31-demo-cartographie');

    // A new version: editable again, numbered 2, the validated one kept.
    await (await s.find('#aipd-ed-new-version')).click();
    await s.until('version 2 opened', async () => (/2/.test(await s.text('#aipd-ed-version')) ? true : null), 20000);
    assert.match(await s.text('#aipd-ed-status'), /En cours/);
    await s.until('editable again', async () =>
      (await s.exec(`return !document.getElementById('aipd-ed-readonly')`)) || null,
    );
    await dismissToasts(s);
    await s.screenshot(SHOTS, 'a-32-nouvelle-version');
    // Back to the list: one analysis more (the new version), the first one still validated.
    await (await s.find('#aipd-ed-close')).click();
    await s.until('the new version listed', async () =>
      (await s.exec(`return document.querySelectorAll('#aipd-list [data-open-aipd]').length`)) === listed + 1 ? true : null,
    );
    const list = await s.text('#aipd-list');
    assert.match(list, /Validée/);
    assert.match(list, /En cours/);
  });
});
