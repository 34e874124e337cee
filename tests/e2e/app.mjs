// Page object for the end-to-end suite: launches Debian's chromium through
// playwright-core (never a downloaded browser) against the built site.
import { copyFile, mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { serve } from './server.mjs';

export const DIST = process.env.DIST ?? new URL('../../dist/', import.meta.url).pathname;
export const LANGS = ['en', 'ko', 'zh', 'ja'];
const AXE = await readFile(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

export async function launch({ prefix = '/', locale = 'en-US', overlay = {} } = {}) {
  const server = await serve(DIST, prefix, overlay);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args: FLAGS });
  const context = await browser.newContext({ locale });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  // alert(), confirm(), print() and the like: none should ever open.
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(`${d.type()}: ${d.message()}`); d.dismiss().catch(() => {}); });
  const app = new App(page, server.url);
  app.errors = errors;
  app.dialogs = dialogs;
  app.close = async () => { await browser.close(); await server.close(); };
  return app;
}

/**
 * A copy of the single-file build in a fresh folder, opened from file:// in
 * its own browser. `prepare(path)` may change the copy first.
 */
export async function openSingleFile(prepare = async () => {}) {
  const file = join(await mkdtemp(join(tmpdir(), 'rd-single-')), 'rootless-doctor.html');
  await copyFile(join(DIST, 'rootless-doctor.html'), file);
  await prepare(file);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args: FLAGS });
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto('file://' + file);
  return { page, file, errors, close: () => browser.close() };
}

/** Runs in the page (pass it as a string): pastes as the clipboard does, a
 *  `paste` event carrying the text, on the paste box (or the card that stands
 *  in for a large paste); when the page lets the browser insert it, the text
 *  is inserted as the browser would, at the selection. */
export function pasteAsClipboard(text) {
  const target = document.getElementById('paste') ?? document.getElementById('paste-large');
  const clipboardData = new DataTransfer();
  clipboardData.setData('text/plain', text);
  const event = new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true });
  if (target.dispatchEvent(event) && target.tagName === 'TEXTAREA') {
    target.setRangeText(text, target.selectionStart, target.selectionEnd, 'end');
    target.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
  }
}

export class App {
  constructor(page, url) { this.page = page; this.url = url; }

  async open(hash = '') {
    await this.page.goto(this.url + hash);
    await this.page.locator('header.header').waitFor();
  }

  async paste(text) {
    await this.page.locator('#paste').fill(text);
  }

  /** Pastes into an emptied box, so what shows next is the diagnosis of `text`
   *  (not the last one's, still on screen for the debounce). */
  async pasteFresh(text) {
    await this.paste('');
    await this.page.locator('.result .empty').waitFor();
    await this.paste(text);
    await this.page.locator('.result .findings').waitFor();
  }

  /** Finding ids in display order, once the diagnosis has settled. */
  async findingIds() {
    await this.page.locator('.findings').waitFor();
    return this.page.locator('article.finding').evaluateAll((els) => els.map((e) => e.dataset.id));
  }

  finding(id) { return this.page.locator(`article.finding[data-id="${id}"]`); }

  async setLanguage(code) {
    await this.page.locator('#lang').selectOption(code);
    await this.page.waitForFunction((c) => document.documentElement.lang === c, code);
  }

  /** Puts text into the paste box in the page itself, so a large paste
   *  never crosses the DevTools connection. `make` runs in the page. */
  async pasteInPage(make, arg) {
    await this.page.evaluate(([src, arg]) => {
      const area = document.getElementById('paste');
      area.value = (0, eval)(src)(arg);
      area.dispatchEvent(new InputEvent('input', { bubbles: true }));
    }, [String(make), arg]);
  }

  /** Pastes with `pasteAsClipboard`; `make` runs in the page, so megabytes
   *  never cross DevTools. */
  async clipboardPaste(make, arg) {
    await this.page.evaluate(([paste, src, arg]) => (0, eval)(paste)((0, eval)(src)(arg)), [`(${pasteAsClipboard})`, String(make), arg]);
  }

  /** Drops text on the paste box as a file: unlike typing or pasting, the
   *  bytes arrive as they are (CR, NUL), as they do from a real file. */
  async dropFile(text) {
    await this.page.evaluate((text) => {
      const data = new DataTransfer();
      data.items.add(new File([text], 'paste.txt', { type: 'text/plain' }));
      document.getElementById('paste').dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    }, text);
  }

  async axe(options) { return axe(this.page, options); }

  /** Loads the page afresh (not a same-page change of the fragment), as a
   *  new visit does. */
  async visit(hash = '') {
    await this.page.goto('about:blank');
    await this.open(hash);
  }

  /** Opens a permalink for `text` (see `permalink`) in a fresh visit. */
  async openLink(text, lang = 'en') { await this.visit(permalink(text, lang)); }

  /** The bar a permalink's paste opens with, while the reader has not
   *  kept it or restored their own. */
  linkBar() { return this.page.locator('.link-bar'); }

  /** The paste kept in this browser for the next visit (null: none). */
  async savedPaste() {
    return this.page.evaluate(() => localStorage.getItem('rootless-doctor.paste'));
  }

  /** Call before `open`: from then on `workers()` tells how many diagnosis
   *  workers the page made and terminated, and the tasks it posted them. */
  async spyOnWorkers() {
    await this.page.addInitScript(() => {
      const seen = { made: 0, terminated: 0, tasks: [] };
      window.__workers = seen;
      const Native = window.Worker;
      window.Worker = class extends Native {
        constructor(...args) { super(...args); seen.made += 1; }
        terminate() { seen.terminated += 1; super.terminate(); }
        postMessage(message, ...rest) {
          if (message && message.id !== undefined) seen.tasks.push(message.task ?? 'diagnose');
          super.postMessage(message, ...rest);
        }
      };
    });
  }

  async workers() { return this.page.evaluate(() => window.__workers); }

  /** Shows the page inside an iframe of a page on another origin (a second
   *  server), with `hash` (which should carry embed=1). The framing page
   *  sets the frame's height from the messages it receives, and counts them
   *  in `window.heights`. Returns the frame's locator. */
  async openFramed(hash) {
    const src = this.url + hash;
    const framing = await serve(DIST, '/', { 'frame.html': `<!doctype html><html lang="en"><title>wiki</title><body style="margin:0">
      <iframe id="f" title="Rootless Doctor" src="${src}" style="width:600px;height:150px;border:0"></iframe>
      <script>window.heights = 0; addEventListener('message', (e) => {
        if (e.data && e.data.type === 'rootless-doctor:height') { window.heights += 1; document.getElementById('f').style.height = e.data.height + 'px'; }
      });</script></body></html>` });
    const close = this.close;
    this.close = async () => { await close(); await framing.close(); };
    await this.page.goto(framing.url + 'frame.html');
    return this.page.frameLocator('#f');
  }

  /** Anything in the document that pasted text could only have put there as
   *  markup: event-handler attributes, script URLs, the payloads' own marks. */
  async injected() {
    return this.page.evaluate(() => {
      const found = [];
      for (const el of document.body.querySelectorAll('*')) {
        for (const a of el.attributes) {
          if (/^on/i.test(a.name)) found.push(`${el.tagName} ${a.name}`);
          if (/^\s*(javascript|vbscript|data):/i.test(a.value) && /href|src|action/i.test(a.name)) found.push(`${el.tagName} ${a.name}=${a.value}`);
          if (/pwn/i.test(a.name) || (/^(id|class|name)$/.test(a.name) && /pwn/i.test(a.value))) found.push(`${el.tagName} ${a.name}=${a.value}`);
        }
        if (/pwn/i.test(el.tagName)) found.push(el.tagName);
      }
      for (const el of document.querySelectorAll('body iframe, body object, body embed, body img, body script, body style, body form, body base, body meta, body link')) {
        found.push(el.outerHTML.slice(0, 80));
      }
      if (window.__pwned !== undefined) found.push(`window.__pwned = ${window.__pwned}`);
      return found;
    });
  }
}

/** axe-core on a page as it is now: the violations, each rule with the
 *  nodes it failed on (every rule axe runs by default, best practices too).
 *  axe is evaluated through DevTools, which the page's Content-Security-Policy
 *  does not govern, so the CSP stays in force: page.addScriptTag would add an
 *  inline script, which the CSP refuses (no bypassCSP needed). */
export async function axe(page, { disable = [] } = {}) {
  return page.evaluate(async ([src, disable]) => {
    if (!window.axe) (0, eval)(src);
    const rules = Object.fromEntries(disable.map((id) => [id, { enabled: false }]));
    const result = await window.axe.run(document, { rules, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`) }));
  }, [AXE, disable]);
}

/** The fragment of a permalink for `text`: raw deflate and base64url, as the
 *  page's own share link makes it (src/share.rs). */
export function permalink(text, lang = 'en') {
  return `#/?lang=${lang}&paste=${deflateRawSync(Buffer.from(text, 'utf8'), { level: 9 }).toString('base64url')}`;
}

/** Serves `page` the `lang` text pack as the build packs a text that is not
 *  translated yet: for each folder in `dirs` (`kb/privileged-port`), the
 *  English file in place of the `lang` one. Call before opening the app. */
export async function routePackWithout(page, lang, dirs) {
  const files = await readdir(join(DIST, 'content'));
  const file = (name) => files.find((f) => new RegExp(`^${name}-[0-9a-f]{16}\\.json$`).test(f));
  const read = async (name) => JSON.parse(await readFile(join(DIST, 'content', file(name)), 'utf8'));
  const [pack, english] = [await read(lang), await read('en')];
  for (const dir of dirs) {
    if (!(`${dir}/${lang}.json` in pack.files)) throw new Error(`${dir}/${lang}.json is not in the ${lang} pack`);
    delete pack.files[`${dir}/${lang}.json`];
    pack.files[`${dir}/en.json`] = english.files[`${dir}/en.json`];
  }
  await page.route(`**/content/${file(lang)}`, (route) => route.fulfill({ body: JSON.stringify(pack), contentType: 'application/json' }));
}
