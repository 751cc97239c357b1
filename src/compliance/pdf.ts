/**
 * PDF through the system's Chromium, driven by playwright-core: the report's own HTML printed as is, so the PDF
 * and the HTML never differ. Nothing is downloaded: without a Chromium at the given path this fails with what is
 * missing. Loaded only for a PDF: playwright-core takes seconds to import, which no other command should pay.
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { ChromiumMissingError } from './chromium.js';

/** The team's standard headless flags; the page loads nothing, and the browser is kept off the network too. */
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export async function renderPdf(html: string, chromiumPath: string): Promise<Buffer> {
  if (!existsSync(chromiumPath)) throw new ChromiumMissingError(chromiumPath);
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ARGS });
  try {
    const page = await browser.newPage();
    // Any request would be a resource the self-contained page must not have: refuse it.
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({ format: 'A4', printBackground: true, margin: { top: '12mm', bottom: '12mm', left: '10mm', right: '10mm' } });
  } finally {
    await browser.close();
  }
}
