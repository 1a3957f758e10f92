import path from 'node:path';
import { Browser } from 'playwright-core';
import { GraphExecutor } from '../../src/graph/executor';
import { RunningServer } from '../../src/server/app';
import { graphWithCambodia, startTestServer } from './helpers';
import { ARTIFACTS, launchChromium } from './browser';

describe('the playground in a real browser', () => {
  let executor: GraphExecutor;
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    executor = await graphWithCambodia();
    server = await startTestServer(executor);
    browser = await launchChromium();
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
