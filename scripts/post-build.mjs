// Trunk post_build hook (sees TRUNK_STAGING_DIR):
// 1. adds a Content-Security-Policy that allows nothing external: Trunk's
//    one inline loader is allowed by its hash, everything else must be 'self';
// 2. copies the diagnosis worker (static/worker.js) under a content-hashed
//    name, like Trunk's own files, and names it in a <meta> for the page;
//    renames the diagnosis module Trunk built (crates/diag, a worker-type
//    link, which Trunk leaves unhashed) to content-hashed names, given in
//    <meta name="rootless-doctor-diag" content="<glue> <wasm>"> (src/diag.rs);
// 3. writes rootless-doctor.html, one self-contained file (CSS, JS glue and
//    wasm of both modules inlined) that works when opened from file://;
// 4. writes the content packs: `cargo xtask packs` checks content/ (the same
//    loader and tidy rules as `cargo test`) and splits it into JSON packs
//    (engine::pack: core, ui-<lang>, <lang>); each goes under content/ with a
//    content-hashed name, named in <meta name="rootless-doctor-content">, and
//    inline in rootless-doctor.html (src/content.rs reads either);
// 5. copies the static command-line binaries and their SHA-256 sums, which
//    scripts/build-cli.sh writes to target/cli/, into cli/ (the #/cli page
//    links them). Downloads, not part of the page's load. Without them the
//    site builds all the same, and this says so.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('TRUNK_STAGING_DIR is not set: run this as a Trunk hook');
const indexPath = join(dir, 'index.html');
let html = await readFile(indexPath, 'utf8');

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = resolve(root, process.env.CARGO_TARGET_DIR ?? 'target');

const packDir = join(target, 'packs');
execFileSync('cargo', ['run', '--quiet', '--locked', '-p', 'xtask', '--', 'packs', packDir], { cwd: root, stdio: 'inherit' });
const packs = [];
await mkdir(join(dir, 'content'), { recursive: true });
for (const file of (await readdir(packDir)).filter((n) => n.endsWith('.json')).sort()) {
  const text = await readFile(join(packDir, file));
  const name = file.slice(0, -'.json'.length);
  const hashed = `content/${name}-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.json`;
  await writeFile(join(dir, hashed), text);
  packs.push({ name, hashed, text: text.toString('utf8') });
}
const packMeta = packs.map((p) => `${p.name}=./${p.hashed}`).join(' ');
html = html.replace(/<meta charset="utf-8">/i, (m) => `${m}\n    <meta name="rootless-doctor-content" content="${packMeta}">`);

const worker = await readFile(join(root, 'static', 'worker.js'));
const workerName = `worker-${createHash('sha256').update(worker).digest('hex').slice(0, 16)}.js`;
await writeFile(join(dir, workerName), worker);
html = html.replace(/<meta charset="utf-8">/i, (m) => `${m}\n    <meta name="rootless-doctor-worker" content="./${workerName}">`);

const hashedName = (bytes, stem, ext) => `${stem}-${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}${ext}`;
const diagJs = await readFile(join(dir, 'rootless-doctor-diag.js'));
const diagWasm = await readFile(join(dir, 'rootless-doctor-diag_bg.wasm'));
const diagJsName = hashedName(diagJs, 'rootless-doctor-diag', '.js');
const diagWasmName = hashedName(diagWasm, 'rootless-doctor-diag', '_bg.wasm');
await rename(join(dir, 'rootless-doctor-diag.js'), join(dir, diagJsName));
await rename(join(dir, 'rootless-doctor-diag_bg.wasm'), join(dir, diagWasmName));
html = html.replace(/<meta charset="utf-8">/i, (m) => `${m}\n    <meta name="rootless-doctor-diag" content="./${diagJsName} ./${diagWasmName}">`);

const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
const hashes = inline.map((s) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`);
const csp = [
  "default-src 'none'",
  `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`.trim(),
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');
html = html.replace(/<meta charset="utf-8">/i, (m) => `${m}\n    <meta http-equiv="Content-Security-Policy" content="${csp}">`);
await writeFile(indexPath, html);

// The single file: the files Trunk linked, inlined.
const jsName = html.match(/href="\.\/([^"]+\.js)"/)?.[1] ?? html.match(/from '\.\/([^']+\.js)'/)?.[1];
const wasmName = html.match(/href="\.\/([^"]+_bg\.wasm)"/)?.[1] ?? html.match(/'\.\/([^']+_bg\.wasm)'/)?.[1];
const cssNames = [...html.matchAll(/<link rel="stylesheet" href="\.\/([^"]+\.css)"/g)].map((m) => m[1]);
if (!jsName || !wasmName) throw new Error('could not find the JS glue and wasm in index.html');
const js = await readFile(join(dir, jsName));
const wasm = await readFile(join(dir, wasmName));
const css = (await Promise.all(cssNames.map((n) => readFile(join(dir, n), 'utf8')))).join('\n');
const head = html.slice(0, html.indexOf('</head>'))
  .replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\n?\s*/, '')
  // From file:// the page diagnoses on its own thread (src/worker.rs).
  .replace(/<meta name="rootless-doctor-worker"[^>]*>\n?\s*/, '')
  // ... and reads the content packs from the page itself,
  .replace(/<meta name="rootless-doctor-content"[^>]*>\n?\s*/, '')
  // ... and the diagnosis module too (the boot script below loads it).
  .replace(/<meta name="rootless-doctor-diag"[^>]*>\n?\s*/, '')
  .replace(/<link rel="(?:modulepreload|preload|stylesheet)"[^>]*>\s*/g, '')
  .replace(/<script[\s\S]*?<\/script>\s*/g, '');
// The page loads the diagnosis module after its first render (src/diag.rs)
// through rootlessDoctorDiag, here from the copies inline.
const boot = `
globalThis.rootlessDoctorDiag = async () => {
  const exports = await import('data:text/javascript;base64,${diagJs.toString('base64')}');
  const module = await WebAssembly.compile(Uint8Array.from(atob(document.getElementById('rd-diag-wasm').textContent.trim()), (c) => c.charCodeAt(0)));
  await exports.default({ module_or_path: module });
  return { exports, glue: 'data:', module };
};
const bytes = Uint8Array.from(atob(document.getElementById('rd-wasm').textContent.trim()), (c) => c.charCodeAt(0));
const glue = await import('data:text/javascript;base64,${js.toString('base64')}');
await glue.default({ module_or_path: bytes });
`;
const single = `${head}
    <style>${css}</style>
${packs.map((p) => `    <script type="application/json" id="rootless-doctor-pack-${p.name}">${p.text}</script>`).join('\n')}
    <script type="application/octet-stream" id="rd-wasm">${wasm.toString('base64')}</script>
    <script type="application/octet-stream" id="rd-diag-wasm">${diagWasm.toString('base64')}</script>
    <script type="module">${boot}</script>
  </head>
  <body></body>
</html>
`;
await writeFile(join(dir, 'rootless-doctor.html'), single);
console.log(`post-build: ${packs.length} content packs; CSP with ${hashes.length} inline script hash(es); rootless-doctor.html ${(single.length / 1024).toFixed(0)} KiB`);

const cliDir = join(target, 'cli');
const cliFiles = (await readdir(cliDir).catch(() => [])).filter((n) => /^rootless-doctor-[a-z0-9_]+-linux(\.sha256)?$/.test(n));
if (cliFiles.length > 0) {
  await mkdir(join(dir, 'cli'), { recursive: true });
  await Promise.all(cliFiles.map((n) => copyFile(join(cliDir, n), join(dir, 'cli', n))));
  console.log(`post-build: cli/ ${cliFiles.join(', ')}`);
} else {
  console.log(`post-build: no command-line binaries in ${cliDir} (scripts/build-cli.sh builds them); #/cli's links will not work`);
}
