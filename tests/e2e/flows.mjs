// Steps shared by the e2e test files: start the driver, launch the app, create a dossier,
// fill fields, wait for « Enregistré »…

import { before, after } from 'node:test';
import { Driver, SHOTS } from './harness.mjs';
import { sleep } from './webdriver.mjs';

export const PASS = 'tartine-brioche-fournil-levain-croissant';
let driver;


before(async () => {
  driver = await Driver.start();
});
after(() => driver?.stop());

/** Runs `body` with a freshly launched app; always ends the session (kills the app). */
export async function withApp(body) {
  const s = await driver.launch();
  try {
    await body(s);
  } catch (e) {
    try {
      await s.screenshot(SHOTS, `failure-${Date.now()}`);
    } catch {
      // the window may be gone
    }
    throw e;
  } finally {
    await s.end();
    await sleep(300);
  }
}

export async function value(s, css) {
  return (await s.find(css)).property('value');
}

export async function select(s, css, value) {
  await (await s.find(`${css} option[value="${value}"]`)).click();
}

export async function savedStatus(s) {
  return s.until('« Enregistré »', async () => {
    const t = await s.text('#save-status');
    return /Enregistré|Saved/.test(t) && !/Enregistrement|Saving/.test(t) ? t : null;
  });
}

export async function createDossier(s, path, orgName, shot) {
  await (await s.waitFor('#create-dossier')).click();
  await s.waitFor('#create-form');
  await (await s.find('#create-org-name')).fill(orgName);
  await (await s.find('#create-path')).fill(path);
  await (await s.find('#create-pass')).fill(PASS);
  await (await s.find('#create-pass2')).fill(PASS);
  await s.until('strength judged', async () => /forte|Forte/.test(await s.text('#strength')));
  await (await s.find('#create-ack')).click();
  if (shot) await s.screenshot(SHOTS, shot);
  const submit = await s.find('#create-submit');
  await s.until('submit enabled', () => submit.enabled());
  await submit.click();
  await s.waitFor('#rescue-kit', 20000);
}

/** Closes the notifications (bottom right, 6 s) the way a person would, before clicking under them. */
export async function dismissToasts(s) {
  await s.exec("document.querySelectorAll('.toast button.dismiss').forEach((b) => b.click())");
}

/** After an action that ends with a notification (a file written…): waits for it to show
 *  (it may come a moment after the file is on disk), then closes it, so that it covers
 *  nothing the next click aims at. */
export async function settleToasts(s) {
  try {
    await s.until('a notification', async () => (await s.exec("return document.querySelectorAll('.toast').length")) > 0 || null, 3000);
  } catch {
    // none came: nothing to close
  }
  await dismissToasts(s);
}

export async function unlockWith(s, passphrase) {
  const field = await s.waitFor('#unlock-pass');
  await field.fill(passphrase);
  await (await s.find('#unlock-submit')).click();
}

