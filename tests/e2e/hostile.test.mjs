// Hostile pastes: whatever is pasted (or typed as "your values") stays text,
// never becomes markup, a link or part of a command, and the page keeps
// working, up to a paste far over the 20 MB cap.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { launch, permalink } from './app.mjs';

const PORT_ERROR = "docker: Error response from daemon: driver failed programming external connectivity on endpoint web: Error starting userland proxy: error while calling PortManager.AddPort(): cannot expose privileged port 80, you can add 'net.ipv4.ip_unprivileged_port_start=80' to /etc/sysctl.conf (currently 1024), or set CAP_NET_BIND_SERVICE on rootlesskit binary, or choose a larger port number (>= 1024): listen tcp4 0.0.0.0:80: bind: permission denied.";
const RUN = await readFile(new URL('../../content/kb/privileged-port/samples/fires-docker-run-27.txt', import.meta.url), 'utf8');

// Markup in every place a paste reaches the page: the prompt's user and host,
// docker info's context, driver, kernel, OS, host name and root dir, an error
// message, a path in a journal line, a /etc/subuid owner, an id group.
const MARKUP = `alice@web01:~$ docker info
Client: Docker Engine - Community
 Version:    27.3.1
 Context:    <script id="pwn-context">window.__pwned = 'context'</script>
 Debug Mode: false

Server:
 Containers: 1
 Server Version: 27.3.1
 Storage Driver: overlay2<img id="pwn-driver" src=x onerror="window.__pwned='driver'">
 Cgroup Driver: systemd
 Cgroup Version: 2
 Security Options:
  apparmor
  seccomp
   Profile: builtin
  cgroupns
 Kernel Version: 6.8.0-45-generic<svg id="pwn-kernel" onload="alert('kernel')"></svg>
 Operating System: Ubuntu <b id="pwn-os" onclick="alert(1)">24.04</b>
 Name: <a id="pwn-host" href="javascript:alert('host')">nas</a>
 Docker Root Dir: /var/lib/docker/<iframe id="pwn-root" src="javascript:alert('root')"></iframe>
 Debug Mode: false

alice@<b id="pwn-prompt">web01</b>:~$ docker run -p 80:80 nginx
${PORT_ERROR.replace('cannot expose', '<img id="pwn-error" src=x onerror="alert(\'error\')"> <script>alert("error")</script> cannot expose')}
Feb 11 15:39:47 dev01 systemd[2817]: docker.service: Failed to locate executable /home/alice/<svg/id=pwn-unit/onload=alert('unit')>/dockerd-rootless.sh: No such file or directory
$ id
uid=1000(alice) gid=1000(alice) groups=1000(alice),27(<script>alert('group')</script>)
$ cat /etc/subuid
alice:100000:65536
<img id=pwn-subuid src=x onerror=alert(1)>:165536:65536
`;

// Markdown and link syntax, which the page must not interpret either.
const MARKDOWN = `See [the fix](javascript:alert('md')) or <javascript:alert('autolink')> and ![logo](https://example.com/pwn.png).
**bold** _em_ [ref]: javascript:alert('ref') <a href="javascript:alert('a')">a</a> [x](data:text/html,<script>alert(1)</script>)
${PORT_ERROR}
`;

// Values with shell metacharacters, each with a mark no command may ever show.
const SHELL = ['$(touch /tmp/PWNED1)', '`touch PWNED2`', 'alice;touch PWNED3', 'alice&&touch PWNED4', 'alice|touch PWNED5',
  "alice' PWNED6", 'alice" PWNED7', 'alice>PWNED8', 'alice\\nPWNED9', '${IFS}PWNED10', 'alice PWNED11', '-PWNED12', '../PWNED13'];
// Look-alikes (Cyrillic a, full-width letters and digits), bidi overrides and invisible characters.
const UNICODE = ['аlice', 'ａｌｉｃｅ', '８０', 'alice\u202Etxt.exe', 'al\u200Bice', 'alice\u2066x\u2069', 'ali\u00ADce', 'alice\uFEFF', 'a\u0301lice'];
// A journal line and a docker info that put such values where commands take them from.
const VALUES_PASTE = `alice@web01:~$ docker info
Server:
 Server Version: 27.3.1
 Security Options:
  seccomp
   Profile: builtin
 Docker Root Dir: /var/lib/docker$(touch /tmp/PWNED20)\u202E
alice@web01:~$ systemctl --user status docker
Feb 11 15:39:47 dev01 systemd[2817]: docker.service: Failed to locate executable /home/alice/\`touch${'${IFS}'}PWNED21\`;аlice/dockerd-rootless.sh: No such file or directory
${PORT_ERROR}
$ id
uid=1000(alice) gid=1000(alice)
$ cat /etc/subuid
bob:100000:65536
`;

let app;
before(async () => { app = await launch(); });
after(async () => { await app.close(); });
afterEach(() => {
  const [dialogs, errors] = [app.dialogs.splice(0), app.errors.splice(0)];
  assert.deepEqual(dialogs, [], 'a dialog opened');
  assert.deepEqual(errors, []);
});

/** The text of every command and inline code the page shows with filled-in values. */
const commands = () => app.page.locator('main .fix code, main .decide code, main .subid-free code').allInnerTexts();

async function assertNothingInjected(where) {
  assert.deepEqual(await app.injected(), [], `${where}: markup from the paste was rendered`);
}

/** The diagnosis of `text` with every part open: share panel, lines view. */
async function showEverything(where) {
  await assertNothingInjected(`${where}, findings`);
  await app.page.locator('details.share > summary').click();
  await app.page.locator('.share-preview').waitFor();
  await assertNothingInjected(`${where}, share panel`);
  await app.page.getByRole('tab').nth(1).click();
  await app.page.locator('ol.lines').waitFor();
  await assertNothingInjected(`${where}, lines view`);
  await app.page.getByRole('tab').nth(0).click();
  await app.page.locator('details.share > summary').click();
}

test('markup in user and host names, paths and error text is shown as text, never rendered', async () => {
  await app.open();
  await app.pasteFresh(MARKUP);
  await app.finding('privileged-port').waitFor();
  await app.page.locator('section.subids').waitFor();
  await showEverything('pasted');
  // What was read is shown as the very text that was pasted.
  const facts = await app.page.locator('section.facts dl').innerText();
  for (const text of ['<script id="pwn-context">', 'overlay2<img id="pwn-driver"', '<svg id="pwn-kernel" onload=', '<b id="pwn-os" onclick=', '/var/lib/docker/<iframe id="pwn-root"']) {
    assert.ok(facts.includes(text), `${text} is not in the facts:\n${facts}`);
  }
  assert.match(await app.finding('privileged-port').locator('.evidence code').first().innerText(), /<img id="pwn-error" src=x onerror=/);
  // The same paste through a permalink, which skips the text box.
  await app.page.goto('about:blank');
  await app.open(permalink(MARKUP));
  await app.finding('privileged-port').waitFor();
  await showEverything('permalink');
});

test('Markdown and link syntax in a paste or a typed value never becomes a link or an image', async () => {
  await app.open();
  await app.pasteFresh(MARKDOWN);
  const card = app.finding('privileged-port');
  await card.waitFor();
  await showEverything('pasted Markdown');
  assert.match(await card.locator('.evidence code').first().innerText(), /privileged port 80/);
  const links = () => app.page.locator('main a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  const before = await links();
  for (const value of ["80](javascript:alert('v'))", '[x](javascript:alert(1))', '<img src=x onerror=alert(1)>', '<javascript:alert(1)>', '80 <b>bold</b>']) {
    await app.page.locator('#value-port').fill(value);
    await app.page.locator('#value-port-err').waitFor();
    await assertNothingInjected(`typed ${value}`);
    assert.deepEqual(await links(), before, `typed ${value}`);
    assert.match(await card.locator('.fix').innerText(), /ip_unprivileged_port_start=80(?![0-9])/);
  }
  assert.ok(before.every((h) => /^(#|https?:|mailto:)/.test(h)), before.join('\n'));
  await app.page.locator('#value-port').fill('');
});

test('shell metacharacters in a pasted or typed value never reach a command', async () => {
  await app.open();
  await app.pasteFresh(VALUES_PASTE);
  await app.finding('privileged-port').waitFor();
  await app.finding('systemd-unit-broken').waitFor();
  const shown = (await commands()).join('\n');
  assert.doesNotMatch(shown, /PWNED/);
  // The values that failed their validator leave the neutral placeholder.
  assert.match(shown, /<path>/);
  const inputs = await app.page.locator('.values input').evaluateAll((is) => is.map((i) => i.id));
  assert.ok(inputs.includes('value-user') && inputs.includes('value-port'), inputs.join());
  for (const id of inputs) {
    for (const value of SHELL) {
      await app.page.locator(`#${id}`).fill(value);
      await app.page.locator(`#${id}-err`).waitFor();
      const text = (await commands()).join('\n');
      assert.doesNotMatch(text, /PWNED/, `${id} = ${value}`);
    }
    await app.page.locator(`#${id}`).fill('');
  }
  // A value that passes is used, so the check above is not vacuous.
  await app.page.locator('#value-user').fill('carol');
  await app.page.waitForFunction(() => [...document.querySelectorAll('main .fix code')].some((c) => c.textContent.includes('carol')));
  await app.page.locator('#value-user').fill('');
});

test('look-alike letters, bidi overrides and invisible characters never reach a command', async () => {
  await app.open();
  await app.pasteFresh(VALUES_PASTE);
  await app.finding('systemd-unit-broken').waitFor();
  const check = async (where) => {
    for (const c of await commands()) {
      const ascii = c.replace(/<[a-z_]+>/g, '');
      // Entry text may be translated, but a command shown in English is plain ASCII.
      assert.doesNotMatch(ascii, /[\u0400-\u04ff\uff00-\uffef\u200b-\u200f\u202a-\u202e\u2066-\u2069\u00ad\ufeff\u0300-\u036f]/u, `${where}: ${c}`);
    }
  };
  await check('pasted');
  for (const id of ['value-user', 'value-port', 'value-path']) {
    if (await app.page.locator(`#${id}`).count() === 0) continue;
    for (const value of UNICODE) {
      await app.page.locator(`#${id}`).fill(value);
      await app.page.locator(`#${id}-err`).waitFor();
      await check(`${id} = ${JSON.stringify(value)}`);
    }
    await app.page.locator(`#${id}`).fill('');
  }
  // The pasted bidi override is there to see, as a marker that cannot turn
  // the line around, in the facts and the evidence.
  const facts = await app.page.locator('section.facts dl').innerText();
  assert.ok(facts.includes('\u27E8U+202E\u27E9') && !facts.includes('\u202E'), facts);
  for (const evidence of await app.page.locator('main .evidence').allInnerTexts()) {
    assert.doesNotMatch(evidence, /[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/u);
  }
});

test('a very long line is diagnosed and the page stays usable', async () => {
  await app.open();
  const started = Date.now();
  await app.pasteInPage((error) => `${'x'.repeat(1 << 20)} ${error} ${'y'.repeat(1 << 20)}\n`, PORT_ERROR);
  await app.finding('privileged-port').waitFor({ timeout: 60_000 });
  assert.match(await app.finding('privileged-port').locator('.evidence mark').innerText(), /cannot expose privileged port 80/);
  await app.setLanguage('ja');
  await app.page.waitForFunction(() => document.querySelector('article.finding h3')?.getAttribute('lang') === 'ja');
  await app.setLanguage('en');
  assert.ok(Date.now() - started < 60_000, `${Date.now() - started} ms`);
});

test('CR LF line ends, NUL bytes and ANSI colours read like plain lines', async () => {
  const plain = RUN;
  await app.open();
  await app.pasteFresh(plain);
  await app.finding('privileged-port').waitFor();
  const expected = await app.findingIds();
  const evidence = () => app.finding('privileged-port').locator('.evidence li').evaluateAll((lis) =>
    lis.map((li) => [li.querySelector('button').textContent, li.querySelector('code').textContent]));
  const want = await evidence();
  assert.ok(want.length > 0);
  const variants = {
    crlf: plain.replace(/\n/g, '\r\n'),
    ansi: plain.replace(/cannot expose privileged port 80/, '\x1b[1;31mcannot expose privileged port 80\x1b[0m').replace(/^/gm, '\x1b[0m'),
    nul: plain.replace(/\n/g, '\0\n').replace('privileged port 80', 'privileged\0 port 80'),
  };
  for (const [name, text] of Object.entries(variants)) {
    // A file keeps its bytes (typing into the box would turn CR LF into LF).
    await app.paste('');
    await app.page.locator('.result .empty').waitFor();
    await app.dropFile(text);
    await app.finding('privileged-port').waitFor();
    assert.deepEqual(await app.findingIds(), expected, name);
    assert.deepEqual(await evidence(), want, name);
  }
  // Typed into the box, NUL bytes are read the same.
  await app.pasteFresh(variants.nul);
  assert.deepEqual(await evidence(), want, 'nul, typed');
  // The same through a permalink, which also skips the text box.
  await app.page.goto('about:blank');
  await app.open(permalink(variants.crlf.replace('\r\n', '\0\r\n')));
  await app.finding('privileged-port').waitFor();
  assert.deepEqual((await evidence()).map(([, code]) => code.includes('\r')), want.map(() => false));
});

test('a 50 MB paste is refused with a clear message, and the page stays responsive', async () => {
  const { page } = app;
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(app.url).origin });
  await app.open();
  await app.pasteFresh(RUN);
  const started = Date.now();
  // A real Ctrl+V of 50 MB (written to the clipboard in the page: sending
  // 50 MB over the DevTools connection would take longer than the page does).
  await page.evaluate((line) => navigator.clipboard.writeText(line.repeat(Math.floor((50 << 20) / line.length))), `${PORT_ERROR}\n`);
  await page.locator('#paste').focus();
  await page.keyboard.press('Control+V');
  const message = page.locator('#drop-hint.notice');
  await message.waitFor();
  assert.match(await message.innerText(), /50 MB.*20 MB/);
  // The box keeps what it had, and so does the diagnosis.
  assert.equal(await page.locator('#paste').inputValue(), RUN);
  assert.deepEqual(await app.findingIds(), ['privileged-port']);
  await app.setLanguage('ko');
  assert.match(await message.innerText(), /50 MB.*20 MB.*붙여 넣/);
  await app.setLanguage('en');
  // The next paste is taken as usual, and the message goes.
  await app.paste(PORT_ERROR.replace('port 80', 'port 443'));
  await page.locator('#drop-hint.muted').waitFor();
  await page.waitForFunction(() => document.querySelector('article.finding .fix')?.innerText.includes('ip_unprivileged_port_start=443'));
  // Text that reaches the box some other way (here set by a script) is refused the same.
  await app.pasteInPage((line) => line.repeat(Math.floor((21 << 20) / line.length)), `${PORT_ERROR}\n`);
  await message.waitFor();
  assert.match(await message.innerText(), /21 MB.*20 MB/);
  assert.match(await page.locator('#paste').inputValue(), /port 443/);
  const took = Date.now() - started;
  assert.ok(took < 20_000, `${took} ms`);
  await page.context().clearPermissions();
});
