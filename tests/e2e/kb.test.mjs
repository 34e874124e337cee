import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from './app.mjs';

let app;
before(async () => { app = await launch({ prefix: '/some/sub/path/' }); });
after(async () => { await app.close(); });

test('an entry has a page of its own, under any sub-path', async () => {
  await app.open('#/kb/privileged-port');
  const article = app.page.locator('article.kb-entry');
  await article.waitFor();
  assert.match(await article.locator('h2').first().innerText(), /1024/);
  // No port known: the command stops until the reader sets one.
  assert.match(await article.locator('.fix').innerText(), /ip_unprivileged_port_start=\$\{PORT:\?set PORT first\}/);
  assert.deepEqual(app.errors, []);
});

test('an example value in a command is marked as one', async () => {
  await app.open('#/kb/container-ip-unreachable');
  const example = app.page.locator('article.kb-entry .fix pre .example').first();
  await example.waitFor();
  assert.equal(await example.innerText(), 'web');
  assert.match(await example.getAttribute('title'), /Example value/);
  assert.doesNotMatch(await app.page.locator('article.kb-entry .fix pre').first().innerText(), /<container>/);
});

test('the index lists entries by category and links to them', async () => {
  await app.open('#/kb');
  await app.page.locator('.kb-index').waitFor();
  const links = await app.page.locator('.kb-index a').count();
  assert.ok(links >= 10, `only ${links} entries listed`);
  await app.page.locator('.kb-index a[href="#/kb/privileged-port"]').click();
  await app.page.locator('article.kb-entry[data-id="privileged-port"]').waitFor();
});

test('entry pages read in every language', async () => {
  const expect = { en: /1024/, ko: /포트/, zh: /端口/, ja: /ポート/ };
  await app.open('#/kb/privileged-port');
  for (const [lang, re] of Object.entries(expect)) {
    await app.setLanguage(lang);
    const title = app.page.locator('article.kb-entry > header h2');
    await app.page.waitForFunction((l) => document.querySelector('article.kb-entry > header h2')?.getAttribute('lang') === l, lang);
    assert.match(await title.innerText(), re);
  }
  await app.setLanguage('en');
});
