import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from './app.mjs';

const ERROR = '[rootlesskit:parent] error: failed to start the child: fork/exec /proc/self/exe: operation not permitted\n';
let app;
before(async () => { app = await launch(); });
after(async () => { await app.close(); });

test('one message with several causes shows each candidate and the command that decides', async () => {
  await app.open();
  await app.paste(ERROR);
  await app.finding('apparmor-userns-restricted').waitFor();
  await app.finding('userns-clone-disabled').waitFor();
  const card = app.finding('apparmor-userns-restricted');
  assert.match(await card.locator('.decide pre').innerText(), /apparmor_restrict_unprivileged_userns/);
  assert.ok(await card.locator('.decide a[href="#finding-userns-clone-disabled"]').count() === 1);
});

test('pasting the deciding output leaves the cause that fits', async () => {
  await app.open();
  await app.paste(ERROR + '$ cat /proc/sys/kernel/apparmor_restrict_unprivileged_userns\n0\n');
  await app.finding('userns-clone-disabled').waitFor();
  assert.equal(await app.finding('apparmor-userns-restricted').count(), 0);
  await app.paste(ERROR + '$ cat /proc/sys/kernel/apparmor_restrict_unprivileged_userns\n1\n$ cat /proc/sys/kernel/unprivileged_userns_clone\n1\n');
  await app.page.waitForFunction(() => !document.querySelector('article.finding[data-id="userns-clone-disabled"]'));
  assert.equal((await app.findingIds())[0], 'apparmor-userns-restricted');
});
