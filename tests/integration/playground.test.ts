import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { Browser, chromium } from 'playwright-core';
import { GraphExecutor } from '../../src/graph/executor';
import { RunningServer } from '../../src/server/app';
import { ROOT, graphWithCambodia, startTestServer } from './helpers';

/** Debian's Chromium, which .ci/run installs (`apt-get install chromium`). */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = path.join(ROOT, 'test-results', 'screenshots');

describe('the playground in a real browser', () => {
  let executor: GraphExecutor;
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium is not at ${CHROMIUM}: install it (apt-get install chromium) or set CHROMIUM_PATH`,
      );
    }
    executor = await graphWithCambodia();
    server = await startTestServer(executor);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      // This machine has no network beyond loopback: keep Chromium from trying. Playwright
      // gives it a fresh, empty profile.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await executor?.close();
  });

  it('opens with the example operations, runs the demining question and shows "United States"', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const external: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(server.url)) external.push(request.url());
    });
    await page.goto(`${server.url}/`);
    // One tab per example operation; the first is the demining question.
    await page.locator('.graphiql-tab').first().waitFor({ timeout: 30_000 });
    expect(await page.locator('.graphiql-tab').count()).toBeGreaterThanOrEqual(8);
    await page.locator('.graphiql-tab', { hasText: 'WhoFundsDemining' }).first().click();
    await page.locator('.graphiql-execute-button').click();
    const result = page.locator('.result-window');
    await result.getByText('United States').first().waitFor({ timeout: 30_000 });
    const text = await result.innerText();
    expect(text).toContain('"name": "United States"');
    expect(text).toContain('funding demining, health, and education initiatives');
    await page.screenshot({ path: path.join(ARTIFACTS, 'playground-demining.png') });
    expect(external).toEqual([]);
    await page.close();
  });
});
