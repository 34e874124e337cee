// Team extensions: the example folder, packed by the CLI, dropped beside the
// built site; a hostile bundle refused; the CLI agreeing with the page.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { axe, launch, openSingleFile } from './app.mjs';

const ROOT = new URL('../../', import.meta.url).pathname;
const EXAMPLE = join(ROOT, 'examples/team-extension');
const read = (p) => readFile(join(ROOT, p), 'utf8');
const TEAM_SAMPLE = await read('examples/team-extension/kb/corp-registry-ca-missing/samples/fires-pull.txt');
const QUOTA_SAMPLE = await read('examples/team-extension/kb/corp-home-quota-exceeded/samples/fires-journal.txt');
const NOTE_SAMPLE = await read('content/kb/registry-pull-timeout/samples/fires-opensuse-dns.txt');
const SHIPPED_SAMPLE = await read('content/kb/privileged-port/samples/fires-compose-443.txt');

/** The CLI, built by cargo (already compiled by the native test stage). */
function cli(args, input) {
  return execFileSync('cargo', ['run', '-q', '--locked', '-p', 'cli', '--', ...args], { cwd: ROOT, input, encoding: 'utf8' });
}

let dir;
let bundle;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rd-team-'));
  cli(['kb', 'pack', EXAMPLE, '-o', join(dir, 'extensions.json')]);
  bundle = await readFile(join(dir, 'extensions.json'), 'utf8');
});

test('a team entry fires on its sample, marked as the team\'s, with the support link', async () => {
  const app = await launch({ overlay: { 'extensions.json': bundle } });
  try {
    await app.open();
    assert.match(await app.page.locator('.team-banner').innerText(), /Example Corp build platform/);
    await app.paste(TEAM_SAMPLE);
    const card = app.finding('corp-registry-ca-missing');
    await card.waitFor();
    assert.equal(await card.locator('.badge.team').innerText(), 'Team entry');
    assert.match(await card.locator('pre').first().innerText(), /certs\.d\/registry\.corp\.example\/ca\.crt/);
    const support = card.locator('.support a');
    assert.equal(await support.getAttribute('href'), 'https://help.corp.example/new?queue=build-hosts');
    assert.equal(await support.innerText(), 'Ask Example Corp build platform for help');
    await app.page.goto(app.url + '#/kb');
    assert.equal(await app.page.locator('.kb-index li:has(a[href="#/kb/corp-home-quota-exceeded"]) .badge.team').count(), 1);
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

test('a large paste goes to the diagnosis worker, which has the team\'s entries and notes too', async () => {
  const app = await launch({ overlay: { 'extensions.json': bundle } });
  try {
    await app.open();
    // Over the size diagnosed on the main thread (src/worker.rs, INLINE_BYTES).
    await app.pasteInPage(([a, b]) => 'Nov 22 10:00:00 devbox systemd[1]: Started Session 4 of User alice.\n'.repeat(20000) + a + b, [TEAM_SAMPLE, NOTE_SAMPLE]);
    await app.page.locator('.result .busy').waitFor();
    const team = app.finding('corp-registry-ca-missing');
    await team.waitFor({ timeout: 60000 });
    assert.equal(await team.locator('.badge.team').innerText(), 'Team entry');
    await app.finding('registry-pull-timeout').locator('.team-note').waitFor();
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

test('the team note appears under a shipped finding, in the reader\'s language', async () => {
  const app = await launch({ overlay: { 'extensions.json': bundle } });
  try {
    await app.open();
    await app.paste(NOTE_SAMPLE);
    const card = app.finding('registry-pull-timeout');
    await card.waitFor();
    assert.equal(await card.locator('.badge.team').count(), 0, 'a shipped entry is not marked as the team\'s');
    const note = card.locator('.team-note');
    assert.match(await note.locator('h4').innerText(), /Note from Example Corp build platform/);
    assert.match(await note.innerText(), /proxy\.corp\.example:3128/);
    await app.setLanguage('ja');
    assert.match(await card.locator('.team-note h4').innerText(), /からのメモ/);
    assert.match(await app.page.locator('.team-banner').innerText(), /ビルドホスト/);
    for (const scheme of ['light', 'dark']) {
      await app.page.emulateMedia({ colorScheme: scheme });
      assert.deepEqual((await axe(app.page)).map((v) => v.id), [], `axe, ${scheme} theme, with the team's note and banner`);
    }
  } finally {
    await app.close();
  }
});

test('the CLI with --extensions gives the page\'s answers', async () => {
  const app = await launch({ overlay: { 'extensions.json': bundle } });
  try {
    await app.open();
    for (const paste of [TEAM_SAMPLE, QUOTA_SAMPLE, NOTE_SAMPLE, SHIPPED_SAMPLE]) {
      const json = JSON.parse(cli(['diagnose', '--extensions', join(dir, 'extensions.json'), '--format', 'json'], paste));
      const ids = json.findings.map((f) => f.id);
      assert.ok(ids.length > 0);
      await app.paste(paste);
      await app.finding(ids[0]).waitFor();
      assert.deepEqual(await app.findingIds(), ids);
    }
  } finally {
    await app.close();
  }
});

test('a hostile or broken bundle is reported and ignored', async () => {
  const hostile = JSON.stringify({
    format: 'rootless-doctor-extensions/1',
    files: {
      'team.toml': 'name = "Evil <img src=x onerror=alert(1)>"\nsupport = "javascript:alert(1)"',
      'kb/corp-evil/entry.toml': 'id = "corp-evil"\nseverity = "error"\ncategory = "network"\n[[lines]]\nregex = "cannot expose privileged port"\n',
      'kb/corp-evil/en.md': '+++\ntitle = "<script>alert(1)</script>"\nsummary = "<img src=x onerror=alert(2)>"\n+++\n## What happened\n<script>alert(3)</script>',
      'kb/privileged-port/entry.toml': 'id = "privileged-port"\nseverity = "info"\ncategory = "network"\n[[lines]\n',
    },
  });
  for (const body of [hostile, '{"format": "rootless-doctor-extensions/1", "files": {"team.toml": ', '[1,2,3]']) {
    const app = await launch({ overlay: { 'extensions.json': body } });
    let dialogs = 0;
    app.page.on('dialog', (d) => { dialogs += 1; d.dismiss(); });
    try {
      await app.open();
      const report = app.page.locator('.extensions-rejected');
      await report.waitFor();
      assert.ok(await report.locator('li').count() >= 1);
      assert.equal(await app.page.locator('.team-banner').count(), 0);
      await app.paste(SHIPPED_SAMPLE);
      assert.deepEqual(await app.findingIds(), ['privileged-port']);
      assert.equal(await app.finding('privileged-port').locator('.badge.error').count(), 1, 'the shipped entry is not replaced');
      assert.equal(await app.page.locator('main img, main script, .support').count(), 0);
      assert.equal(dialogs, 0);
      assert.deepEqual((await axe(app.page)).map((v) => v.id), [], 'axe, with the refusal shown');
      assert.deepEqual(app.errors, []);
    } finally {
      await app.close();
    }
  }
});

test('the team\'s default language applies until the reader picks one', async () => {
  const korean = bundle.replace('lang = \\"en\\"', 'lang = \\"ko\\"');
  assert.notEqual(korean, bundle);
  const app = await launch({ overlay: { 'extensions.json': korean } });
  try {
    await app.open();
    await app.page.waitForFunction(() => document.documentElement.lang === 'ko');
    await app.setLanguage('zh');
    await app.open();
    await app.page.waitForFunction(() => document.documentElement.lang === 'zh');
  } finally {
    await app.close();
  }
});

test('the single-file page carries a bundle packed into it and works from file://', async () => {
  const { page, errors, close } = await openSingleFile(async (file) => cli(['kb', 'pack', EXAMPLE, '--inline', file]));
  try {
    await page.locator('header.header').waitFor();
    assert.match(await page.locator('.team-banner').innerText(), /Example Corp/);
    await page.locator('#paste').fill(QUOTA_SAMPLE);
    await page.locator('article.finding[data-id="corp-home-quota-exceeded"]').waitFor();
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
