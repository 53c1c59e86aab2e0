// Screenshots of a built site's key pages, to look at after every visible change:
// full-page PNGs at desktop (1280px) and phone (390px) width, the page printed to PDF by
// Chromium, and each printed sheet as a PNG (pdftoppm).
//
// Usage: npm run screenshots -- [SITE_DIR] [OUT_DIR] [page.html ...]
//        (defaults: site, target/screenshots, and a page of each kind)

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const [siteArg = 'site', outArg = 'target/screenshots', ...named] = process.argv.slice(2);
const site = resolve(siteArg);
const out = resolve(outArg);
mkdirSync(out, { recursive: true });

function firstPage(dir) {
  const full = join(site, dir);
  if (!existsSync(full)) return [];
  const sub = readdirSync(full, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  return sub.length ? [`${dir}/${sub[0]}/index.html`] : [];
}

const pages = named.length ? named : [
  'index.html',
  'authorities/index.html',
  ...firstPage('authorities'),
  ...firstPage('authorities').flatMap((p) => firstPage(p.replace('/index.html', '/audits'))),
  ...firstPage('lessons'),
  'audits/index.html',
].filter((p) => existsSync(join(site, p)));

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  for (const name of pages) {
    const stem = name.replace(/\/index\.html$/, '').replace(/\.html$/, '').replaceAll('/', '__') || 'home';
    await page.goto(pathToFileURL(join(site, name)).href, { waitUntil: 'load' });
    for (const [label, width] of [['desktop', 1280], ['phone', 390]]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: join(out, `${stem}-${label}.png`), fullPage: true });
    }
    const pdf = join(out, `${stem}-print.pdf`);
    await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
    execFileSync('pdftoppm', ['-r', '60', '-png', pdf, join(out, `${stem}-print`)]);
    console.log(`${name}: ${stem}-desktop.png, ${stem}-phone.png, ${stem}-print-*.png`);
  }
} finally {
  await browser.close();
}
console.log(`written to ${out}`);
