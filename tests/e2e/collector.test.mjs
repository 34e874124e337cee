import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { launch } from './app.mjs';

const BUNDLE = await readFile(new URL('./fixtures/bundle-two-problems.txt', import.meta.url), 'utf8');
let app;
before(async () => { app = await launch(); });
after(async () => { await app.close(); });

test('a collector bundle with two problems shows both, filled with that machine\'s user and UID', async () => {
  await app.open();
  await app.paste(BUNDLE);
  await app.finding('linger-disabled').waitFor();
  await app.finding('cgroup-controllers-not-delegated').waitFor();
  const linger = app.finding('linger-disabled');
  assert.match(await linger.locator('.evidence mark').first().innerText(), /Linger=no/);
  assert.match(await linger.locator('.fix').innerText(), /enable-linger minho/);
  const cgroup = app.finding('cgroup-controllers-not-delegated');
  assert.ok(await cgroup.locator('.evidence mark').count() >= 1);
  // What was read is summarised for the reader to check.
  const facts = await app.page.locator('.facts').innerText();
  assert.match(facts, /27\.3\.1/);
  assert.match(facts, /minho \(1001\)/);
  assert.equal(await app.page.locator('#value-user').inputValue(), 'minho');
  assert.equal(await app.page.locator('#value-uid').inputValue(), '1001');
  // The subordinate ID table and picture, for both files, the reader's row marked.
  for (const file of ['subuid', 'subgid']) {
    const row = app.page.locator(`table.subid-table[data-file="${file}"] tr.you`);
    assert.equal(await row.count(), 1, file);
    assert.match(await row.innerText(), /231072/);
  }
  assert.ok(await app.page.locator('.subids svg').count() >= 1);
  assert.deepEqual(app.errors, []);
});

test('the collector script is on the page with a copy button', async () => {
  await app.open();
  await app.page.locator('.collector summary').click();
  const script = await app.page.locator('.collector pre:not(.cli-command)').innerText();
  assert.match(script, /^#!\/bin\/sh/);
  assert.match(script, /### rootless-doctor: \$ %s/);
  assert.doesNotMatch(script, /\bsudo [a-z]/);
  assert.equal(await app.page.locator('.collector > button.copy').count(), 1);
});
