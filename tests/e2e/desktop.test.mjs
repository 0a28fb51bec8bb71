// End-to-end tests of the real desktop window: tauri-driver + WebKitWebDriver under Xvfb.
// Each test saves screenshots of the screens it visits into tests/e2e/screenshots/.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SHOTS, WORK, appProcesses, inetSockets, cli, answerFileDialog, pdfText } from './harness.mjs';
import { sleep } from './webdriver.mjs';

import { PASS, withApp, value, select, savedStatus, createDossier, dismissToasts, unlockWith } from './flows.mjs';

test('create a dossier, fill the profile, lock, unlock (wrong then right), close, reopen', async () => {
  const path = join(WORK, 'Boulangerie Martin.greffier');
  await withApp(async (s) => {
    await s.screenshot(SHOTS, '01-accueil');
    assert.match(await s.text('#welcome'), /Greffier/);

    await createDossier(s, path, 'Boulangerie Martin', '02-creation');
    assert.ok(existsSync(path), 'the dossier file exists');
    assert.ok(!readFileSync(path).subarray(0, 16).toString('latin1').startsWith('SQLite format 3'), 'encrypted');
    await s.screenshot(SHOTS, '03-kit-de-secours');
    await (await s.find('#rescue-kit-continue')).click();

    await s.waitFor('#organisation-form');
    assert.equal(await value(s, '#org-legal_name'), 'Boulangerie Martin');
    await s.screenshot(SHOTS, '04-organisme');

    // A wrong SIREN is refused inline, by the core's checksum.
    await (await s.find('#org-siren')).fill('123456789');
    const err = await s.waitFor('#org-siren-error');
    assert.match(await err.text(), /SIREN|chiffre|clé|contrôle/i);
    assert.equal(await (await s.find('#org-siren')).attribute('aria-invalid'), 'true');
    await s.screenshot(SHOTS, '05-organisme-erreur');

    await (await s.find('#org-siren')).fill('732829320');
    await (await s.find('#org-naf')).fill('10.71C');
    await (await s.find('#org-email')).fill('contact@boulangerie-martin.fr');
    await (await s.find('#org-phone')).fill('04 66 22 33 44');
    await (await s.find('#org-address-postcode')).fill('30700');
    await savedStatus(s);
    await s.screenshot(SHOTS, '06-organisme-enregistre');

    // While the app holds the dossier, another process cannot open it for writing (exit
    // code 5, « déjà ouvert »); reading stays possible.
    if (process.env.GREFFIER_CLI_BIN) {
      const w = cli(['org', 'add', path, '--name', 'Intrus'], { GREFFIER_PASSPHRASE: PASS });
      assert.equal(w.status, 5, `greffier org add while open: ${w.stdout}${w.stderr}`);
      assert.match(w.stderr, /déjà ouvert/);
      const r = cli(['info', path], { GREFFIER_PASSPHRASE: PASS });
      assert.equal(r.status, 0, `greffier info while open: ${r.stderr}`);
      assert.match(r.stdout, /Organismes\s*: 1/);
    }

    await (await s.find('#lock-now')).click();
    await s.waitFor('#unlock');
    await s.screenshot(SHOTS, '07-verrouille');

    await unlockWith(s, 'ceci-nest-pas-la-bonne');
    const e = await s.waitFor('#unlock-error', 20000);
    assert.match(await e.text(), /incorrecte/);
    await s.screenshot(SHOTS, '08-mauvaise-phrase');

    await unlockWith(s, PASS);
    await s.waitFor('#main-nav', 20000);
    await (await s.find('[data-nav="organisation"]')).click();
    await s.waitFor('#organisation-form');
    await s.until('SIREN shown', async () => (await value(s, '#org-siren')) === '732829320');
    assert.equal(await value(s, '#org-naf'), '10.71C');

    await (await s.find('[data-nav="dashboard"]')).click();
    await s.waitFor('#dashboard');
    assert.match(await s.text('#dashboard'), /Boulangerie Martin/);
    // What the profile lacks is decided by the core: no city yet, no legal representative.
    assert.match(await s.text('#dashboard'), /adresse du siège.*représentant légal/s);
    await s.screenshot(SHOTS, '09-tableau-de-bord');

    await (await s.find('#close-dossier')).click();
    await s.waitFor('#welcome');
    const recent = await s.waitFor(`#recent-list button.recent[data-path="${path}"]`);
    await s.screenshot(SHOTS, '10-accueil-recents');
    await recent.click();
    await unlockWith(s, PASS);
    await s.waitFor('#main-nav', 20000);
    assert.match(await s.text('#dashboard'), /732\s?829\s?320|Boulangerie Martin/);
  });

  // A new run of the app finds the dossier in its recent list, and the data in the file.
  await withApp(async (s) => {
    const recent = await s.waitFor(`#recent-list button.recent[data-path="${path}"]`);
    await recent.click();
    await unlockWith(s, PASS);
    await s.waitFor('#main-nav', 20000);
    await (await s.find('[data-nav="organisation"]')).click();
    await s.until('SIREN after restart', async () => (await value(s, '#org-siren')) === '732829320');
    assert.equal(await value(s, '#org-email'), 'contact@boulangerie-martin.fr');
  });
  if (process.env.GREFFIER_CLI_BIN) {
    const r = cli(['export', path, '--json'], { GREFFIER_PASSPHRASE: PASS });
    assert.equal(r.status, 0, r.stderr);
    const exported = JSON.parse(r.stdout);
    const org = exported.organisations[0].organisation;
    assert.equal(org.siren, '732829320');
    assert.equal(org.address.postcode, '30700');
  }
});

test('typed text survives a lock even before the autosave fires, as a draft', async () => {
  const path = join(WORK, 'Brouillon.greffier');
  await withApp(async (s) => {
    await createDossier(s, path, 'Mairie de Brouillon');
    await (await s.find('#rescue-kit-continue')).click();
    await s.waitFor('#organisation-form');
    await (await s.find('#org-siren')).fill('111111111');
    await (await s.find('#lock-now')).click();
    await unlockWith(s, PASS);
    await s.waitFor('#main-nav', 20000);
    await (await s.find('[data-nav="organisation"]')).click();
    await s.waitFor('#organisation-form');
    await s.until('draft restored', async () => (await value(s, '#org-siren')) === '111111111');
    await s.waitFor('#org-siren-error');
    await s.screenshot(SHOTS, '11-brouillon-conserve');
  });
});

test('switch to English and back', async () => {
  await withApp(async (s) => {
    assert.match(await s.text('#create-dossier'), /Créer/);
    await select(s, '#welcome-lang', 'en');
    await s.until('English UI', async () => /Create/.test(await s.text('#create-dossier')));
    assert.equal(await s.exec('return document.documentElement.lang'), 'en');
    await s.screenshot(SHOTS, '12-welcome-en');
    await select(s, '#welcome-lang', 'fr');
    await s.until('French UI', async () => /Créer/.test(await s.text('#create-dossier')));
    assert.equal(await s.exec('return document.documentElement.lang'), 'fr');
  });
  // The choice is kept by the next run.
  await withApp(async (s) => {
    await select(s, '#welcome-lang', 'en');
    await s.until('English UI', async () => /Create/.test(await s.text('#create-dossier')));
  });
  await withApp(async (s) => {
    assert.match(await s.text('#create-dossier'), /Create/);
    await select(s, '#welcome-lang', 'fr');
    await s.until('French UI', async () => /Créer/.test(await s.text('#create-dossier')));
  });
});

test('a dossier held by another program is refused with a message, and left unchanged', async () => {
  const path = join(WORK, 'Tenu ailleurs.greffier');
  await withApp(async (s) => {
    await createDossier(s, path, 'Commune de Saint-Aubin');
    await (await s.find('#rescue-kit-continue')).click();
    await s.waitFor('#organisation-form');
    await (await s.find('#close-dossier')).click();
    await s.waitFor('#welcome');
  });
  const before = readFileSync(path);
  // Another program takes the dossier's lock the way Greffier does (flock on <file>.lock).
  const holder = spawn('python3', ['-c', `
import fcntl, sys, time
f = open(sys.argv[1], 'a+')
fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
f.seek(0); f.truncate(); f.write('host=autre-poste\\nuser=secretariat\\npid=4242\\nsince=2026-11-23T08:00:00Z\\n'); f.flush()
print('held', flush=True)
time.sleep(120)
`, `${path}.lock`], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve) => holder.stdout.once('data', resolve));
  try {
    await withApp(async (s) => {
      await (await s.waitFor(`#recent-list button.recent[data-path="${path}"]`)).click();
      await unlockWith(s, PASS);
      const e = await s.waitFor('#unlock-error', 20000);
      assert.match(await e.text(), /déjà ouvert/);
      assert.match(await e.text(), /autre-poste/);
      await s.screenshot(SHOTS, '13-deja-ouvert');
    });
  } finally {
    holder.kill();
  }
  assert.ok(before.equals(readFileSync(path)), 'the dossier is byte-identical');
});

test('the app makes no network request: CSP blocks it and no process holds an internet socket', async () => {
  await withApp(async (s) => {
    const result = await s.execAsync(`
      const done = arguments[arguments.length - 1];
      const violations = [];
      document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective + ' ' + e.blockedURI));
      fetch('https://example.org/ping').then(() => 'fetched', (e) => 'blocked: ' + e).then((fetchResult) => {
        const img = new Image();
        img.onerror = () => setTimeout(() => done({ fetchResult, violations, img: 'blocked' }), 300);
        img.onload = () => done({ fetchResult, violations, img: 'loaded' });
        img.src = 'https://example.org/pixel.png';
      });
    `);
    assert.match(result.fetchResult, /^blocked/);
    assert.equal(result.img, 'blocked');
    assert.ok(result.violations.some((v) => v.startsWith('connect-src') && v.includes('example.org')), JSON.stringify(result));
    assert.ok(result.violations.some((v) => v.startsWith('img-src')), JSON.stringify(result));

    const procs = appProcesses();
    assert.ok(procs.length >= 2, `the app and its web process are found: ${JSON.stringify(procs)}`);
    // Under WebDriver, WebKit opens its automation (remote inspector) server on loopback in
    // the app process: that channel, and only it, is allowed. Anything else — any socket
    // to a non-loopback address, or any other loopback port — fails the test.
    const sockets = inetSockets(procs.map((p) => p.pid));
    const listening = sockets.filter((s) => s.remote === '00000000:0000');
    assert.ok(listening.length <= 1, `at most the automation server listens: ${JSON.stringify(sockets)}`);
    const automationPort = listening[0]?.local.split(':')[1];
    const other = sockets.filter(
      (s) =>
        !(
          s.local.startsWith('0100007F:') &&
          (s.remote.startsWith('0100007F:') || s.remote === '00000000:0000') &&
          (s.local.endsWith(`:${automationPort}`) || s.remote.endsWith(`:${automationPort}`))
        ),
    );
    assert.deepEqual(other, [], `sockets besides the WebDriver automation channel: ${JSON.stringify(sockets)}`);
  });
});

test('usable on a 1024×700 screen: no horizontal scrolling, navigation and settings reachable', async () => {
  const path = join(WORK, 'Petit écran.greffier');
  await withApp(async (s) => {
    await s.setWindowRect(1024, 700);
    const fits = async (what) => {
      const r = await s.exec(
        'return [document.documentElement.scrollWidth, document.documentElement.clientWidth, window.innerWidth]',
      );
      assert.ok(r[2] <= 1024, `the window is at most 1024 px wide (${r})`);
      assert.ok(r[0] <= r[1], `${what}: no horizontal scrolling (${r})`);
    };
    await fits('accueil');
    await s.screenshot(SHOTS, '20-1024-accueil');
    await createDossier(s, path, 'Mairie de Petit-Écran');
    await (await s.find('#rescue-kit-continue')).click();
    await s.waitFor('#organisation-form');
    await fits('organisme');
    await s.screenshot(SHOTS, '21-1024-organisme');
    // Every entry of the navigation is visible without scrolling.
    const hidden = await s.exec(`return [...document.querySelectorAll('#main-nav [data-nav]')]
      .filter((e) => { const r = e.getBoundingClientRect(); return r.bottom > window.innerHeight || r.right > window.innerWidth; })
      .map((e) => e.dataset.nav)`);
    assert.deepEqual(hidden, []);
    await (await s.find('[data-nav="settings"]')).click();
    await s.waitFor('#settings');
    await fits('paramètres');
    await s.screenshot(SHOTS, '22-1024-parametres');
    await (await s.find('[data-nav="register"]')).click();
    await s.waitFor('#register');
    await s.screenshot(SHOTS, '23-1024-registre-vide');
  });
});

test('settings: user name and idle time kept, out-of-range time refused, passphrase changed', async () => {
  const path = join(WORK, 'Réglages.greffier');
  const NEW = 'meunier-farine-pétrin-fournée-seigle';
  await withApp(async (s) => {
    await createDossier(s, path, 'Boulangerie des Réglages');
    await (await s.find('#rescue-kit-continue')).click();
    await s.waitFor('#organisation-form');
    await (await s.find('[data-nav="settings"]')).click();
    await s.waitFor('#settings');
    await (await s.find('#settings-user-name')).fill('Hélène Martin');
    await (await s.find('#settings-idle')).fill('0');
    await (await s.find('#settings-save')).click();
    const err = await s.waitFor('#settings-idle-error');
    assert.match(await err.text(), /120/);
    await s.screenshot(SHOTS, '30-parametres-erreur');
    await (await s.find('#settings-idle')).fill('15');
    await (await s.find('#settings-save')).click();
    await s.until('settings written', () => {
      const f = join(process.env.GREFFIER_CONFIG_DIR, 'settings.json');
      if (!existsSync(f)) return null;
      const c = JSON.parse(readFileSync(f, 'utf8'));
      return c.settings?.user_name === 'Hélène Martin' && c.settings?.idle_lock_minutes === 15 ? c : null;
    });

    await (await s.find('#pass-old')).fill(PASS);
    await (await s.find('#pass-new')).fill(NEW);
    await (await s.find('#pass-new2')).fill(NEW);
    const submit = await s.find('#pass-change-submit');
    await s.until('change enabled', () => submit.enabled());
    await submit.click();
    await s.until('passphrase changed', async () => /changée/.test(await s.exec('return document.body.innerText')));
    await s.screenshot(SHOTS, '31-phrase-changee');
    await (await s.find('#lock-now')).click();
    await unlockWith(s, PASS);
    assert.match(await (await s.waitFor('#unlock-error', 20000)).text(), /incorrecte/);
    await unlockWith(s, NEW);
    await s.waitFor('#main-nav', 20000);
  });
  if (process.env.GREFFIER_CLI_BIN) {
    assert.equal(cli(['info', path], { GREFFIER_PASSPHRASE: NEW }).status, 0);
    assert.equal(cli(['info', path], { GREFFIER_PASSPHRASE: PASS }).status, 3);
  }
});

test('rescue kit saved through the native dialog; a second organisation added, exported to its own dossier, deleted', async () => {
  const path = join(WORK, 'Cabinet DPO.greffier');
  const kit = join(WORK, 'Kit de secours Cabinet.pdf');
  const exported = join(WORK, 'Client Saint-Aubin.greffier');
  const CLIENT_PASS = 'lavoir-platane-garrigue-olivier-tuile';
  await withApp(async (s) => {
    await createDossier(s, path, 'Cabinet Durand Conseil');
    await (await s.find('#rescue-kit-save')).click();
    await answerFileDialog('Enregistrer le PDF', kit);
    await s.until('kit written', () => existsSync(kit) && statSync(kit).size > 1000);
    const text = pdfText(kit);
    assert.match(text, /Kit de secours/);
    assert.match(text, /Cabinet Durand Conseil/);
    assert.match(text, /Cabinet DPO\.greffier/);
    assert.ok(!text.includes(PASS), 'the passphrase is never printed');
    await (await s.find('#rescue-kit-continue')).click();
    await s.waitFor('#organisation-form');

    await (await s.find('[data-nav="settings"]')).click();
    await s.waitFor('#settings');
    await (await s.find('#org-add-name')).fill('Mairie de Saint-Aubin');
    await dismissToasts(s);
    await (await s.find('#org-add-submit')).click();
    await s.until('two organisations', async () =>
      (await s.exec("return document.querySelectorAll('#org-switcher option').length")) === 2 ? true : null,
    );
    assert.match(await s.exec("const e = document.querySelector('#org-switcher'); return e.options[e.selectedIndex].text"), /Saint-Aubin/);
    await s.screenshot(SHOTS, '40-deux-organismes');

    await dismissToasts(s);
    await (await s.find('button[data-org-export="Mairie de Saint-Aubin"]')).click();
    await answerFileDialog('Enregistrer le dossier sous', exported);
    await (await s.waitFor('#org-export-pass')).fill(CLIENT_PASS);
    await (await s.find('#org-export-pass2')).fill(CLIENT_PASS);
    const go = await s.find('#org-export-submit');
    await s.until('export enabled', () => go.enabled());
    await s.screenshot(SHOTS, '41-export-organisme');
    await go.click();
    await s.until('export finished', async () =>
      existsSync(exported) && (await s.exec("return !document.querySelector('#org-export-dialog[open]')")) ? true : null,
    20000);

    await dismissToasts(s);
    await (await s.find('button[data-org-delete="Mairie de Saint-Aubin"]')).click();
    await (await s.waitFor('#org-delete-confirm')).click();
    await s.until('one organisation', async () =>
      (await s.exec("return document.querySelectorAll('#org-switcher option').length")) === 1 ? true : null,
    );
    // The last organisation cannot be deleted: the core refuses, the window says so.
    await dismissToasts(s);
    await (await s.find('button[data-org-delete="Cabinet Durand Conseil"]')).click();
    await (await s.waitFor('#org-delete-confirm')).click();
    await s.until('refusal shown', async () => /au moins un organisme/.test(await s.exec('return document.body.innerText')));
    await s.screenshot(SHOTS, '42-dernier-organisme');
  });
  if (process.env.GREFFIER_CLI_BIN) {
    const r = cli(['info', exported], { GREFFIER_PASSPHRASE: CLIENT_PASS });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Organismes\s*: 1/);
    assert.match(r.stdout, /Mairie de Saint-Aubin/);
    assert.doesNotMatch(r.stdout, /Cabinet Durand/);
    const o = cli(['info', path], { GREFFIER_PASSPHRASE: PASS });
    assert.match(o.stdout, /Organismes\s*: 1/);
  }
});
