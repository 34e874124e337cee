// Large pastes are diagnosed in a Web Worker running the diagnosis module:
// the page stays usable meanwhile, a newer paste wins, and where there can
// be no worker (the single file from file://) the page diagnoses on its own.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { launch, openSingleFile } from './app.mjs';

const read = (p) => readFile(new URL(`../../${p}`, import.meta.url), 'utf8');
const PORT = await read('content/kb/privileged-port/samples/fires-docker-run-27.txt');
const SMALL = await read('content/kb/subuid-missing/samples/fires-setuptool-install.txt');

/** About `mb` MB of an ordinary rootless journal, then the paste `tail`
 *  (built in the page: 8 MB never crosses the DevTools connection). */
const big = ({ mb, tail }) => {
  const line = 'Nov 22 10:00:00 devbox dockerd-rootless.sh[2871]: time="2026-11-22T10:00:00.000000000+09:00" level=info msg="Processing signal \'terminated\'"\n';
  return line.repeat(Math.ceil((mb * 1e6) / line.length)) + tail;
};

let app;
before(async () => { app = await launch(); });
after(async () => { await app.close(); });

test('a large paste is diagnosed off the main thread: the page switches language meanwhile', async () => {
  await app.open();
  await app.clipboardPaste(big, { mb: 8, tail: PORT });
  // Kept out of the text box (laying out 8 MB there takes seconds).
  assert.match(await app.page.locator('#paste-large').innerText(), /7\.6 MB \(\d+ lines\)/);
  assert.equal(await app.page.locator('textarea#paste').count(), 0);
  assert.deepEqual((await app.axe()).map((v) => v.id), [], 'axe, with the large-paste card and the busy status');
  // The worker has it; the result area says so, politely.
  await app.page.locator('.result[aria-busy="true"] .busy[role="status"]').waitFor();
  // A main thread busy diagnosing could not do this before the answer came.
  await app.page.locator('#lang').selectOption('ko');
  await app.page.waitForFunction(() => document.documentElement.lang === 'ko'
    && /읽는 중/.test(document.querySelector('.result .busy')?.textContent ?? ''));
  const card = app.finding('privileged-port');
  await card.locator('h3[lang="ko"]').waitFor({ timeout: 60000 });
  assert.equal(await app.page.locator('.result').getAttribute('aria-busy'), 'false');
  assert.equal(await app.page.locator('.result .busy').count(), 0);
  assert.match(await card.locator('.evidence mark').first().innerText(), /cannot expose privileged port 80/);
  assert.deepEqual(app.errors, []);
  await app.setLanguage('en');
});

test('a newer paste wins over a large one still being diagnosed', async () => {
  await app.open();
  await app.clipboardPaste(big, { mb: 8, tail: PORT });
  await app.page.locator('.result .busy').waitFor();
  // On the card that stands for the large paste: the new paste replaces it.
  await app.clipboardPaste((t) => t, SMALL);
  await app.finding('subuid-missing').waitFor();
  // Time for the large answer to arrive, if it were ever shown: it must not be.
  await app.page.waitForTimeout(4000);
  assert.equal(await app.finding('privileged-port').count(), 0);
  assert.equal(await app.finding('subuid-missing').count(), 1);
  assert.equal(await app.page.locator('.result .busy').count(), 0);
  assert.deepEqual(app.errors, []);
});

test('a newer paste abandons a stale one the worker is still reading: a new worker, from this origin', async () => {
  const fresh = await launch();
  try {
    await fresh.spyOnWorkers();
    const origin = new URL(fresh.url).origin;
    const requests = [];
    fresh.page.on('request', (r) => requests.push(r.url()));
    await fresh.open();
    await fresh.page.waitForFunction(() => window.__workers.made === 1);
    const loaded = requests.length;
    // Close to the 20 MB cap: the worker reads it for well over a second.
    await fresh.clipboardPaste(big, { mb: 19, tail: PORT });
    await fresh.page.locator('.result .busy').waitFor();
    await fresh.page.waitForTimeout(300);
    await fresh.clipboardPaste(big, { mb: 1, tail: SMALL });
    await fresh.finding('subuid-missing').waitFor({ timeout: 60000 });
    const seen = await fresh.workers();
    assert.equal(seen.terminated, 1, 'the stale job is abandoned');
    assert.equal(seen.made, 2, 'and a new worker reads the newer paste');
    assert.equal(await fresh.finding('privileged-port').count(), 0);
    // The new worker loads only its script and the glue, from this origin
    // (the compiled module is handed over: no second download of the wasm).
    const again = requests.slice(loaded);
    assert.ok(again.every((u) => u.startsWith(origin) && u.endsWith('.js')), again.join('\n'));
    assert.deepEqual(fresh.errors, []);
  } finally {
    await fresh.close();
  }
});

test('Share redacts a large paste in the worker while the page stays usable', async () => {
  const fresh = await launch();
  try {
    await fresh.spyOnWorkers();
    await fresh.open();
    // 190 KB of prompts with distinct users and hosts: redacted on the
    // page's thread, this held the tab for seconds.
    await fresh.clipboardPaste((n) => Array.from({ length: n }, (_, i) => `u${i}@h${i}:~$ docker ps\n`).join('') + 'cannot expose privileged port 80\n', 8000);
    await fresh.finding('privileged-port').waitFor({ timeout: 60000 });
    await fresh.page.evaluate(() => {
      window.__longest = 0;
      new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longest = Math.max(window.__longest, e.duration); })
        .observe({ type: 'longtask' });
    });
    await fresh.page.locator('details.share summary').click();
    await fresh.page.locator('.share-preview').waitFor({ timeout: 60000 });
    assert.ok((await fresh.workers()).tasks.includes('share'), 'the share was prepared in the worker');
    const preview = await fresh.page.locator('.share-preview').innerText();
    assert.ok(!/u1@h1:/.test(preview) && preview.includes('cannot expose privileged port 80'));
    const link = await fresh.page.locator('#share-link').inputValue();
    assert.match(link, /#\/\?lang=en&paste=[A-Za-z0-9_-]+$/);
    assert.ok(await fresh.page.evaluate(() => window.__longest) < 1000, 'no task held the page for a second');
    assert.deepEqual(fresh.errors, []);
  } finally {
    await fresh.close();
  }
});

test('Share of a large paste says it is busy meanwhile', async () => {
  const fresh = await launch();
  try {
    await fresh.open();
    await fresh.clipboardPaste(big, { mb: 8, tail: PORT });
    await fresh.finding('privileged-port').waitFor({ timeout: 60000 });
    await fresh.page.locator('details.share summary').click();
    await fresh.page.locator('details.share[aria-busy="true"] .busy[role="status"]').waitFor();
    await fresh.page.locator('details.share[aria-busy="false"] .share-preview').waitFor({ timeout: 60000 });
    assert.deepEqual(fresh.errors, []);
  } finally {
    await fresh.close();
  }
});

test('a large paste goes where the caret is, after what was typed before', async () => {
  await app.open();
  await app.paste(SMALL);
  await app.finding('subuid-missing').waitFor();
  await app.page.evaluate(() => { const a = document.getElementById('paste'); a.setSelectionRange(a.value.length, a.value.length); });
  await app.clipboardPaste(big, { mb: 2, tail: PORT });
  await app.finding('privileged-port').waitFor({ timeout: 60000 });
  assert.equal(await app.finding('subuid-missing').count(), 1, 'the text typed before is kept');
  assert.deepEqual(app.errors, []);
});

test('the lines view of a large paste shows the evidence line the worker found', async () => {
  await app.open();
  await app.clipboardPaste(big, { mb: 2, tail: PORT });
  await app.finding('privileged-port').waitFor({ timeout: 60000 });
  await app.finding('privileged-port').locator('.evidence button, .evidence a').first().click();
  await app.page.locator('ol.lines li.marked mark', { hasText: 'cannot expose privileged port 80' }).waitFor();
  assert.deepEqual(app.errors, []);
});

test('the single-file page, with no worker from file://, diagnoses a large paste itself', async () => {
  const { page, errors, close } = await openSingleFile();
  try {
    await page.locator('#paste').waitFor();
    await page.evaluate(([src, arg]) => {
      const area = document.getElementById('paste');
      area.value = (0, eval)(src)(arg);
      area.dispatchEvent(new InputEvent('input', { bubbles: true }));
    }, [String(big), { mb: 1, tail: PORT }]);
    await page.locator('article.finding[data-id="privileged-port"]').waitFor({ timeout: 60000 });
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
