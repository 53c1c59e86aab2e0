// Opens a page that `auditpress serve` serves, breaks its Markdown file and fixes it again, and
// prints as JSON what the reader saw: the overlay's text while the build was broken, whether the
// overlay went away once it was fixed, and the page's text after the reload.
//
// Usage: node tests/e2e/serve-check.mjs URL FILE BROKEN_TEXT

import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const [url, file, broken] = process.argv.slice(2);
const original = readFileSync(file, 'utf8');
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url, { waitUntil: 'load' });
  const overlay = '#auditpress-build-problems';
  const before = await page.locator(overlay).count();

  writeFileSync(file, broken);
  await page.waitForSelector(overlay, { state: 'visible', timeout: 30000 });
  const shown = await page.locator(overlay).innerText();
  const role = await page.locator(overlay).getAttribute('role');

  // Fixed, with a new sentence: the page reloads without the overlay, showing the sentence.
  const fixed = original.replace(/\n---\n/, '\n---\n\nFixed while the page was open.\n');
  const reloaded = page.waitForEvent('load', { timeout: 30000 });
  writeFileSync(file, fixed);
  await reloaded;
  await page.waitForSelector('text=Fixed while the page was open.', { timeout: 30000 });
  const after = await page.locator(overlay).count();
  process.stdout.write(JSON.stringify({ before, shown, role, after, errors }));
} finally {
  writeFileSync(file, original);
  await browser.close();
}
