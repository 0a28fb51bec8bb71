// Starts tauri-driver (which drives WebKitWebDriver, which launches the real desktop
// binary) and opens WebDriver sessions on the app. Run through tests/e2e/run.sh, which
// provides the X display (Xvfb), the built binary and throw-away config/data folders.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Session, sleep } from './webdriver.mjs';

export const HERE = dirname(fileURLToPath(import.meta.url));
export const SHOTS = process.env.GREFFIER_E2E_SHOTS ?? join(HERE, 'screenshots');
export const WORK = must('GREFFIER_E2E_WORK');
export const APP = must('GREFFIER_DESKTOP_BIN');
export const CLI = process.env.GREFFIER_CLI_BIN;

function must(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the end-to-end tests with tests/e2e/run.sh`);
  return v;
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** One tauri-driver for a test file. */
export class Driver {
  static async start() {
    const port = await freePort();
    const nativePort = await freePort();
    const proc = spawn('tauri-driver', ['--port', String(port), '--native-port', String(nativePort)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    proc.stdout.on('data', (d) => (log += d));
    proc.stderr.on('data', (d) => (log += d));
    const d = new Driver(proc, `http://127.0.0.1:${port}`, () => log);
    const end = Date.now() + 15000;
    while (Date.now() < end) {
      try {
        const r = await fetch(`${d.base}/status`);
        if (r.ok || r.status < 500) return d;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    proc.kill();
    throw new Error(`tauri-driver did not start:\n${log}`);
  }

  constructor(proc, base, log) {
    this.proc = proc;
    this.base = base;
    this.log = log;
  }

  /** Launches the app in a new WebDriver session; resolves when the first screen is there. */
  async launch() {
    const s = await Session.start(this.base, { 'tauri:options': { application: APP } });
    await s.waitFor('#create-dossier', 30000);
    return s;
  }

  stop() {
    this.proc.kill('SIGTERM');
  }
}

/** Pids of the running desktop app and of its children (the WebKit processes). */
export function appProcesses() {
  const procs = readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .map((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        const exe = (() => {
          try {
            return readlinkSync(`/proc/${pid}/exe`);
          } catch {
            return '';
          }
        })();
        return { pid: Number(pid), ppid, exe };
      } catch {
        return null;
      }
    })
    .filter(Boolean);
  const roots = procs.filter((p) => p.exe === APP || p.exe.endsWith('/greffier-desktop'));
  const out = new Set(roots.map((p) => p.pid));
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of procs) {
      if (!out.has(p.pid) && out.has(p.ppid)) {
        out.add(p.pid);
        grew = true;
      }
    }
  }
  return [...out].map((pid) => procs.find((p) => p.pid === pid));
}

/** Internet sockets (TCP/UDP, v4/v6) held by the given pids: {pid, proto, local, remote} (hex, as in /proc/net). */
export function inetSockets(pids) {
  const inodes = new Map();
  for (const file of ['tcp', 'tcp6', 'udp', 'udp6']) {
    const text = existsSync(`/proc/net/${file}`) ? readFileSync(`/proc/net/${file}`, 'utf8') : '';
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length > 9) inodes.set(cols[9], { proto: file, local: cols[1], remote: cols[2] });
    }
  }
  const found = [];
  for (const pid of pids) {
    let fds = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let target = '';
      try {
        target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      const m = /^socket:\[(\d+)\]$/.exec(target);
      if (m && inodes.has(m[1])) found.push({ pid, ...inodes.get(m[1]) });
    }
  }
  return found;
}

/** Runs the `greffier` command-line tool. */
export function cli(args, env = {}) {
  if (!CLI) throw new Error('GREFFIER_CLI_BIN is not set');
  return spawnSync(CLI, args, { encoding: 'utf8', env: { ...process.env, ...env } });
}

/**
 * Answers the native GTK file dialog titled `title` (opened by the shell, outside the web
 * view, so WebDriver cannot reach it) the way a person would: types the full path into
 * its name field and presses Enter. Uses xdotool on the test's X display.
 */
export async function answerFileDialog(title, path, timeoutMs = 15000) {
  const end = Date.now() + timeoutMs;
  let win = '';
  while (Date.now() < end && !win) {
    const r = spawnSync('xdotool', ['search', '--onlyvisible', '--name', `^${title}$`], { encoding: 'utf8' });
    win = r.status === 0 ? r.stdout.trim().split('\n').pop() : '';
    if (!win) await sleep(100);
  }
  if (!win) throw new Error(`no file dialog titled « ${title} » appeared`);
  await sleep(500);
  const x = (...args) => {
    const r = spawnSync('xdotool', args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`xdotool ${args.join(' ')}: ${r.stderr}`);
  };
  x('windowfocus', '--sync', win);
  x('key', '--clearmodifiers', 'ctrl+a');
  x('type', '--delay', '20', path);
  await sleep(200);
  x('key', 'Return');
}

/** Text of a PDF (pdftotext, from poppler-utils). */
export function pdfText(file) {
  const r = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pdftotext ${file}: ${r.stderr} (install poppler-utils)`);
  return r.stdout;
}

/**
 * The text of a DOCX/ODT as LibreOffice renders it: converted headless to a PDF (a private
 * profile in WORK, so parallel runs never share one), then read with pdftotext. Throws with
 * LibreOffice's messages when it cannot open the file.
 */
export function officeText(file) {
  const outdir = join(WORK, `lo-out-${process.pid}-${Date.now()}`);
  const profile = join(WORK, `lo-profile-${process.pid}-${Date.now()}`);
  const r = spawnSync(
    'soffice',
    ['--headless', '--norestore', `-env:UserInstallation=file://${profile}`, '--convert-to', 'pdf', '--outdir', outdir, file],
    { encoding: 'utf8', timeout: 120000 },
  );
  const name = file.split('/').pop().replace(/\.[^.]+$/, '.pdf');
  const pdf = join(outdir, name);
  if (r.status !== 0 || /error/i.test(r.stderr ?? '') || !existsSync(pdf)) {
    throw new Error(`LibreOffice could not convert ${file} (install libreoffice-writer-nogui): ${r.stderr}`);
  }
  return pdfText(pdf);
}
