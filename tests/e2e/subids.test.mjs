import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from './app.mjs';

// alice (UID 1000) overlaps bob in /etc/subuid; carol has only 1000 IDs.
const PASTE = `$ id
uid=1000(alice) gid=1000(alice) groups=1000(alice),27(sudo)
$ cat /etc/subuid
alice:100000:65536
bob:150000:65536
carol:231072:1000
$ cat /etc/subgid
alice:100000:65536
bob:165536:65536
carol:231072:1000
`;

let app;
before(async () => { app = await launch(); });
after(async () => { await app.close(); });

async function openWithPaste(text) {
  await app.open();
  // Emptied first: the paste kept from the last test would show its panel.
  await app.paste('');
  await app.page.locator('.result .empty').waitFor();
  await app.paste(text);
  await app.page.locator('section.subids').waitFor();
  return app.page.locator('section.subids');
}

const cells = (table) => table.locator('tbody tr').evaluateAll((rows) =>
  rows.map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent.trim())));

test('the subuid and subgid tables list every range with its line', async () => {
  const panel = await openWithPaste(PASTE);
  const subuid = panel.locator('table.subid-table[data-file="subuid"]');
  assert.deepEqual(await cells(subuid), [
    ['alice' + 'you', '100000', '165535', '65536', '4'],
    ['bob', '150000', '215535', '65536', '5'],
    ['carol', '231072', '232071', '1000', '6'],
  ]);
  assert.equal(await subuid.locator('tr.you').count(), 1);
  const subgid = panel.locator('table.subid-table[data-file="subgid"]');
  assert.deepEqual((await cells(subgid)).map((r) => r.slice(1)), [
    ['100000', '165535', '65536', '8'],
    ['165536', '231071', '65536', '9'],
    ['231072', '232071', '1000', '10'],
  ]);
  assert.deepEqual(app.errors, []);
});

test('the overlap, the short range and the differing owner are checks with their lines', async () => {
  const panel = await openWithPaste(PASTE);
  const uidFile = panel.locator('.subid-file[data-file="subuid"]');
  const overlap = uidFile.locator('li.check[data-key="subids-check-overlap"]');
  assert.equal(await overlap.count(), 1);
  assert.match(await overlap.innerText(), /alice ↔ bob share 15536 IDs in \/etc\/subuid/);
  assert.match(await overlap.locator('.ln').innerText(), /line 4, line 5/);
  assert.ok(await overlap.evaluate((e) => e.classList.contains('error')));
  const small = uidFile.locator('li.check[data-key="subids-check-too-small"]');
  assert.match(await small.innerText(), /carol has only 1000 IDs/);
  assert.match(await small.locator('.ln').innerText(), /line 6/);
  const differs = panel.locator('.subid-cross li.check[data-key="subids-check-differs"]');
  assert.match(await differs.innerText(), /bob has different ranges/);
  assert.match(await differs.locator('.ln').innerText(), /line 5, line 9/);
});

test('the ranges are drawn as an accessible SVG with the overlap marked', async () => {
  const panel = await openWithPaste(PASTE);
  const svg = panel.locator('svg#subids-svg-subuid');
  await svg.waitFor();
  assert.equal(await svg.getAttribute('role'), 'img');
  assert.match(await svg.locator('title').first().textContent(), /Ranges in \/etc\/subuid/);
  assert.match(await svg.locator('desc').textContent(), /3 ranges of 3 owners/);
  const labels = await svg.locator('text.lane-label').allTextContents();
  assert.deepEqual(labels.map((l) => l.trim()), ['alice (you)', 'bob', 'carol', 'free']);
  assert.equal(await svg.locator('.lane.you').count(), 1);
  // The shared IDs 150000-165535, in alice's lane and in bob's.
  assert.equal(await svg.locator('rect.overlap').count(), 2);
  assert.equal(await svg.locator('rect.range.you').count(), 1);
  // Inline only: nothing the SVG would fetch.
  assert.equal(await svg.locator('image, use, a').count(), 0);
});

test('a free range is turned into the usermod command for the user', async () => {
  const panel = await openWithPaste(PASTE);
  const cmd = await panel.locator('.subid-free code.cmd').innerText();
  assert.equal(cmd, 'sudo usermod --add-subuids 232072-297607 --add-subgids 232072-297607 alice');
});

test('a user name that fails validation is left to the reader\'s shell', async () => {
  // `1abc` is what id printed, but a login name starts with a letter or _.
  const panel = await openWithPaste('$ id\nuid=1000(1abc) gid=1000(1abc)\n$ cat /etc/subuid\nbob:100000:65536\n');
  assert.equal(await panel.locator('li.check[data-key="subids-check-user-missing"]').count(), 1);
  assert.match(await panel.locator('.subid-free code.cmd').innerText(), /--add-subuids 165536-231071 --add-subgids 165536-231071 "\$\(id -un\)"$/);
});

test('the calculator maps container UIDs to host UIDs and back', async () => {
  const panel = await openWithPaste(PASTE);
  const page = app.page;
  const hostOut = page.locator('#subids-calc-host-out');
  const containerOut = page.locator('#subids-calc-container-out');
  assert.equal(await page.locator('#subids-calc-mode').inputValue(), 'rootless');
  assert.equal(await page.locator('#subids-calc-owner').inputValue(), 'alice');
  await page.locator('#subids-calc-container').fill('0');
  assert.equal((await hostOut.innerText()).trim(), '1000');
  await page.locator('#subids-calc-container').fill('1');
  assert.equal((await hostOut.innerText()).trim(), '100000');
  await page.locator('#subids-calc-container').fill('65536');
  assert.equal((await hostOut.innerText()).trim(), '165535');
  await page.locator('#subids-calc-container').fill('65537');
  assert.match(await hostOut.innerText(), /not mapped/);
  await page.locator('#subids-calc-host').fill('100000');
  assert.equal((await containerOut.innerText()).trim(), '1');
  await page.locator('#subids-calc-host').fill('1000');
  assert.equal((await containerOut.innerText()).trim(), '0');
  // userns-remap: container 0 is the start of the range.
  await page.locator('#subids-calc-mode').selectOption('userns-remap');
  await page.locator('#subids-calc-container').fill('0');
  assert.equal((await hostOut.innerText()).trim(), '100000');
  await page.locator('#subids-calc-host').fill('100000');
  assert.equal((await containerOut.innerText()).trim(), '0');
  assert.match(await panel.locator('.subid-calc .rule').innerText(), /container UID k \(0 to 65535\) is 100000 \+ k/);
  assert.deepEqual(app.errors, []);
});

test('no panel without subordinate ID lines; malformed lines are told by number; markup stays text', async () => {
  await app.open();
  await app.pasteFresh('cannot expose privileged port 80');
  assert.equal(await app.page.locator('section.subids').count(), 0);
  const panel = await openWithPaste('<img src=x onerror="window.__pwned=1">\n$ cat /etc/subuid\nalice:100000:65536\nbob:165536\n');
  const malformed = panel.locator('li.check[data-key="subids-check-malformed"]');
  assert.equal(await malformed.count(), 1);
  assert.match(await malformed.locator('.ln').innerText(), /line 4/);
  assert.equal(await app.page.locator('main img').count(), 0);
  assert.equal(await app.page.evaluate(() => window.__pwned), undefined);
});
