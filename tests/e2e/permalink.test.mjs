// A permalink shows its paste without replacing the reader's own saved one,
// until the reader keeps the link's paste or restores theirs.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { launch, LANGS, permalink } from './app.mjs';

const read = (p) => readFile(new URL(`../../${p}`, import.meta.url), 'utf8');
const MINE = await read('content/kb/subuid-missing/samples/fires-setuptool-install.txt');
const LINKED = await read('content/kb/privileged-port/samples/fires-docker-run-27.txt');

let app;
before(async () => { app = await launch(); });
after(async () => { await app.close(); });

/** A fresh visit by a reader whose own paste is saved in this browser. */
beforeEach(async () => {
  await app.visit();
  await app.page.evaluate(() => localStorage.clear());
  await app.pasteFresh(MINE);
  await app.finding('subuid-missing').waitFor();
  await app.page.waitForFunction((t) => localStorage.getItem('rootless-doctor.paste') === t, MINE);
});

test("opening a permalink leaves the reader's saved paste as it was", async () => {
  await app.openLink(LINKED);
  await app.finding('privileged-port').waitFor();
  await app.linkBar().waitFor();
  // Editing the link's paste does not make it the reader's either.
  await app.paste(LINKED + '\n# looked at it');
  await app.page.waitForTimeout(500);
  assert.equal(await app.savedPaste(), MINE);
  await app.visit('#/');
  await app.finding('subuid-missing').waitFor();
  assert.equal(await app.page.locator('#paste').inputValue(), MINE);
  assert.equal(await app.linkBar().count(), 0);
  assert.deepEqual(app.errors, []);
});

test('a permalink opened while the page is open shows its paste, and the saved one stays', async () => {
  await app.page.evaluate((hash) => { location.hash = hash; }, permalink(LINKED));
  await app.finding('privileged-port').waitFor();
  await app.linkBar().waitFor();
  await app.page.waitForTimeout(500);
  assert.equal(await app.savedPaste(), MINE);
  assert.deepEqual(app.errors, []);
});

test("Keep makes the permalink's paste the reader's own", async () => {
  await app.openLink(LINKED);
  await app.linkBar().getByRole('button', { name: 'Keep this paste' }).click();
  assert.equal(await app.linkBar().count(), 0);
  await app.page.waitForFunction((t) => localStorage.getItem('rootless-doctor.paste') === t, LINKED);
  // The address no longer carries the link: a reload shows the kept paste.
  assert.equal(new URL(app.page.url()).hash, '#/');
  await app.page.reload();
  await app.finding('privileged-port').waitFor();
  assert.equal(await app.linkBar().count(), 0);
  assert.deepEqual(app.errors, []);
});

test("Restore puts the reader's own paste back", async () => {
  await app.openLink(LINKED);
  await app.finding('privileged-port').waitFor();
  await app.linkBar().getByRole('button', { name: 'Restore my paste' }).click();
  await app.finding('subuid-missing').waitFor();
  assert.equal(await app.page.locator('#paste').inputValue(), MINE);
  assert.equal(await app.finding('privileged-port').count(), 0);
  assert.equal(await app.linkBar().count(), 0);
  assert.equal(await app.savedPaste(), MINE);
  assert.deepEqual(app.errors, []);
});

test('the permalink bar speaks every language', async () => {
  const seen = new Set();
  for (const lang of LANGS) {
    await app.openLink(LINKED, lang);
    await app.page.waitForFunction((c) => document.documentElement.lang === c, lang);
    const bar = app.linkBar();
    await bar.waitFor();
    const text = await bar.innerText();
    seen.add(text);
    assert.equal(await bar.locator('button').count(), 2, lang);
  }
  assert.equal(seen.size, LANGS.length, 'a different text in each language');
  assert.deepEqual((await app.axe()).map((v) => v.id), []);
  assert.deepEqual(app.errors, []);
});
