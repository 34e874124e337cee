import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { launch } from './app.mjs';

const SAMPLE = await readFile(new URL('../../content/kb/privileged-port/samples/fires-docker-run-27.txt', import.meta.url), 'utf8');
let app;
before(async () => { app = await launch(); });
after(async () => { await app.close(); });

test('choosing an evidence line shows it highlighted in the numbered paste', async () => {
  await app.open();
  await app.paste(SAMPLE);
  const card = app.finding('privileged-port');
  await card.waitFor();
  await card.locator('.evidence button.ln').first().click();
  const line = app.page.locator('ol.lines li#L7');
  await line.waitFor();
  assert.match(await line.getAttribute('class'), /focus/);
  assert.match(await line.locator('mark').innerText(), /cannot expose privileged port 80/);
  assert.equal(await app.page.locator('ol.lines li').count(), SAMPLE.trimEnd().split('\n').length);
  // Back to editing keeps the paste.
  await app.page.getByRole('tab').first().click();
  assert.equal(await app.page.locator('#paste').inputValue(), SAMPLE);
});

test('"your values" fills the commands, and refuses what would not be safe', async () => {
  await app.open();
  // Fresh: the paste kept from the last test is diagnosed first otherwise.
  await app.pasteFresh('docker: Error response from daemon: ... cannot expose privileged port 443, you can add ...');
  const card = app.finding('privileged-port');
  await card.waitFor();
  assert.match(await card.locator('.fix').innerText(), /ip_unprivileged_port_start=443/);
  const port = app.page.locator('#value-port');
  await port.fill('8443');
  await app.page.waitForFunction(() => document.querySelector('article.finding .fix').innerText.includes('ip_unprivileged_port_start=8443'));
  await port.fill('80; rm -rf ~');
  await app.page.locator('#value-port-err').waitFor();
  const fix = await card.locator('.fix').innerText();
  assert.doesNotMatch(fix, /rm -rf/);
  assert.match(fix, /ip_unprivileged_port_start=443/);
});

test('every command block has a copy button', async () => {
  await app.open();
  await app.paste(SAMPLE);
  const card = app.finding('privileged-port');
  await card.waitFor();
  const blocks = await card.locator('.fix pre').count();
  assert.ok(blocks >= 3);
  assert.equal(await card.locator('.fix pre > button.copy').count(), blocks);
  // The copy buttons must not leave stale text behind when the text changes.
  await app.setLanguage('ja');
  await app.page.waitForFunction(() => document.querySelector('article.finding h3')?.getAttribute('lang') === 'ja');
  assert.equal(await card.locator('.fix pre').count(), blocks);
  assert.doesNotMatch(await card.locator('.fix').innerText(), /Check that it worked/);
  await app.setLanguage('en');
});

test('the examples menu loads a real paste', async () => {
  await app.open();
  const value = await app.page.locator('#examples option[value^="privileged-port/"]').first().getAttribute('value');
  await app.page.locator('#examples').selectOption(value);
  await app.finding('privileged-port').waitFor();
  assert.ok((await app.page.locator('#paste').inputValue()).length > 20);
});

test('a dropped text file becomes the paste', async () => {
  await app.open();
  const dt = await app.page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'journal.txt', { type: 'text/plain' }));
    return dt;
  }, SAMPLE);
  await app.page.locator('#paste').dispatchEvent('drop', { dataTransfer: dt });
  await app.finding('privileged-port').waitFor();
  assert.equal(await app.page.locator('#paste').inputValue(), SAMPLE);
});
