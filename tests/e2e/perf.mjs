// Desktop figures for the README: cold start, memory with the demo dossier open, binary
// size. Run with `bash scripts/bench-desktop` (builds, then runs this under Xvfb through
// tests/e2e/run.sh's environment). Method:
// - cold start: from the WebDriver "new session" request (which spawns the app process)
//   to the first moment the welcome screen's « Créer un dossier » button is found and
//   displayed, polled every 10 ms; RUNS runs, each a fresh process; median, min, max.
// - memory: the demo dossier (CLI `greffier demo`) opened through the UI and its
//   organisation screen shown, then after 3 s the RSS and PSS of the app process and all
//   its descendants (WebKit web and network processes) from /proc: the sum of RSS counts
//   shared pages (the WebKitGTK, Mesa and LLVM libraries) once per process; PSS shares
//   them out, so PSS is the honest total; USS is what the processes hold alone.
// - size: the release binary on disk (stripped, UI embedded).

import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Driver, WORK, APP, appProcesses, cli } from './harness.mjs';
import { Session, sleep } from './webdriver.mjs';

const RUNS = Number(process.env.RUNS ?? 7);
const PASS = 'demo-pain-levain-fournil-brioche';

function kib(pid, field, file = 'status') {
  try {
    const text = readFileSync(`/proc/${pid}/${file}`, 'utf8');
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const driver = await Driver.start();
try {
  // Cold start
  const starts = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const s = await Session.start(driver.base, { 'tauri:options': { application: APP } });
    for (;;) {
      try {
        const el = await s.find('#create-dossier');
        if (await el.displayed()) break;
      } catch {
        // not there yet
      }
      await sleep(10);
    }
    starts.push(performance.now() - t0);
    await s.end();
    await sleep(500);
  }

  // Memory with the demo dossier open
  const demo = join(WORK, 'demo.greffier');
  const r = cli(['demo', demo], { GREFFIER_PASSPHRASE: PASS });
  if (r.status !== 0) throw new Error(`greffier demo: ${r.stderr}`);
  mkdirSync(process.env.GREFFIER_CONFIG_DIR, { recursive: true });
  writeFileSync(
    join(process.env.GREFFIER_CONFIG_DIR, 'settings.json'),
    JSON.stringify({ recent: [{ path: demo, last_opened: new Date().toISOString() }] }),
  );
  const s = await driver.launch();
  await (await s.waitFor(`#recent-list button.recent[data-path="${demo}"]`)).click();
  await (await s.waitFor('#unlock-pass')).fill(PASS);
  await (await s.find('#unlock-submit')).click();
  await s.waitFor('#main-nav', 20000);
  await (await s.find('[data-nav="organisation"]')).click();
  await s.waitFor('#organisation-form');
  await sleep(3000);
  const procs = appProcesses().map((p) => ({
    pid: p.pid,
    exe: p.exe.split('/').pop(),
    rss_kib: kib(p.pid, 'VmRSS'),
    pss_kib: kib(p.pid, 'Pss', 'smaps_rollup'),
    rss_anon_kib: kib(p.pid, 'RssAnon'),
    rss_file_kib: kib(p.pid, 'RssFile'),
    rss_shmem_kib: kib(p.pid, 'RssShmem'),
    uss_kib: kib(p.pid, 'Private_Clean', 'smaps_rollup') + kib(p.pid, 'Private_Dirty', 'smaps_rollup'),
  }));
  await s.end();

  const size = statSync(APP).size;
  const out = {
    date: new Date().toISOString(),
    runs: RUNS,
    cold_start_ms: { median: median(starts), min: Math.min(...starts), max: Math.max(...starts), all: starts },
    processes: procs,
    rss_total_mib: procs.reduce((a, p) => a + p.rss_kib, 0) / 1024,
    pss_total_mib: procs.reduce((a, p) => a + p.pss_kib, 0) / 1024,
    uss_total_mib: procs.reduce((a, p) => a + p.uss_kib, 0) / 1024,
    binary_mib: size / 1048576,
  };
  console.log(JSON.stringify(out, null, 2));
  console.log(
    `\ncold start median ${out.cold_start_ms.median.toFixed(0)} ms (min ${out.cold_start_ms.min.toFixed(0)}, max ${out.cold_start_ms.max.toFixed(0)}, ${RUNS} runs)` +
      `\nmemory with the demo dossier open, over ${procs.length} processes: RSS sum ${out.rss_total_mib.toFixed(1)} MiB, ` +
      `PSS ${out.pss_total_mib.toFixed(1)} MiB, USS (private) ${out.uss_total_mib.toFixed(1)} MiB` +
      `\nrelease binary ${size} bytes = ${(size / 1e6).toFixed(2)} MB (${out.binary_mib.toFixed(2)} MiB)`,
  );
} finally {
  driver.stop();
}
