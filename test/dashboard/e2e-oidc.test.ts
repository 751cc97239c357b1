/**
 * The OIDC sign-in in real Chromium: the dashboard's button, the local provider's sign-in page (on localhost, another
 * site than the gateway on 127.0.0.1), the redirect back, and the signed-in page; a forged callback state and an
 * expired ID token end on the sign-in page with their message and no session.
 */
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, launchChromium } from '../../scripts/dashboard/browser.js';
import type { TestGateway } from '../gateway/helpers/gateway.js';
import { freePort } from '../helpers/redis.js';
import { startDashboardGateway } from './helpers.js';
import { startTestProvider, type TestProvider } from './oidc-provider.js';

const hasChromium = existsSync(CHROMIUM_PATH);
if (!hasChromium && process.env.CI === 'true') throw new Error(`CI=true but no Chromium at ${CHROMIUM_PATH}`);
if (!hasChromium) process.stderr.write(`skipping dashboard OIDC browser test: no Chromium at ${CHROMIUM_PATH} (set CHROMIUM_PATH)\n`);

describe.skipIf(!hasChromium)('dashboard OIDC sign-in in Chromium', () => {
  let gw: TestGateway;
  let idp: TestProvider;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const port = await freePort();
    const redirect = `http://127.0.0.1:${port}/dashboard/oidc/callback`;
    idp = await startTestProvider({ clientId: 'warden-dashboard', redirectUri: redirect });
    gw = await startDashboardGateway({ port, dashboard: { oidc: { issuer: idp.issuer, client_id: 'warden-dashboard', redirect_url: redirect } } });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 850 } });
  });
  afterAll(async () => {
    await browser?.close();
    await gw?.close();
    await idp?.close();
  });

  const signInAs = async (user: string) => {
    await page.goto(`${gw.url}/dashboard/`);
    await page.click('a.sso');
    await page.waitForURL(`${idp.issuer}/authorize?**`);
    await page.click(`button[value=${user}]`);
  };

  it('signs in through the provider and lands on the dashboard as the tenant operator', async () => {
    await signInAs('acme');
    await page.waitForSelector('nav[aria-label=Pages]');
    expect(page.url()).toBe(`${gw.url}/dashboard/`);
    expect(await page.locator('header .who').textContent()).toContain('ops@acme.test');
    expect(await page.locator('header .who').textContent()).toContain('tenant acme');
    const cookies = await page.context().cookies(`${gw.url}/dashboard/oidc/callback`);
    expect(cookies.find((c) => c.name === 'warden_dashboard')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(cookies.find((c) => c.name === 'warden_oidc')).toBeUndefined();
    await page.click('button:has-text("Sign out")');
    await page.waitForSelector('a.sso');
  });

  it('refuses a forged callback state and an expired ID token, with their message and no session', async () => {
    await page.goto(`${gw.url}/dashboard/oidc/callback?code=stolen&state=${'A'.repeat(43)}`);
    await expect.poll(() => page.locator('[role=alert]').textContent()).toContain('wrong or expired state');
    expect(await page.locator('nav[aria-label=Pages]').count()).toBe(0);

    idp.next = { expiresIn: -120 };
    await signInAs('admin');
    await page.waitForURL(`${gw.url}/dashboard/?signin_error=oidc_token`);
    await expect.poll(() => page.locator('[role=alert]').textContent()).toContain('failed verification');
    expect(await page.locator('nav[aria-label=Pages]').count()).toBe(0);
    expect((await page.context().cookies(`${gw.url}/dashboard/`)).find((c) => c.name === 'warden_dashboard' && c.value !== '')).toBeUndefined();
  });
});
