// The « Documents » screen in the real window: the demo commune (a high residual risk added to
// its AIPD so that the prior consultation pack can be made) opens Documents, makes the register
// as PDF and Word, the consultation pack as a new folder, an information notice as ODT, then
// prepares the DPO designation (copy buttons) and downloads its sheet. Every file is read back
// (pdftotext for PDFs; Word and ODT are zip archives). Screenshots: tests/e2e/screenshots/d-*.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHOTS, WORK, answerFileDialog, cli, pdfText } from './harness.mjs';
import { PASS, withApp, select, settleToasts, unlockWith, value } from './flows.mjs';

const SAVE = 'Enregistrer le document';
const FOLDER = 'Choisir où créer le dossier';

/** A zip archive starts with « PK\x03\x04 ». */
function isZip(file) {
  const b = readFileSync(file);
  return b.length > 100 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
}

/** Every object of `v` (depth first). */
function* objects(v) {
  if (Array.isArray(v)) for (const x of v) yield* objects(x);
  else if (v && typeof v === 'object') {
    yield v;
    for (const x of Object.values(v)) yield* objects(x);
  }
}

/** The demo dossier, with the commune's video AIPD keeping one high residual risk. */
function demoWithHighRisk(path) {
  const base = join(WORK, 'documents-demo-base.greffier');
  const json = join(WORK, 'documents-demo.json');
  const env = { GREFFIER_PASSPHRASE: PASS, GREFFIER_NEW_PASSPHRASE: PASS };
  let r = cli(['demo', base], env);
  assert.equal(r.status, 0, r.stderr);
  r = cli(['export', base, '--json', '-o', json], env);
  assert.equal(r.status, 0, r.stderr);
  const data = JSON.parse(readFileSync(json, 'utf8'));
  const aipd = [...objects(data)].find((o) => typeof o.title === 'string' && /Vidéoprotection/.test(o.title) && Array.isArray(o.risks));
  assert.ok(aipd, 'the demo has the video AIPD');
  aipd.risks[0].residual.severity = 'maximum';
  aipd.risks[0].residual.likelihood = 'significant';
  writeFileSync(json, JSON.stringify(data));
  r = cli(['import', path, '--json', json], env);
  assert.equal(r.status, 0, r.stderr);
}

async function lastGenerated(s, key) {
  return s.exec(`return document.querySelector('[data-doc="' + arguments[0] + '"] .last')?.textContent ?? ''`, key);
}

/** Clicks a card's format button (scrolled into view first). */
async function make(s, key, format) {
  const css = `[data-doc="${key}"] [data-export="${format}"]`;
  await s.waitFor(css);
  await s.until(`${css} enabled`, async () => (await s.exec(`return !document.querySelector(arguments[0]).disabled`, css)) || null);
  await s.exec(`const b = document.querySelector(arguments[0]); b.scrollIntoView({ block: 'center' }); b.click();`, css);
}

test('documents: register PDF and Word, consultation pack as a folder, notice ODT, DPO designation', async () => {
  const path = join(WORK, 'Démo documents.greffier');
  demoWithHighRisk(path);
  const out = join(WORK, 'documents-out');
  mkdirSync(out, { recursive: true });
  const registerPdf = join(out, 'Registre commune.pdf');
  const registerDocx = join(out, 'Registre commune.docx');
  const noticeOdt = join(out, 'Mention information.odt');
  const dpoPdf = join(out, 'Fiche DPO.pdf');

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

    await (await s.waitFor('[data-nav="documents"]')).click();
    await s.waitFor('[data-doc="register"]', 20000);
    const groups = await s.exec(`return [...document.querySelectorAll('[data-group]')].map((e) => e.dataset.group)`);
    for (const g of ['compliance', 'teleservices', 'aipd', 'hand_over']) assert.ok(groups.includes(g), `group ${g} shown: ${groups}`);
    assert.match(await s.text('#documents-offline'), /Rien n.est envoyé sur Internet/);
    assert.match(await lastGenerated(s, 'register'), /Jamais généré/);
    await s.screenshot(SHOTS, 'd-01-documents');

    // The register, as PDF then as Word.
    await make(s, 'register', 'pdf');
    await answerFileDialog(SAVE, registerPdf);
    await s.until('register PDF written', async () => existsSync(registerPdf) || null, 30000);
    assert.match(pdfText(registerPdf), /Registre/);
    assert.match(pdfText(registerPdf), /Saint-Aubin/);
    await s.until('« Dernière génération » shown', async () => (/Dernière génération/.test(await lastGenerated(s, 'register')) ? true : null), 20000);
    assert.match(await lastGenerated(s, 'register'), /\(PDF\)/);
    await settleToasts(s);
    await make(s, 'register', 'docx');
    await answerFileDialog(SAVE, registerDocx);
    await s.until('register DOCX written', async () => existsSync(registerDocx) || null, 30000);
    assert.ok(isZip(registerDocx), 'the Word file is a zip archive');
    await s.until('last generation is Word', async () => (/\(Word\)/.test(await lastGenerated(s, 'register')) ? true : null), 20000);
    await settleToasts(s);

    // The prior consultation pack, as a new folder.
    const pack = await s.exec(`return [...document.querySelectorAll('[data-doc^="consultation:"]')].map((e) => e.dataset.doc)[0] ?? null`);
    assert.ok(pack, 'a consultation pack is offered for the AIPD with a high residual risk');
    const before = new Set(readdirSync(out));
    await make(s, pack, 'folder');
    await answerFileDialog(FOLDER, out);
    await s.until('pack folder created', async () => readdirSync(out).find((n) => !before.has(n) && statSync(join(out, n)).isDirectory()) ?? null, 30000);
    const folder = readdirSync(out).find((n) => !before.has(n) && statSync(join(out, n)).isDirectory());
    const files = readdirSync(join(out, folder));
    assert.ok(files.length >= 2, `several files in the pack: ${files}`);
    const pdfs = files.filter((f) => f.endsWith('.pdf'));
    assert.ok(pdfs.length >= 1, `PDFs in the pack: ${files}`);
    assert.ok(pdfs.some((f) => /Vidéoprotection|AIPD|36/.test(pdfText(join(out, folder, f)))), 'the pack speaks of the AIPD');
    await settleToasts(s);
    await s.screenshot(SHOTS, 'd-02-pack-genere');

    // An information notice, as ODT.
    const notice = await s.exec(`return [...document.querySelectorAll('[data-doc^="notice:"]')].map((e) => e.dataset.doc)[0] ?? null`);
    assert.ok(notice, 'an information notice is offered');
    await make(s, notice, 'odt');
    await answerFileDialog(SAVE, noticeOdt);
    await s.until('notice ODT written', async () => existsSync(noticeOdt) || null, 30000);
    assert.ok(isZip(noticeOdt), 'the ODT file is a zip archive');
    assert.ok(readFileSync(noticeOdt).includes('application/vnd.oasis.opendocument.text'), 'ODT mimetype');
    await settleToasts(s);

    // The DPO designation view.
    await s.exec(`const b = document.getElementById('doc-dpo-open'); b.scrollIntoView({ block: 'center' }); b.click();`);
    await s.waitFor('[data-section="organisation"]', 20000);
    assert.match(await s.text('#dpo-title'), /Désignation du DPO/);
    const sections = await s.exec(`return [...document.querySelectorAll('[data-section]')].map((e) => e.dataset.section)`);
    assert.deepEqual(sections.slice(0, 4), ['organisation', 'legal_representative', 'cnil_contact', 'dpo']);
    assert.equal(await s.exec(`return document.querySelectorAll('[data-condition]').length`), 3);
    // A real click: the web view lets a page write to the clipboard only on a user gesture.
    await s.exec(`document.querySelector('[data-copy="/legal_name"]').scrollIntoView({ block: 'center' })`);
    await (await s.find('[data-copy="/legal_name"]')).click();
    const announced = () => s.exec(`return document.getElementById('dpo-copied').textContent`);
    await s.until('« Copié » announced', async () => (/Copié/.test(await announced()) ? true : null));
    assert.match(await announced(), /Copié\s:\sRaison sociale/);
    await s.screenshot(SHOTS, 'd-03-designation-dpo');
    await (await s.find('#dpo-download')).click();
    await answerFileDialog(SAVE, dpoPdf);
    await s.until('DPO sheet written', async () => existsSync(dpoPdf) || null, 30000);
    const sheet = pdfText(dpoPdf);
    assert.match(sheet, /Lambert/);
    assert.match(sheet, /Saint-Aubin/);
    await settleToasts(s);
    await (await s.find('#dpo-back')).click();
    await s.waitFor('[data-doc="dpo-designation"]');
    await s.until('DPO sheet noted', async () => (/Dernière génération/.test(await lastGenerated(s, 'dpo-designation')) ? true : null), 20000);
    await s.screenshot(SHOTS, 'd-04-apres-generations');
  });
});
