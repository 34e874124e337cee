import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { launch } from './app.mjs';

const SAMPLE = await readFile(new URL('../../content/kb/privileged-port/samples/fires-docker-run-27.txt', import.meta.url), 'utf8');
let app;
before(async () => { app = await launch(); });
after(async () => { await app.close(); });

test('a pasted error shows its finding, with the port filled in', async () => {
  await app.open();
  await app.paste(SAMPLE);
  await app.finding('privileged-port').waitFor();
  const ids = await app.findingIds();
  assert.equal(ids[0], 'privileged-port');
  const card = app.finding('privileged-port');
  assert.match(await card.locator('.evidence mark').first().innerText(), /cannot expose privileged port 80/);
  assert.match(await card.locator('.fix').innerText(), /ip_unprivileged_port_start=80/);
  assert.deepEqual(app.errors, []);
});

test('switching language shows the same finding in Korean, Chinese and Japanese', async () => {
  await app.open();
  await app.paste(SAMPLE);
  const title = () => app.finding('privileged-port').locator('h3').innerText();
  await app.finding('privileged-port').waitFor();
  const titles = {};
  for (const lang of ['ko', 'zh', 'ja', 'en']) {
    await app.setLanguage(lang);
    await app.page.waitForFunction((l) => document.querySelector('article.finding h3')?.getAttribute('lang') === l, lang);
    titles[lang] = await title();
  }
  assert.match(titles.ko, /포트/);
  assert.match(titles.zh, /端口/);
  assert.match(titles.ja, /ポート/);
  assert.match(titles.en, /port below 1024/);
});

test('the chosen language is remembered across reloads', async () => {
  await app.open();
  await app.setLanguage('ja');
  await app.page.reload();
  await app.page.waitForFunction(() => document.documentElement.lang === 'ja');
  assert.equal(await app.page.locator('#lang').inputValue(), 'ja');
  await app.setLanguage('en');
});

test('pasted markup is shown as text, never rendered', async () => {
  await app.open();
  await app.paste('<img src=x onerror="window.__pwned=1"> cannot expose privileged port 80 <script>window.__pwned=2</script>');
  // The same finding may still show an earlier paste's evidence: wait for this one's.
  await app.finding('privileged-port').locator('.evidence code', { hasText: '<img src=x onerror=' }).waitFor();
  assert.equal(await app.page.evaluate(() => window.__pwned), undefined);
  assert.equal(await app.page.locator('main img').count(), 0);
});
