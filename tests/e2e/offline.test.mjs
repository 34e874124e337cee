import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { launch, openSingleFile } from './app.mjs';

const SAMPLE = await readFile(new URL('../../content/kb/privileged-port/samples/fires-compose-443.txt', import.meta.url), 'utf8');

test('no request leaves the page, and the CSP allows nothing external', async () => {
  const app = await launch();
  const origin = new URL(app.url).origin;
  const foreign = [];
  const violations = [];
  app.page.on('request', (r) => { if (!r.url().startsWith(origin) && !r.url().startsWith('data:')) foreign.push(r.url()); });
  app.page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) violations.push(m.text()); });
  try {
    await app.open();
    const csp = await app.page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.match(csp, /default-src 'none'/);
    assert.doesNotMatch(csp, /https?:/);
    await app.paste(SAMPLE);
    await app.finding('privileged-port').waitFor();
    for (const hash of ['#/guide/overview', '#/kb', '#/kb/privileged-port', '#/search']) {
      await app.page.goto(app.url + hash);
      await app.page.locator('main > *').first().waitFor();
    }
    assert.deepEqual(foreign, []);
    assert.deepEqual(violations, []);
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

test('one language at a time: the content comes from this origin, and no request carries the paste', async () => {
  const app = await launch();
  const origin = new URL(app.url).origin;
  const requests = [];
  app.page.on('request', (r) => requests.push({ url: r.url(), method: r.method(), body: r.postData() }));
  try {
    await app.open();
    await app.paste(SAMPLE);
    await app.finding('privileged-port').waitFor();
    const packs = () => requests.map((r) => new URL(r.url).pathname).filter((p) => p.startsWith('/content/')).map((p) => p.replace(/^\/content\/|-[0-9a-f]{16}\.json$/g, '')).sort();
    // The reader's language only: its strings, its text and the matchers.
    assert.deepEqual(packs(), ['core', 'en', 'ui-en']);
    await app.setLanguage('ja');
    await app.page.locator('article.finding[data-id="privileged-port"][lang="ja"], article.finding[data-id="privileged-port"] [lang="ja"]').first().waitFor();
    assert.deepEqual(packs(), ['core', 'en', 'ja', 'ui-en', 'ui-ja']);
    // Back to English: nothing is fetched again.
    await app.setLanguage('en');
    assert.equal(packs().length, 5);
    const token = 'expose privileged port';
    for (const r of requests) {
      assert.ok(r.url.startsWith(origin) || r.url.startsWith('data:'), r.url);
      assert.equal(r.method, 'GET', r.url);
      assert.equal(r.body, null, r.url);
      assert.ok(!decodeURIComponent(r.url).includes(token), r.url);
    }
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

test('the paste survives a reload until it is cleared', async () => {
  const app = await launch();
  try {
    await app.open();
    await app.paste(SAMPLE);
    await app.finding('privileged-port').waitFor();
    await app.page.reload();
    await app.finding('privileged-port').waitFor();
    assert.equal(await app.page.locator('#paste').inputValue(), SAMPLE);
    await app.page.getByRole('button', { name: 'Clear' }).click();
    await app.page.waitForTimeout(400);
    await app.page.reload();
    await app.page.locator('#paste').waitFor();
    assert.equal(await app.page.locator('#paste').inputValue(), '');
  } finally {
    await app.close();
  }
});

test('without storage (private mode, sandboxed frames) the page still works', async () => {
  const app = await launch();
  try {
    await app.page.addInitScript(() => {
      Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('denied', 'SecurityError'); } });
    });
    await app.open();
    await app.paste(SAMPLE);
    await app.finding('privileged-port').waitFor();
    await app.setLanguage('ja');
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

test('with storage that refuses every write (a full quota) the page still works', async () => {
  const app = await launch();
  try {
    await app.page.addInitScript(() => {
      Storage.prototype.setItem = function setItem() { throw new DOMException('full', 'QuotaExceededError'); };
    });
    await app.open();
    await app.paste(SAMPLE);
    await app.finding('privileged-port').waitFor();
    await app.setLanguage('ko');
    // Nothing could be kept: after a reload the page starts afresh, without an error.
    await app.page.reload();
    await app.page.locator('#paste').waitFor();
    assert.equal(await app.page.locator('#paste').inputValue(), '');
    assert.equal(await app.page.locator('#lang').inputValue(), 'en');
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

test('the single-file build works when opened from file://', async () => {
  const { page, file, errors, close } = await openSingleFile();
  try {
    await page.locator('#paste').fill(SAMPLE);
    await page.locator('article.finding[data-id="privileged-port"]').waitFor();
    await page.goto('file://' + file + '#/kb/privileged-port');
    await page.locator('article.kb-entry').waitFor();
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
