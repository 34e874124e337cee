// A minimal static file server for the built site, on 127.0.0.1 only.
// `prefix` serves the site under a sub-path (e.g. /some/sub/path/);
// `overlay` adds or replaces files: { 'extensions.json': text }.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.sh': 'text/plain; charset=utf-8',
};

export async function serve(dir, prefix = '/', overlay = {}) {
  const root = resolve(dir);
  const server = createServer(async (req, res) => {
    try {
      let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      if (!path.startsWith(prefix)) { res.writeHead(404).end(); return; }
      path = normalize(path.slice(prefix.length));
      if (path === '.' || path === '' || path.endsWith('/')) path = join(path, 'index.html');
      if (Object.hasOwn(overlay, path)) {
        res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
        res.end(overlay[path]);
        return;
      }
      const file = join(root, path);
      if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
      await stat(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(await readFile(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}${prefix}`, close: () => new Promise((ok) => server.close(ok)) };
}
