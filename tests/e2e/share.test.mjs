import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from './app.mjs';

const PASTE = `alice@web01:~$ docker run -d -p 80:80 --name web nginx
docker: Error response from daemon: driver failed programming external connectivity on endpoint web (3f2a9c1b7d4e5f60): Error starting userland proxy: error while calling PortManager.AddPort(): cannot expose privileged port 80, you can add 'net.ipv4.ip_unprivileged_port_start=80' to /etc/sysctl.conf (currently 1024), or set CAP_NET_BIND_SERVICE on rootlesskit binary, or choose a larger port number (>= 1024): listen tcp4 0.0.0.0:80: bind: permission denied.
alice@web01:~$ ip -4 addr show eth0 | grep inet
    inet 192.168.10.23/24 brd 192.168.10.255 scope global eth0
alice@web01:~$ cat /etc/subuid
alice:100000:65536
`;

test('a redacted permalink opened in a fresh browser profile gives the same findings', async () => {
  const first = await launch();
  let link, ids;
  try {
    await first.open();
    await first.paste(PASTE);
    await first.finding('privileged-port').waitFor();
    ids = await first.findingIds();
    await first.page.locator('details.share summary').click();
    const preview = await first.page.locator('.share-preview').innerText();
    for (const secret of ['alice', 'web01', '192.168.10.23', '3f2a9c1b7d4e5f60']) assert.ok(!preview.includes(secret), `${secret} in ${preview}`);
    assert.match(preview, /<user>@<host>/);
    // Each kind can be turned off, and the preview shows it.
    await first.page.locator('input[data-kind="redact-ips"]').uncheck();
    assert.match(await first.page.locator('.share-preview').innerText(), /192\.168\.10\.23/);
    await first.page.locator('input[data-kind="redact-ips"]').check();
    link = await first.page.locator('#share-link').inputValue();
    assert.match(link, /#\/\?lang=en&paste=[A-Za-z0-9_-]+$/);
    assert.ok(!link.includes('?paste') || link.indexOf('#') < link.indexOf('paste'), 'the paste is in the fragment');
  } finally {
    await first.close();
  }
  const second = await launch();
  try {
    // The second server has another port: keep the fragment, change the base.
    await second.page.goto(second.url + link.slice(link.indexOf('#')));
    await second.finding('privileged-port').waitFor();
    assert.deepEqual(await second.findingIds(), ids);
    const pasted = await second.page.locator('#paste').inputValue();
    assert.ok(!pasted.includes('alice') && pasted.includes('cannot expose privileged port 80'));
  } finally {
    await second.close();
  }
});

test('embed mode fits an iframe and tells the page that framed it its height', async () => {
  const app = await launch();
  try {
    const frame = await app.openFramed('#/kb/privileged-port?embed=1&lang=ja');
    await app.page.waitForFunction(() => parseInt(document.getElementById('f').style.height, 10) > 400);
    await frame.locator('article.kb-entry').waitFor();
    assert.equal(await frame.locator('header.header').isVisible(), false);
    assert.match(await frame.locator('article.kb-entry > header h2').innerText(), /ポート/);
  } finally {
    await app.close();
  }
});

test('embed mode posts no height to an origin other than the one named', async () => {
  const app = await launch();
  try {
    const frame = await app.openFramed('#/kb/privileged-port?embed=1&embed-origin=https%3A%2F%2Fwiki.example');
    await frame.locator('article.kb-entry').waitFor();
    await app.page.waitForTimeout(1500);
    assert.equal(await app.page.evaluate(() => window.heights), 0);
    assert.equal(await app.page.locator('#f').evaluate((f) => f.style.height), '150px');
  } finally {
    await app.close();
  }
});

test("an embedded page never shows the paste saved in the reader's browser", async () => {
  const app = await launch();
  try {
    await app.open();
    await app.paste(PASTE);
    await app.finding('privileged-port').waitFor();
    await app.page.waitForFunction(() => localStorage.getItem('rootless-doctor.paste') !== null);
    const frame = await app.openFramed('#/?embed=1');
    await frame.locator('#paste').waitFor();
    await app.page.waitForFunction(() => parseInt(document.getElementById('f').style.height, 10) > 150);
    assert.equal(await frame.locator('#paste').inputValue(), '');
    assert.equal(await frame.locator('article.finding').count(), 0);
  } finally {
    await app.close();
  }
});

test('the embed page offers a snippet for this host', async () => {
  const app = await launch();
  try {
    await app.open('#/embed');
    const snippet = await app.page.locator('#embed-snippet').innerText();
    assert.ok(snippet.includes(`src="${app.url}#/?embed=1&lang=en"`), snippet);
    assert.match(snippet, /rootless-doctor:height/);
  } finally {
    await app.close();
  }
});
