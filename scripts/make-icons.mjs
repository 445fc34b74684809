// Draws the app's PNG icons (www/icon-192.png, www/icon-512.png) from www/icon.svg with the test browser,
// so the manifest's bitmaps always match the vector icon. Run by hand after changing icon.svg:
// `node scripts/make-icons.mjs`; the PNGs are committed.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const WWW = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'www');
const svg = fs.readFileSync(path.join(WWW, 'icon.svg'), 'utf8');

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  for (const size of [192, 512]) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    const img = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
    await page.setContent(`<style>html,body{margin:0;background:transparent}</style><img src="${img}" width="${size}" height="${size}">`);
    await page.waitForFunction(() => document.images[0].complete);
    fs.writeFileSync(path.join(WWW, `icon-${size}.png`), await page.screenshot({ omitBackground: true }));
    await page.close();
  }
} finally {
  await browser.close();
}
