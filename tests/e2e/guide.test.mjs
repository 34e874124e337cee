import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from './app.mjs';

let app;
before(async () => { app = await launch(); });
after(async () => { await app.close(); });

test('the guide has its pages in every language, linking to entries', async () => {
  const expect = { en: /rootless/i, ko: /[가-힣]/, zh: /[\u4e00-\u9fff]/, ja: /[\u3040-\u30ff]/ };
  await app.open('#/guide');
  for (const lang of ['en', 'ko', 'zh', 'ja']) {
    await app.setLanguage(lang);
    await app.page.locator('.guide-index li a').first().waitFor();
    assert.ok(await app.page.locator('.guide-index li').count() >= 8);
    await app.page.goto(app.url + '#/guide/how-it-works');
    const body = app.page.locator('article.guide-page .guide-body');
    await body.waitFor();
    assert.match(await body.innerText(), expect[lang]);
    assert.ok(await body.locator('a[href^="#/kb/"]').count() >= 1);
    await app.page.goto(app.url + '#/guide');
  }
  await app.setLanguage('en');
  assert.deepEqual(app.errors, []);
});

test('a guide page links on to the next one and to its entries', async () => {
  await app.open('#/guide/overview');
  await app.page.locator('.pager a[rel=next]').click();
  await app.page.locator('article.guide-page[data-id="how-it-works"]').waitFor();
  await app.page.locator('.guide-body a[href^="#/kb/"]').first().click();
  await app.page.locator('article.kb-entry').waitFor();
});

test('search finds Korean and Japanese terms inside words', async () => {
  await app.open('#/search');
  await app.setLanguage('ko');
  await app.page.locator('#search').fill('포트');
  await app.page.locator('.hits li[data-id="privileged-port"]').waitFor();
  assert.match(await app.page.locator('.hits li[data-id="privileged-port"] mark').innerText(), /포트/);
  await app.setLanguage('ja');
  await app.page.locator('#search').fill('名前空間');
  await app.page.locator('.hits li').first().waitFor();
  assert.match(await app.page.locator('.hits li mark').first().innerText(), /名前空間/);
  await app.setLanguage('en');
});
