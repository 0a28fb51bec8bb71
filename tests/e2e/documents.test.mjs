// The « Documents » screen in the real window, on the demo dossier as `greffier demo` makes it:
// the commune opens Documents and makes each pack — the register as PDF and Word, the prior
// consultation pack (its telecare AIPD keeps a high residual risk) as a new folder, the
// notification sheet of its open breach, the DPO's annual report as Word, an information notice
// as ODT — then prepares the DPO designation (copy buttons) and downloads its sheet. Every file
// is read back: pdftotext for PDFs, LibreOffice headless for Word and ODT.
// Screenshots: tests/e2e/screenshots/d-*.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SHOTS, WORK, answerFileDialog, cli, officeText, pdfText } from './harness.mjs';
import { PASS, withApp, select, settleToasts, unlockWith, value } from './flows.mjs';

const SAVE = 'Enregistrer le document';
const FOLDER = 'Choisir où créer le dossier';

/** A zip archive starts with « PK\x03\x04 ». */
function isZip(file) {
  const b = readFileSync(file);
  return b.length > 100 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
}

/** The demo dossier, as `greffier demo` makes it. */
function demo(path) {
  const r = cli(['demo', path], { GREFFIER_PASSPHRASE: PASS, GREFFIER_NEW_PASSPHRASE: PASS });
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

test('documents: register PDF and Word, consultation pack as a folder, breach sheet, annual report, notice ODT, DPO designation', async () => {
  const path = join(WORK, 'Démo documents.greffier');
  demo(path);
  const out = join(WORK, 'documents-out');
  mkdirSync(out, { recursive: true });
  const registerPdf = join(out, 'Registre commune.pdf');
  const registerDocx = join(out, 'Registre commune.docx');
  const noticeOdt = join(out, 'Mention information.odt');
  const dpoPdf = join(out, 'Fiche DPO.pdf');
  const breachPdf = join(out, 'Notification violation.pdf');
  const annualDocx = join(out, 'Bilan annuel.docx');

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
    const registerWord = officeText(registerDocx);
    assert.match(registerWord, /Registre des activités de traitement/);
    assert.match(registerWord, /Listes électorales/);
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
    const packText = pdfs.map((f) => pdfText(join(out, folder, f))).join('\n');
    assert.match(packText, /Téléassistance/, 'the pack is about the telecare AIPD');
    assert.match(packText, /36/, 'the cover letter answers Art. 36(3)');
    await settleToasts(s);
    await s.screenshot(SHOTS, 'd-02-pack-genere');

    // The notification sheet of the commune's open breach (Art. 33(3) order).
    const sheetKey = await s.exec(`return [...document.querySelectorAll('[data-doc^="breach-sheet:"]')].map((e) => e.dataset.doc)[0] ?? null`);
    assert.ok(sheetKey, 'a notification sheet is offered for the open breach');
    await make(s, sheetKey, 'pdf');
    await answerFileDialog(SAVE, breachPdf);
    await s.until('breach sheet written', async () => existsSync(breachPdf) || null, 30000);
    const breachText = pdfText(breachPdf);
    assert.match(breachText, /repas des aînés/);
    assert.match(breachText, /À compléter/, 'what the breach lacks shows');
    await settleToasts(s);

    // The DPO's annual report, as Word, opened by LibreOffice.
    await make(s, 'annual-report', 'docx');
    await answerFileDialog(SAVE, annualDocx);
    await s.until('annual report written', async () => existsSync(annualDocx) || null, 30000);
    const annual = officeText(annualDocx);
    assert.match(annual, /Bilan annuel/);
    assert.match(annual, /Saint-Aubin/);
    await settleToasts(s);

    // An information notice, as ODT.
    const notice = await s.exec(`return [...document.querySelectorAll('[data-doc^="notice:"]')].map((e) => e.dataset.doc)[0] ?? null`);
    assert.ok(notice, 'an information notice is offered');
    await make(s, notice, 'odt');
    await answerFileDialog(SAVE, noticeOdt);
    await s.until('notice ODT written', async () => existsSync(noticeOdt) || null, 30000);
    assert.ok(isZip(noticeOdt), 'the ODT file is a zip archive');
    assert.ok(readFileSync(noticeOdt).includes('application/vnd.oasis.opendocument.text'), 'ODT mimetype');
    assert.match(officeText(noticeOdt), /Vos données personnelles/);
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
