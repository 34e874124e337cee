import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from './app.mjs';

test('a fresh profile follows the browser language', async () => {
  const app = await launch({ locale: 'ko-KR' });
  try {
    await app.open();
    await app.page.waitForFunction(() => document.documentElement.lang === 'ko');
    assert.equal(await app.page.locator('#lang').inputValue(), 'ko');
    assert.match(await app.page.locator('label[for=paste]').innerText(), /터미널/);
  } finally {
    await app.close();
  }
});
