// Opens every page of a built site from file:// in Debian's Chromium (driven by playwright-core,
// which never downloads a browser of its own) and reports, as JSON on stdout:
//   - console errors, uncaught exceptions and failed requests;
//   - links, images and stylesheets that lead to a missing file, a folder, or a missing #id;
//   - axe-core violations of the WCAG 2.0, 2.1 and 2.2 A and AA rules, at desktop and phone width,
//     and pages wider than the window (WCAG 1.4.10, reflow);
//   - for the pages named with --print, a PDF printed by Chromium and the text it should hold.
//
// Usage: node tests/e2e/browser-check.mjs SITE_DIR [--print page.html,...] [--pdf-dir DIR]
//
// The Rust test (tests/e2e.rs) runs this and asserts on the JSON, so the assertions live with
// the other tests and failures are reported as Rust test failures.

import { readFileSync, existsSync, statSync, readdirSync, mkdirSync } from 'node:fs';
import { join, resolve, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];
const WIDTHS = [1280, 390];

function parseArgs(argv) {
  const args = { site: null, print: [], pdfDir: null };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--print') args.print = argv[++i].split(',').filter(Boolean);
    else if (argv[i] === '--pdf-dir') args.pdfDir = argv[++i];
    else args.site = argv[i];
  }
  if (!args.site) throw new Error('usage: browser-check.mjs SITE_DIR [--print a.html,b.html] [--pdf-dir DIR]');
  return args;
}

function htmlFiles(dir, root = dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...htmlFiles(full, root));
    else if (entry.name.endsWith('.html')) out.push(relative(root, full).split(sep).join('/'));
  }
  return out.sort();
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const site = resolve(args.site);
  const pages = htmlFiles(site);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const report = { pages: [], prints: [] };
  const idsByFile = new Map();
  const fragmentChecks = [];
  try {
    const context = await browser.newContext({ viewport: { width: WIDTHS[0], height: 900 } });
    const page = await context.newPage();
    // What the page itself does while it loads is recorded; what axe does afterwards is not
    // (on file:// axe's own requests for stylesheets are refused, which says nothing of the site).
    let current = null;
    let loading = false;
    page.on('console', (msg) => { if (loading && msg.type() === 'error') current.consoleErrors.push(msg.text()); });
    page.on('pageerror', (error) => { if (loading) current.consoleErrors.push(String(error)); });
    page.on('requestfailed', (request) => {
      if (loading) current.failedRequests.push(`${request.url()} (${request.failure()?.errorText ?? 'failed'})`);
    });

    for (const name of pages) {
      current = { page: name, consoleErrors: [], failedRequests: [], brokenLinks: [], axe: [], reflow: [] };
      const file = join(site, name);
      await page.setViewportSize({ width: WIDTHS[0], height: 900 });
      loading = true;
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      loading = false;

      const found = await page.evaluate(() => ({
        ids: [...document.querySelectorAll('[id]')].map((e) => e.id),
        links: [
          ...[...document.querySelectorAll('a[href], link[href]')].map((e) => e.href),
          ...[...document.querySelectorAll('[src]')].map((e) => e.src),
        ],
      }));
      idsByFile.set(file, new Set(found.ids));
      for (const link of found.links) {
        const url = new URL(link);
        if (url.protocol !== 'file:') continue;
        const target = fileURLToPath(url);
        if (!existsSync(target)) current.brokenLinks.push(`${link}: no such file`);
        else if (statSync(target).isDirectory()) current.brokenLinks.push(`${link}: a folder (it does not open from a shared drive)`);
        else if (url.hash) fragmentChecks.push({ report: current, link, target, id: decodeURIComponent(url.hash.slice(1)) });
      }

      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 900 });
        // WCAG 1.4.10: the page reflows to the window; only parts such as tables may scroll.
        const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth);
        if (pageWidth > width) current.reflow.push(`${pageWidth}px wide in a ${width}px window`);
        await page.addScriptTag({ content: axeSource });
        const result = await page.evaluate(async (tags) => await window.axe.run(document, { runOnly: { type: 'tag', values: tags } }), WCAG_TAGS);
        for (const v of result.violations) {
          current.axe.push({ width, id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) });
        }
      }
      report.pages.push(current);
    }
    current = null;

    for (const check of fragmentChecks) {
      const ids = idsByFile.get(check.target);
      if (ids && !ids.has(check.id)) check.report.brokenLinks.push(`${check.link}: no element with id "${check.id}"`);
    }

    if (args.print.length) {
      const pdfDir = resolve(args.pdfDir ?? join(site, '..', 'pdf'));
      mkdirSync(pdfDir, { recursive: true });
      for (const name of args.print) {
        await page.goto(pathToFileURL(join(site, name)).href, { waitUntil: 'load' });
        // What a reader should find on paper: everything the main content shows on screen,
        // without text that is only there for screen readers (visually hidden, never printed).
        const expected = await page.evaluate(() => {
          const main = document.querySelector('main') ?? document.body;
          // Folded-away parts (a chart's data table) must print: count them in.
          const closed = [...main.querySelectorAll('details:not([open])')];
          closed.forEach((d) => { d.open = true; });
          // Text only for screen readers, and what the theme marks as for the screen alone
          // (a link to download the PDF of the page), is not expected on paper.
          const hidden = [...main.querySelectorAll('*')].filter((e) => {
            const r = e.getBoundingClientRect();
            const tiny = r.width <= 1 && r.height <= 1 && (e.innerText ?? e.textContent ?? '').trim() !== '';
            return tiny || e.classList.contains('screen-only');
          });
          const saved = hidden.map((e) => e.style.display);
          hidden.forEach((e) => { e.style.display = 'none'; });
          const text = main.innerText;
          hidden.forEach((e, i) => { e.style.display = saved[i]; });
          closed.forEach((d) => { d.open = false; });
          return { title: document.querySelector('h1')?.innerText ?? '', text };
        });
        const pdf = join(pdfDir, name.replaceAll('/', '__').replace(/\.html$/, '.pdf'));
        await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
        report.prints.push({ page: name, pdf, title: expected.title, text: expected.text });
      }
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(report, null, 1));
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
