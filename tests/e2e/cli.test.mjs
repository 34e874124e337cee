// The command-line tool on the served site: #/cli and the collector panel
// hand out the static binaries from the page's own server (built by
// scripts/build-cli.sh, copied into dist/cli/ by scripts/post-build.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { arch, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DIST, launch, openSingleFile } from './app.mjs';

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const HERE = { x64: 'x86_64', arm64: 'aarch64' }[arch()];
const PREFIX = '/tools/rootless-doctor/';

test('dist/cli/ holds both binaries and their sums', async () => {
  for (const a of ['x86_64', 'aarch64']) {
    const name = `rootless-doctor-${a}-linux`;
    const found = await stat(join(DIST, 'cli', name)).catch(() => null);
    assert.ok(found, `no ${name} in ${DIST}cli/: run scripts/build-cli.sh before trunk build --release`);
    const sum = await readFile(join(DIST, 'cli', `${name}.sha256`), 'utf8');
    assert.match(sum, new RegExp(`^[0-9a-f]{64}  ${name}\\n$`));
  }
});

test('#/cli: the binary downloaded through the page\'s link matches its SHA-256 file', async () => {
  const app = await launch({ prefix: PREFIX });
  try {
    await app.open('#/cli');
    const download = async (link) => {
      const [d] = await Promise.all([app.page.waitForEvent('download'), link.click()]);
      assert.equal(await d.failure(), null);
      return { name: d.suggestedFilename(), bytes: await readFile(await d.path()) };
    };
    for (const a of ['x86_64', 'aarch64']) {
      const name = `rootless-doctor-${a}-linux`;
      const bin = await download(app.page.locator(`.cli-files a[href="cli/${name}"]`));
      const sum = await download(app.page.locator(`.cli-files a[href="cli/${name}.sha256"]`));
      assert.equal(bin.name, name);
      assert.ok(bin.bytes.length > 1_000_000, `${name}: ${bin.bytes.length} bytes`);
      const [hex, file] = sum.bytes.toString('utf8').trim().split(/\s+/);
      assert.equal(file, name);
      assert.equal(sha256(bin.bytes), hex, `${name} does not match ${name}.sha256`);
      // An ELF file, for the machine it names.
      assert.equal(bin.bytes.subarray(0, 4).toString('latin1'), '\x7fELF');
      assert.equal(bin.bytes.readUInt16LE(18), { x86_64: 62, aarch64: 183 }[a]);
    }
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

test('#/cli: the one line points at this page\'s own server and sub-path, for the chosen architecture', async () => {
  const app = await launch({ prefix: PREFIX });
  try {
    await app.open('#/cli');
    const command = app.page.locator('.cli-info .cli-command');
    const url = `${app.url}cli/rootless-doctor-x86_64-linux`;
    assert.equal(await command.textContent(),
      `curl -fsSL -O ${url} -O ${url}.sha256 && sha256sum -c rootless-doctor-x86_64-linux.sha256 && chmod +x rootless-doctor-x86_64-linux && ./rootless-doctor-x86_64-linux check`);
    assert.ok(app.url.includes(PREFIX));
    await app.page.getByRole('radio', { name: 'aarch64' }).check();
    assert.match(await command.textContent(), new RegExp(`-O ${app.url}cli/rootless-doctor-aarch64-linux .*&& \\./rootless-doctor-aarch64-linux check$`));
    // The page names the knowledge base's date and the releases it was checked against.
    assert.match(await app.page.locator('.cli-info').textContent(), /Docker Engine \d+\.\d+ and RootlessKit \d+\.\d+/);
  } finally {
    await app.close();
  }
});

test('the one line, copied from the page, downloads, checks and runs the tool', { skip: !HERE && 'no binary for this machine' }, async () => {
  const app = await launch({ prefix: PREFIX });
  try {
    await app.open('#/cli');
    await app.page.getByRole('radio', { name: HERE }).check();
    const line = await app.page.locator('.cli-info .cli-command').textContent();
    const dir = await mkdtemp(join(tmpdir(), 'rd-cli-'));
    const { stdout, stderr } = await promisify(execFile)('bash', ['-c', line], { cwd: dir, timeout: 120_000 });
    assert.match(stdout, new RegExp(`rootless-doctor-${HERE}-linux: OK`));
    assert.match(stderr, /Collected \d+ lines/);
  } finally {
    await app.close();
  }
});

test('the collector panel offers the same line', async () => {
  const app = await launch({ prefix: PREFIX });
  try {
    await app.open('#/cli');
    const onPage = await app.page.locator('.cli-info .cli-command').textContent();
    await app.open('#/');
    await app.page.locator('details.collector summary').click();
    assert.equal(await app.page.locator('.collector .cli-command').textContent(), onPage);
    await app.page.locator('.collector a[href="#/cli"]').click();
    await app.page.locator('.cli-info').waitFor();
  } finally {
    await app.close();
  }
});

test('the single-file copy says it does not carry the binaries', async () => {
  const single = await openSingleFile();
  try {
    await single.page.goto(`file://${single.file}#/cli`);
    await single.page.locator('.cli-info .cli-missing').waitFor();
    assert.equal(await single.page.locator('.cli-command').count(), 0);
    assert.equal(await single.page.locator('.cli-files').count(), 0);
    assert.deepEqual(single.errors, []);
  } finally {
    await single.close();
  }
});
