// Accessibility: axe-core finds nothing on any page, in any language, in the
// light and the dark theme and at 320 px; the keyboard reaches everything and
// shows where it is; a missing translation is English, marked as such.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { LANGS, axe, launch, routePackWithout } from './app.mjs';

const BUNDLE = await readFile(new URL('./fixtures/bundle-two-problems.txt', import.meta.url), 'utf8');
const PORT = await readFile(new URL('../../content/kb/privileged-port/samples/fires-docker-run-27.txt', import.meta.url), 'utf8');
// alice overlaps bob and carol's range is short: the subordinate-ID panel shows, with checks.
const SUBIDS = `$ id
uid=1000(alice) gid=1000(alice)
$ cat /etc/subuid
alice:100000:65536
bob:150000:65536
carol:231072:1000
`;
const ROUTES = ['#/', '#/kb', '#/kb/privileged-port', '#/kb/subuid-overlap', '#/kb/cgroup-controllers-not-delegated', '#/guide',
  '#/guide/overview', '#/guide/how-it-works', '#/search', '#/embed', '#/cli'];

let app;
before(async () => { app = await launch(); });
after(async () => {
  assert.deepEqual(app.errors, []);
  await app.close();
});

const report = (where, violations) => `${where}:\n${violations.map((v) => `  ${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 5).join('\n    ')}`).join('\n')}`;

async function assertNoViolations(where, options, page = app.page) {
  const violations = await axe(page, options);
  assert.equal(violations.length, 0, report(where, violations));
}

/** What each route shows once it is there. */
function shown(hash) {
  const [, page, id] = hash.match(/^#\/([a-z]*)\/?([a-z0-9-]*)/);
  if (id) return `article[data-id="${id}"]`;
  return { '': '.diagnose', kb: '.kb-index', guide: '.guide-index', search: 'section.search', embed: '.embed-info', cli: '.cli-info' }[page];
}

/** Goes to a route of the already open app (a hash change, no reload) and waits for it. */
async function visit(hash) {
  await app.page.evaluate((h) => { location.hash = h; }, hash);
  await app.page.locator(`main ${shown(hash)}`).waitFor();
  if (hash === '#/search') {
    await app.page.locator('#search').fill('port');
    await app.page.locator('.hits li').first().waitFor();
  }
}

async function clearPaste() {
  const clear = app.page.locator('.paste-actions button');
  if (await clear.isEnabled()) await clear.click();
  await app.page.locator('.result .empty').waitFor();
}

/** The diagnosis with everything open that can be: findings, the share panel,
 *  the subordinate-ID panel, the collector, and a refused value. */
async function openFullDiagnosis() {
  await visit('#/');
  if (await app.page.locator('#paste').inputValue() !== BUNDLE + SUBIDS) await app.paste(BUNDLE + SUBIDS);
  await app.page.locator('section.subids').waitFor();
  await app.page.locator('.findings article.finding').first().waitFor();
  for (const d of ['details.share', 'details.collector']) {
    if (!(await app.page.locator(d).evaluate((e) => e.open))) await app.page.locator(`${d} > summary`).click();
  }
}

for (const scheme of ['light', 'dark']) {
  test(`every route has no axe violations in any language (${scheme} theme)`, async () => {
    await app.page.emulateMedia({ colorScheme: scheme });
    await app.open('#/');
    await clearPaste();
    for (const lang of LANGS) {
      await app.setLanguage(lang);
      for (const hash of ROUTES) {
        await visit(hash);
        await assertNoViolations(`${scheme} ${lang} ${hash}`);
      }
    }
    await app.setLanguage('en');
  });

  test(`the diagnosis, share panel, subordinate-ID panel and lines view have no axe violations (${scheme} theme)`, async () => {
    await app.page.emulateMedia({ colorScheme: scheme });
    await app.open('#/');
    await openFullDiagnosis();
    await app.page.locator('#value-user').fill('not a user;');
    await app.page.locator('#value-user-err').waitFor();
    for (const lang of LANGS) {
      await app.setLanguage(lang);
      await app.page.waitForFunction((l) => document.querySelector('article.finding h3')?.getAttribute('lang') === l, lang);
      await assertNoViolations(`${scheme} ${lang} findings`);
      await app.page.getByRole('tab').nth(1).click();
      await app.page.locator('ol.lines').waitFor();
      await assertNoViolations(`${scheme} ${lang} lines view`);
      await app.page.getByRole('tab').nth(0).click();
    }
    await app.page.locator('#value-user').fill('');
    await app.setLanguage('en');
  });
}

test('embed mode has no axe violations but the missing h1, which the host page has', async () => {
  await app.page.emulateMedia({ colorScheme: 'light' });
  try {
    for (const hash of ['#/kb/privileged-port?embed=1&lang=ja', '#/?embed=1&lang=ko']) {
      // The embed flag is read at start-up: load the page afresh.
      await app.page.goto('about:blank');
      await app.page.goto(app.url + hash);
      await app.page.locator('body.embed main > *').first().waitFor();
      await assertNoViolations(`embed ${hash}`, { disable: ['page-has-heading-one'] });
    }
  } finally {
    await app.page.goto('about:blank');
    await app.open('#/?lang=en');
  }
});

test('at 320 px wide no page scrolls sideways, and axe still finds nothing', async () => {
  await app.page.setViewportSize({ width: 320, height: 640 });
  try {
    await app.open('#/');
    for (const scheme of ['light', 'dark']) {
      await app.page.emulateMedia({ colorScheme: scheme });
      for (const lang of ['en', 'ja']) {
        await app.setLanguage(lang);
        await clearPaste();
        for (const hash of [...ROUTES, 'findings']) {
          if (hash === 'findings') await openFullDiagnosis(); else await visit(hash);
          const [scroll, client] = await app.page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
          assert.ok(scroll <= client, `${scheme} ${lang} ${hash}: the page is ${scroll} px wide in a ${client} px window`);
          await assertNoViolations(`320 px ${scheme} ${lang} ${hash}`);
        }
      }
    }
  } finally {
    await app.page.setViewportSize({ width: 1280, height: 720 });
    await app.page.emulateMedia({ colorScheme: 'light' });
    await app.setLanguage('en');
  }
});

test('Tab reaches every control of the diagnosis, and each shows a focus ring', async () => {
  await app.open('#/');
  await app.paste(PORT + SUBIDS);
  await app.page.locator('section.subids').waitFor();
  await app.page.locator('details.share > summary').click();
  const page = app.page;
  // Everything that should be reachable: visible, enabled, in the tab order
  // (of a radio group, Tab reaches the checked button; arrows move within it).
  const expected = await page.evaluate(() => {
    const sel = 'a[href], button:not([disabled]), input:not([type="radio"]:not(:checked)), select, textarea, summary, [tabindex]:not([tabindex="-1"])';
    const all = [...document.querySelectorAll(sel)].filter((e) => e.checkVisibility() && e.tabIndex >= 0);
    all.forEach((e, i) => { e.dataset.tabCheck = String(i); });
    return all.length;
  });
  assert.ok(expected > 30, `only ${expected} controls`);
  // Round the whole page once: from wherever Tab starts until it comes back.
  const seen = new Set();
  const unringed = [];
  let first = null;
  for (let i = 0; i < 2 * expected + 10; i++) {
    await page.keyboard.press('Tab');
    const focus = await page.evaluate(() => {
      const e = document.activeElement;
      if (!e || e === document.body) return null;
      const s = getComputedStyle(e);
      const ring = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
      return { key: e.dataset.tabCheck ?? null, ring, what: `${e.tagName.toLowerCase()}#${e.id}.${e.className} ${e.textContent.slice(0, 30)}` };
    });
    if (!focus) continue;
    if (focus.key !== null && focus.key === first) break;
    first ??= focus.key;
    if (focus.key !== null) seen.add(focus.key);
    if (!focus.ring) unringed.push(focus.what);
  }
  assert.deepEqual(unringed, [], 'focused without a visible focus ring');
  const missed = await page.evaluate((seen) => [...document.querySelectorAll('[data-tab-check]')]
    .filter((e) => !seen.includes(e.dataset.tabCheck)).map((e) => `${e.tagName.toLowerCase()}#${e.id}.${e.className} ${e.textContent.slice(0, 30)}`), [...seen]);
  assert.deepEqual(missed, [], 'never reached with Tab');
});

test('the keyboard alone switches the language, opens an evidence line and follows a link to another cause', async () => {
  const page = app.page;
  await app.open('#/');
  await app.paste(PORT);
  await app.finding('privileged-port').waitFor();
  await page.locator('#lang').focus();
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction(() => document.documentElement.lang === 'ko');
  await app.setLanguage('en');
  // An evidence line: Enter shows the numbered paste with that line focused.
  await app.finding('privileged-port').locator('.evidence button.ln').first().focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'L7');
  await page.getByRole('tab').first().click();
  // "Also consider" links go to the other finding, not back to the top of the page.
  await app.paste('[rootlesskit:parent] error: failed to start the child: fork/exec /proc/self/exe: operation not permitted\n');
  await app.finding('userns-clone-disabled').waitFor();
  const link = app.finding('apparmor-userns-restricted').locator('.decide a[href="#finding-userns-clone-disabled"]');
  await link.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => {
    const top = document.getElementById('finding-userns-clone-disabled').getBoundingClientRect().top;
    return top > -5 && top < innerHeight && scrollY > 0;
  });
  await app.open('#/');
});

test('one h1, one main, a banner and a footer on every route, and the page language follows the choice', async () => {
  await app.open('#/');
  for (const lang of LANGS) {
    await app.setLanguage(lang);
    for (const hash of ROUTES) {
      await visit(hash);
      const shape = await app.page.evaluate(() => ({
        lang: document.documentElement.lang,
        h1: document.querySelectorAll('h1').length,
        main: document.querySelectorAll('main').length,
        banner: document.querySelectorAll('body > header').length,
        footer: document.querySelectorAll('body > footer').length,
      }));
      assert.deepEqual(shape, { lang, h1: 1, main: 1, banner: 1, footer: 1 }, `${lang} ${hash}`);
    }
  }
  // Each language's name in the switcher is marked with its own language.
  assert.deepEqual(await app.page.locator('#lang option').evaluateAll((os) => os.map((o) => o.lang)), LANGS);
  // A link may name the language: a fresh load of `?lang=zh` is in Chinese.
  await app.page.goto('about:blank');
  await app.open('#/kb?lang=zh');
  await app.page.waitForFunction(() => document.documentElement.lang === 'zh');
  await app.setLanguage('en');
});

test('a missing translation is shown in English, marked as such and tagged lang="en"', async () => {
  // The Korean text of one entry and one guide page is missing from the build.
  const page = await app.page.context().newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  try {
    await routePackWithout(page, 'ko', ['kb/privileged-port', 'guide/overview']);
    const fallback = async (where) => {
      const note = page.locator(`${where} .fallback`);
      await note.waitFor();
      assert.match(await note.innerText(), /[가-힣]/, 'the note is in the reader\'s language');
      assert.equal(await note.evaluate((e) => e.closest('[lang]').lang), 'ko');
    };
    const english = (locator) => locator.evaluate((e) => e.closest('[lang]').lang);

    await page.goto(`${app.url}#/kb/privileged-port?lang=ko`);
    const entry = page.locator('article.kb-entry');
    await entry.waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'ko');
    assert.match(await entry.locator('header h2').innerText(), /port below 1024/);
    await fallback('article.kb-entry');
    assert.equal(await english(entry.locator('header h2')), 'en');
    assert.equal(await english(entry.locator('.summary')), 'en');
    assert.equal(await english(entry.locator('.fix p').first()), 'en');
    assert.equal(await entry.locator('.fix pre button.copy').first().getAttribute('lang'), 'ko');
    // The other entries are still in Korean, with no note.
    await page.evaluate(() => { location.hash = '#/kb/subuid-overlap'; });
    await page.locator('article.kb-entry[data-id="subuid-overlap"]').waitFor();
    assert.equal(await page.locator('article.kb-entry .fallback').count(), 0);
    assert.equal(await english(page.locator('article.kb-entry header h2')), 'ko');

    await page.evaluate(() => { location.hash = '#/guide/overview'; });
    await page.locator('article.guide-page[data-id="overview"]').waitFor();
    await fallback('article.guide-page');
    assert.equal(await english(page.locator('article.guide-page h2')), 'en');
    assert.equal(await english(page.locator('.guide-body p').first()), 'en');

    await page.evaluate(() => { location.hash = '#/'; });
    await page.locator('#paste').fill(PORT);
    const card = page.locator('article.finding[data-id="privileged-port"]');
    await card.waitFor();
    await fallback('article.finding[data-id="privileged-port"]');
    assert.equal(await english(card.locator('h3')), 'en');
    assert.equal(await english(card.locator('.fix p').first()), 'en');
    assert.equal(await english(card.locator('.evidence h4')), 'ko');

    // And the fallback passes axe like everything else.
    await assertNoViolations('ko with privileged-port in English', {}, page);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});
