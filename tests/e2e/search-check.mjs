// Searches a built site from file:// in Chromium and prints what the reader sees, as JSON:
// the status line and the results' titles and links.
//
// Usage: node tests/e2e/search-check.mjs SITE_DIR QUERY

import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const [site, query] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  const url = pathToFileURL(join(resolve(site), 'search/index.html')).href;
  // Type the query as a reader would, then submit the form.
  await page.goto(url, { waitUntil: 'load' });
  await page.fill('#search-input', query);
  await page.click('button[type=submit]');
  const typed = await page.evaluate(() => ({
    status: document.getElementById('search-status').textContent,
    results: [...document.querySelectorAll('#search-results a')].map((a) => ({ title: a.textContent, href: a.href })),
  }));
  // And arriving with the query in the address, as the form does without JavaScript.
  await page.goto(`${url}?q=${encodeURIComponent(query)}`, { waitUntil: 'load' });
  const linked = await page.evaluate(() => document.getElementById('search-status').textContent);
  process.stdout.write(JSON.stringify({ ...typed, linked, errors }));
} finally {
  await browser.close();
}
