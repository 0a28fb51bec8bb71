// A small W3C WebDriver client (Node's fetch, no dependency) for tauri-driver.
// Only what the end-to-end tests use: sessions, elements, keys, scripts, screenshots.

import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

export class WebDriverError extends Error {
  constructor(method, path, status, body) {
    super(`${method} ${path} → ${status}: ${body?.value?.error ?? ''} ${body?.value?.message ?? JSON.stringify(body)}`);
    this.error = body?.value?.error;
  }
}

export class Session {
  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  static async start(base, capabilities, timeoutMs = 60000) {
    const body = await request(base, 'POST', '/session', { capabilities: { alwaysMatch: capabilities } }, timeoutMs);
    return new Session(base, body.value.sessionId);
  }

  async cmd(method, path, payload) {
    const body = await request(this.base, method, `/session/${this.id}${path}`, payload);
    return body.value;
  }

  async end() {
    try {
      await request(this.base, 'DELETE', `/session/${this.id}`);
    } catch {
      // the application may already be gone
    }
  }

  async find(css) {
    const v = await this.cmd('POST', '/element', { using: 'css selector', value: css });
    return new Element(this, v[ELEMENT]);
  }

  async findAll(css) {
    const v = await this.cmd('POST', '/elements', { using: 'css selector', value: css });
    return v.map((e) => new Element(this, e[ELEMENT]));
  }

  /** Waits until `css` matches a displayed element. */
  async waitFor(css, timeoutMs = 15000) {
    const end = Date.now() + timeoutMs;
    let last;
    while (Date.now() < end) {
      try {
        const el = await this.find(css);
        if (await el.displayed()) return el;
      } catch (e) {
        last = e;
      }
      await sleep(100);
    }
    throw new Error(`timed out waiting for ${css}${last ? ` (${last.message})` : ''}`);
  }

  /** Waits until `fn()` resolves to a truthy value, returns it. */
  async until(what, fn, timeoutMs = 15000) {
    const end = Date.now() + timeoutMs;
    let last;
    while (Date.now() < end) {
      try {
        const v = await fn();
        if (v) return v;
      } catch (e) {
        last = e;
      }
      await sleep(100);
    }
    throw new Error(`timed out waiting for ${what}${last ? ` (${last.message})` : ''}`);
  }

  async exec(script, ...args) {
    return this.cmd('POST', '/execute/sync', { script, args });
  }

  async execAsync(script, ...args) {
    return this.cmd('POST', '/execute/async', { script, args });
  }

  async text(css) {
    return (await this.find(css)).text();
  }

  /**
   * Saves what the person sees: the app's window grabbed from the X display (ImageMagick's
   * `import`). WebKitWebDriver's own screenshot needs WebKit's compositing mode, which
   * Greffier turns off (it hangs without it), so it is only a fallback when no X window
   * is found.
   */
  async screenshot(dir, name) {
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${name}.png`);
    await sleep(150); // let the last change paint
    const win = spawnSync('xdotool', ['search', '--onlyvisible', '--name', '^Greffier$'], { encoding: 'utf8' });
    const id = win.status === 0 ? win.stdout.trim().split('\n')[0] : '';
    if (id) {
      const r = spawnSync('import', ['-window', id, file], { encoding: 'utf8' });
      if (r.status === 0) return file;
      throw new Error(`import -window ${id}: ${r.stderr}`);
    }
    const b64 = await this.cmd('GET', '/screenshot');
    writeFileSync(file, Buffer.from(b64, 'base64'));
    return file;
  }

  async setWindowRect(width, height) {
    return this.cmd('POST', '/window/rect', { width, height });
  }
}

export class Element {
  constructor(session, id) {
    this.s = session;
    this.id = id;
  }
  cmd(method, path, payload) {
    return this.s.cmd(method, `/element/${this.id}${path}`, payload);
  }
  click() {
    return this.cmd('POST', '/click', {});
  }
  clear() {
    return this.cmd('POST', '/clear', {});
  }
  type(text) {
    return this.cmd('POST', '/value', { text });
  }
  async fill(text) {
    await this.clear();
    await this.type(text);
  }
  text() {
    return this.cmd('GET', '/text');
  }
  property(name) {
    return this.cmd('GET', `/property/${name}`);
  }
  attribute(name) {
    return this.cmd('GET', `/attribute/${name}`);
  }
  displayed() {
    return this.cmd('GET', '/displayed');
  }
  enabled() {
    return this.cmd('GET', '/enabled');
  }
}

async function request(base, method, path, payload, timeoutMs = 30000) {
  const res = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: payload === undefined ? undefined : JSON.stringify(payload),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = { value: { error: 'unparsable', message: text } };
  }
  if (!res.ok) throw new WebDriverError(method, path, res.status, body);
  return body;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const Keys = { TAB: '\uE004', ENTER: '\uE007', ESCAPE: '\uE00C' };
