/**
 * PDF through the system's Chromium, driven by playwright-core: the report's own HTML printed as is, so the PDF
 * and the HTML never differ. Nothing is downloaded: without a Chromium at the given path this fails with what is
 * missing.
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** The team's standard headless flags; the page loads nothing, and the browser is kept off the network too. */
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export class ChromiumMissingError extends Error {
  constructor(path: string) {
    super(
      `no Chromium at ${path}: PDF reports are printed by a locally installed Chromium (Debian/Ubuntu: apt-get install chromium), ` +
        'named with --chromium <path> or CHROMIUM_PATH; Warden never downloads a browser. Use --format html for a self-contained report instead.',
    );
  }
}

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
