/** Where the PDF printer looks for Chromium, and the error when there is none (apart from pdf.ts, which loads playwright-core). */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

export class ChromiumMissingError extends Error {
  constructor(path: string) {
    super(
      `no Chromium at ${path}: PDF reports are printed by a locally installed Chromium (Debian/Ubuntu: apt-get install chromium), ` +
        'named with --chromium <path> or CHROMIUM_PATH; Warden never downloads a browser. Use --format html for a self-contained report instead.',
    );
  }
}

