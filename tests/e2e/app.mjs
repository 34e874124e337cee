// Page object for the end-to-end suite: launches Debian's chromium through
// playwright-core (never a downloaded browser) against the built site.
import { chromium } from 'playwright-core';
import { serve } from './server.mjs';

export const DIST = process.env.DIST ?? new URL('../../dist/', import.meta.url).pathname;
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

export async function launch({ prefix = '/', locale = 'en-US', overlay = {} } = {}) {
  const server = await serve(DIST, prefix, overlay);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args: FLAGS });
  const context = await browser.newContext({ locale });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const app = new App(page, server.url);
  app.errors = errors;
  app.close = async () => { await browser.close(); await server.close(); };
  return app;
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
}
