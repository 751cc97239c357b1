import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/redteam/report/html.js';
import { renderJunit } from '../../src/redteam/report/junit.js';
import { renderSarif } from '../../src/redteam/report/sarif.js';
import { HOSTILE, sampleReport } from './fixtures.js';
import { sarifValidator } from './sarif-schema.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

describe('SARIF report', () => {
  const validate = sarifValidator();
  const sarif = renderSarif(sampleReport(), '0.1.0', (attackId, category) => ({ uri: `redteam/attacks/${category}.yaml`, line: attackId.length }));

  it('is valid SARIF 2.1.0', () => {
    expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });

  it('has one result per successful attack, located at its library entry', () => {
    const run = (sarif.runs as Array<{ results: Array<Record<string, unknown>>; tool: { driver: { rules: Array<{ id: string }> } } }>)[0];
    expect(run?.results).toHaveLength(1);
    expect(run?.results[0]).toMatchObject({ ruleId: 'pe-verbatim', level: 'error', locations: [{ physicalLocation: { artifactLocation: { uri: 'redteam/attacks/prompt-extraction.yaml' }, region: { startLine: 11 } } }] });
    expect(run?.tool.driver.rules.map((r) => r.id)).toContain('pe-verbatim');
  });

  it('the schema check fails a broken log', () => {
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
  });
});

describe.skipIf(!existsSync(CHROMIUM))('JUnit XML and HTML reports in a real parser (Chromium)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('JUnit XML parses, with one failure per successful attack and errors and skips counted', async () => {
    const page = await browser.newPage();
    const parsed = await page.evaluate((xml) => {
      const doc = new DOMParser().parseFromString(xml, 'application/xml');
      if (doc.getElementsByTagName('parsererror').length > 0) return { error: doc.documentElement.textContent };
      const root = doc.documentElement;
      return {
        root: root.tagName,
        tests: root.getAttribute('tests'),
        failures: root.getAttribute('failures'),
        errors: root.getAttribute('errors'),
        skipped: root.getAttribute('skipped'),
        suites: doc.getElementsByTagName('testsuite').length,
        cases: doc.getElementsByTagName('testcase').length,
        failureText: doc.getElementsByTagName('failure')[0]?.textContent,
      };
    }, renderJunit(sampleReport()));
    await page.close();
    expect(parsed).toMatchObject({ root: 'testsuites', tests: '5', failures: '1', errors: '1', skipped: '1', suites: 5, cases: 5 });
    expect(parsed.failureText).toContain('<script>alert(1)</script>');
  });

  it('the HTML report escapes every text: no script runs, the hostile strings show as text', async () => {
    const page = await browser.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.setContent(renderHtml(sampleReport()));
    const found = await page.evaluate(() => ({
      scripts: document.querySelectorAll('script').length,
      svgs: document.querySelectorAll('svg').length,
      title: document.title,
      text: document.body.innerText,
    }));
    await page.close();
    expect(dialogs).toEqual([]);
    expect(found.scripts).toBe(0);
    expect(found.svgs).toBe(2);
    expect(found.title).toContain('<script>');
    expect(found.text).toContain(HOSTILE.slice(0, 30));
  });
});
