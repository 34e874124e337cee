// Browser performance harness: Debian's chromium driven by playwright-core
// (through the e2e suite's launcher and static server) against a release
// build. Prints a Markdown table.
//
//   DIST=dist INPUTS=target/bench/inputs node tests/bench/harness.mjs
//
// DIST: the built site (default dist/). INPUTS: the directory written by
// `cargo run --release -p engine --example bench_input -- DIR` (typical.txt,
// journal-1mb.txt, paste-10mb.txt); scripts/bench.sh makes both.
// RUNS_NAV, RUNS_TYPICAL, RUNS_1MB, RUNS_10MB: repetitions (medians are
// reported). A case whose first run takes longer than SLOW_MS (default
// 30000) is not repeated.
//
// What is measured:
// - navigation to interactive: from navigation start (performance.now() = 0)
//   to both the paste box being in the DOM and Trunk's TrunkApplicationStarted
//   event (the wasm instantiated and started), in a fresh browser context each
//   run (nothing cached), from a server on 127.0.0.1.
// - paste to rendered findings: a `paste` event carrying the text is
//   dispatched on the paste box (pasteAsClipboard in tests/e2e/app.mjs); when
//   the page lets the browser insert it (up to 256 KiB), the text goes into
//   the box with an `input` event, as the browser would; the time runs from just before that
//   to the last DOM change of the page once `.findings` is present and the
//   DOM has been still for 150 ms. The page waits 120 ms (its input debounce)
//   before diagnosing; the table shows the time with that 120 ms subtracted,
//   and the raw time. "Next frame" adds the first animation frame after the
//   last change (layout and paint of the result). "Longest frame gap" is the
//   longest time between two animation frames from the paste to the result:
//   how long the page could not respond (setting a 10 MB text box's value
//   is itself one long frame, before any diagnosis starts).
// - memory after the 10 MB paste: the byte length of the wasm module's
//   WebAssembly.Memory (taken from Trunk's TrunkApplicationStarted event; it
//   only grows, so it is the high-water mark), and Chromium's
//   performance.memory.usedJSHeapSize (the JS heap, which holds the 10 MB
//   string as UTF-16 in the textarea and in JS).
import { readFile } from 'node:fs/promises';
import { launch, pasteAsClipboard, DIST } from '../e2e/app.mjs';

const INPUTS = process.env.INPUTS ?? new URL('../../target/bench/inputs/', import.meta.url).pathname;
const DEBOUNCE_MS = 120;
const STILL_MS = 150;
const SLOW_MS = Number(process.env.SLOW_MS ?? 30000);
const runs = (name, dflt) => Number(process.env[name] ?? dflt);

const read = async (name) => {
  try {
    return await readFile(`${INPUTS}/${name}`, 'utf8');
  } catch {
    console.error(`missing ${INPUTS}/${name}: run cargo run --release -p engine --example bench_input -- ${INPUTS}`);
    process.exit(2);
  }
};

// Installed before any page script: notes when the app started, keeps the
// wasm memory, and when the paste box first appears.
const INIT = () => {
  window.__rd = { started: null, pasteBox: null, memory: null };
  addEventListener('TrunkApplicationStarted', (e) => {
    window.__rd.started = performance.now();
    window.__rd.memory = e.detail?.wasm?.memory ?? null;
  });
  const seen = () => {
    if (window.__rd.pasteBox === null && document.getElementById('paste')) window.__rd.pasteBox = performance.now();
  };
  new MutationObserver(seen).observe(document, { childList: true, subtree: true });
};

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ms = (x) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(1)} ms`);
const mib = (b) => `${(b / 1048576).toFixed(1)} MiB`;

const app = await launch();
const browser = app.page.context().browser();
const rows = [];

try {
  // Navigation to interactive, each run in a new context (cold cache).
  const nav = [];
  const navParts = [];
  for (let i = 0; i < runs('RUNS_NAV', 7); i++) {
    const ctx = await browser.newContext({ locale: 'en-US' });
    const page = await ctx.newPage();
    await page.addInitScript(INIT);
    await page.goto(app.url);
    await page.waitForFunction(() => window.__rd.started !== null && window.__rd.pasteBox !== null);
    const t = await page.evaluate(() => {
      const wasm = performance.getEntriesByType('resource').find((e) => e.name.endsWith('.wasm'));
      return {
        interactive: Math.max(window.__rd.started, window.__rd.pasteBox),
        wasmFetched: wasm ? wasm.responseEnd : NaN,
        started: window.__rd.started,
      };
    });
    nav.push(t.interactive);
    navParts.push(t);
    await ctx.close();
  }
  const navRow = { what: 'navigation to interactive', runs: nav, goal: 300 };
  navRow.note = `wasm fetched at ${ms(median(navParts.map((p) => p.wasmFetched)))}, app started at ${ms(median(navParts.map((p) => p.started)))} (medians)`;
  rows.push(navRow);

  // Pastes, one page for all (as a reader would use it).
  const page = app.page;
  await page.addInitScript(INIT);
  await page.goto(app.url);
  await page.waitForFunction(() => window.__rd.started !== null && window.__rd.pasteBox !== null);

  const paste = async (text) => {
    // Back to the empty state first, then hand the text over (not timed).
    await page.evaluate(() => {
      const area = document.getElementById('paste');
      if (area) {
        area.value = '';
        area.dispatchEvent(new Event('input', { bubbles: true }));
      } else {
        document.querySelector('.paste-actions button').click();
      }
    });
    await page.waitForFunction(() => !document.querySelector('.findings'), null, { timeout: 0 });
    await page.evaluate((t) => { window.__text = t; }, text);
    return page.evaluate(({ still, paste }) => new Promise((resolve) => {
      let last = 0;
      let frame = 0;
      const obs = new MutationObserver(() => {
        last = performance.now();
        const mark = last;
        requestAnimationFrame(() => { if (mark === last) frame = performance.now(); });
      });
      obs.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
      // The longest gap between animation frames while the paste is read:
      // how long the page could not react to the reader.
      let stall = 0;
      let prev = null;
      let ticking = true;
      const tick = (now) => {
        if (prev !== null) stall = Math.max(stall, now - prev);
        prev = now;
        if (ticking) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
      const pasteText = (0, eval)(paste);
      const t0 = performance.now();
      pasteText(window.__text);
      const check = () => {
        const now = performance.now();
        if (document.querySelector('.findings') && last > 0 && now - last >= still) {
          obs.disconnect();
          ticking = false;
          window.__text = null;
          resolve({ dom: last - t0, frame: Math.max(frame, last) - t0, stall, findings: document.querySelectorAll('article.finding').length });
        } else {
          setTimeout(check, 10);
        }
      };
      setTimeout(check, 10);
    }), { still: STILL_MS, paste: `(${pasteAsClipboard})` });
  };

  const measure = async (what, text, n, goal) => {
    const got = [];
    for (let i = 0; i < n; i++) {
      const r = await paste(text);
      got.push(r);
      if (r.dom > SLOW_MS) break;
    }
    const row = {
      what, bytes: text.length, goal, findings: got[0].findings,
      runs: got.map((r) => r.dom - DEBOUNCE_MS), raw: got.map((r) => r.dom), frame: got.map((r) => r.frame - DEBOUNCE_MS),
      stall: got.map((r) => r.stall),
    };
    rows.push(row);
    return row;
  };

  const typical = await read('typical.txt');
  const journal = await read('journal-1mb.txt');
  const big = await read('paste-10mb.txt');
  const first = await measure('typical paste, first in a new page', typical, 1, 5);
  first.note = 'the pattern set builds its lazy DFA';
  await measure('typical paste (~3 KB)', typical, runs('RUNS_TYPICAL', 15), 5);
  const card = await measure('1 MB journal', journal, runs('RUNS_1MB', 5), 100);
  card.note = 'over 256 KiB: kept out of the text box';
  // Up to 256 KiB a paste goes into the text box, which the browser lays out.
  const boxed = await measure('journal, cut to 250 KB', journal.slice(0, journal.lastIndexOf('\n', 250000) + 1), runs('RUNS_1MB', 5), null);
  boxed.note = 'in the text box';
  const after = await measure('typical paste, after the 1 MB one', typical, runs('RUNS_TYPICAL', 15), 5);
  after.note = 'same page, after larger pastes';
  await measure('10 MB paste', big, runs('RUNS_10MB', 3), null);

  const mem = await page.evaluate(() => ({
    wasm: window.__rd.memory ? window.__rd.memory.buffer.byteLength : null,
    heap: performance.memory ? performance.memory.usedJSHeapSize : null,
    heapTotal: performance.memory ? performance.memory.totalJSHeapSize : null,
  }));

  const version = browser.version();
  console.log(`Chromium ${version}, headless, site ${DIST}, inputs ${INPUTS}`);
  console.log('');
  console.log('| measurement | size | runs | median | min | max | raw median (with 120 ms debounce) | next frame, median | longest frame gap, median | goal | met |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const r of rows) {
    const med = median(r.runs);
    const size = r.bytes === undefined ? '' : r.bytes >= 1048576 ? mib(r.bytes) : `${(r.bytes / 1024).toFixed(1)} KiB`;
    const goal = r.goal == null ? '' : `<= ${ms(r.goal)}`;
    const met = r.goal == null ? '' : med <= r.goal ? 'yes' : 'no';
    const raw = r.raw ? ms(median(r.raw)) : '';
    const frame = r.frame ? ms(median(r.frame)) : '';
    const stall = r.stall ? ms(median(r.stall)) : '';
    const what = r.note ? `${r.what} (${r.note})` : r.what;
    console.log(`| ${what} | ${size} | ${r.runs.length} | ${ms(med)} | ${ms(Math.min(...r.runs))} | ${ms(Math.max(...r.runs))} | ${raw} | ${frame} | ${stall} | ${goal} | ${met} |`);
  }
  console.log('');
  console.log(`Memory after the 10 MB paste: wasm linear memory (WebAssembly.Memory from TrunkApplicationStarted) ${mem.wasm === null ? 'not reachable' : mib(mem.wasm)}; ` +
    `JS heap (performance.memory.usedJSHeapSize) ${mem.heap === null ? 'not available' : `${mib(mem.heap)} of ${mib(mem.heapTotal)}`}.`);
  if (app.errors.length) console.log(`Page errors: ${app.errors.join('; ')}`);
} finally {
  await app.close();
}
