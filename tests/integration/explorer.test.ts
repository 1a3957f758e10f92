import path from 'node:path';
import { Browser, Page } from 'playwright-core';
import { GraphExecutor } from '../../src/graph/executor';
import { RunningServer } from '../../src/server/app';
import { freePort, graphWithCambodia, startTestServer, testConfig } from './helpers';
import { ARTIFACTS, launchChromium } from './browser';

const DEMINING = 'cambodia-foreign-relations:usa-funds-demining-in-khm';
const QUOTE = 'funding demining, health, and education initiatives';

/** A page that records what a user would not want: requests elsewhere, script errors, CSP. */
interface Watched {
  page: Page;
  external: string[];
  problems: string[];
}

describe('the graph explorer in a real browser', () => {
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

  async function open(url: string, base = server.url): Promise<Watched> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const watched: Watched = { page, external: [], problems: [] };
    page.on('request', (request) => {
      if (!request.url().startsWith(base)) watched.external.push(request.url());
    });
    page.on('pageerror', (error) => watched.problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') watched.problems.push(`console: ${message.text()}`);
    });
    await page.goto(`${base}${url}`);
    return watched;
  }

  /** The labels of the entities drawn (not hidden by a filter) on the canvas. */
  function drawnLabels(page: Page): Promise<string[]> {
    return page.evaluate(() => {
      const cy = (globalThis as any).explorerGraph;
      return cy
        .nodes()
        .filter((node: any) => node.visible())
        .map((node: any) => node.data('label'))
        .sort();
    });
  }

  /** Where an element is drawn, in page coordinates (undefined while it is not drawn). */
  async function whereDrawn(page: Page, id: string): Promise<{ x: number; y: number } | undefined> {
    const box = await page.locator('#graph-canvas').boundingBox();
    const at = await page.evaluate((wanted) => {
      const cy = (globalThis as any).explorerGraph;
      const element = cy.getElementById(wanted);
      if (element.empty() || !element.visible()) return undefined;
      return element.isNode() ? element.renderedPosition() : element.renderedMidpoint();
    }, id);
    if (!box || !at) return undefined;
    return { x: box.x + at.x, y: box.y + at.y };
  }

  /** Waits until the page's title, which names the focus, starts with `prefix`. */
  async function waitForTitle(page: Page, prefix: string): Promise<void> {
    await page.waitForFunction(
      (wanted) => (globalThis as any).document.title.startsWith(wanted),
      prefix,
      { timeout: 30_000 },
    );
  }

  async function waitUntilDrawn(page: Page, id: string): Promise<{ x: number; y: number }> {
    await page.waitForFunction(
      (wanted) => {
        const cy = (globalThis as any).explorerGraph;
        return cy && cy.getElementById(wanted).nonempty() && cy.getElementById(wanted).visible();
      },
      id,
      { timeout: 30_000 },
    );
    const at = await whereDrawn(page, id);
    if (!at) throw new Error(`${id} is not drawn`);
    return at;
  }

  it('serves the page and every asset it names from this server, under a strict CSP', async () => {
    const response = await fetch(`${server.url}/explorer`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    const html = await response.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
    expect(html).not.toMatch(/<style|style="/); // no inline style
    const assets = [...html.matchAll(/(?:src|href)="(explorer\/assets\/[^"]+)"/g)].map(
      (m) => m[1] as string,
    );
    expect(assets).toEqual([
      'explorer/assets/icon.svg',
      'explorer/assets/explorer.css',
      'explorer/assets/cytoscape.min.js',
      'explorer/assets/main.js',
    ]);
    const types: Record<string, string> = {
      svg: 'image/svg+xml',
      css: 'text/css',
      js: 'text/javascript',
    };
    for (const asset of [...assets, 'explorer/assets/api.js', 'explorer/assets/graph-view.js']) {
      const served = await fetch(`${server.url}/${asset}`);
      expect([asset, served.status]).toEqual([asset, 200]);
      expect(served.headers.get('content-type')).toContain(types[asset.split('.').pop() as string]);
    }
    for (const missing of ['nope.js', '..%2Fpackage.json', '..%2F..%2Fpackage.json', 'index.html'])
      expect((await fetch(`${server.url}/explorer/assets/${missing}`)).status).toBe(404);
    const slash = await fetch(`${server.url}/explorer/?focus=KHM`, { redirect: 'manual' });
    expect(slash.status).toBe(301);
    expect(new URL(slash.headers.get('location') as string, `${server.url}/explorer/`).href).toBe(
      `${server.url}/explorer?focus=KHM`,
    );
  });

  it('finds Cambodia, draws its partners, expands the United States and shows the evidence of its demining funding', async () => {
    const { page, external, problems } = await open('/explorer');
    // Every page of the explorer carries a CSP with no inline script.
    const response = await page.request.get(`${server.url}/explorer`);
    expect(response.headers()['content-security-policy']).toContain("script-src 'self'");

    await page.getByLabel('Search entities').fill('Cambodia');
    const option = page.getByRole('option', { name: /Cambodia/ }).first();
    await option.waitFor({ timeout: 30_000 });
    expect(await option.innerText()).toContain('Country');
    await page.screenshot({ path: path.join(ARTIFACTS, 'explorer-search.png') });
    await option.click();

    await page.waitForURL(/focus=KHM/);
    await waitUntilDrawn(page, 'KHM');
    const labels = await drawnLabels(page);
    for (const partner of ['China', 'Japan', 'South Korea', 'United States'])
      expect(labels).toContain(partner);
    // The same neighbourhood as text beside the drawing, grouped by kind.
    const partners = page.locator('.relation-group', { hasText: 'partner of' });
    for (const partner of ['China', 'Japan', 'South Korea'])
      await expect(
        partners.getByRole('button', { name: new RegExp(partner) }).count(),
      ).resolves.toBeGreaterThan(0);
    await expect(page.locator('#status').innerText()).resolves.toMatch(
      /\d+ entities and \d+ relations drawn/,
    );
    // Its timeline: the years of its dated relations, each with how many.
    const years = page.locator('#timeline .year-label');
    await years.first().waitFor({ timeout: 30_000 });
    expect(await years.allInnerTexts()).toEqual(['1955', '1999', '2012', '2020', '2022']);
    await page.screenshot({ path: path.join(ARTIFACTS, 'explorer-cambodia.png') });

    // Clicking the United States in the drawing adds its relations, funding demining among them.
    const usa = await waitUntilDrawn(page, 'USA');
    await page.mouse.click(usa.x, usa.y);
    await page.waitForURL(/expanded=USA/);
    await page.locator('#details h2', { hasText: 'United States' }).waitFor({ timeout: 30_000 });
    const edge = await waitUntilDrawn(page, DEMINING);
    expect(await drawnLabels(page)).toContain('Demining');

    await page.mouse.click(edge.x, edge.y);
    await page.waitForURL(new RegExp(`edge=${DEMINING}`));
    const details = page.locator('#details');
    await details.getByText(QUOTE).waitFor({ timeout: 30_000 });
    const text = await details.innerText();
    expect(text).toContain('United States funds Demining');
    expect(text).toContain('FUNDS');
    expect(text).toMatch(/in \(recipient, host\)\s+Cambodia/);
    expect(text).toContain('Relations with the United States');
    expect(text).toContain('Foreign diplomatic relations of Cambodia');
    expect(
      await page.evaluate(
        (id) => (globalThis as any).explorerGraph.getElementById(id).selected(),
        DEMINING,
      ),
    ).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'explorer-evidence.png') });

    expect(external).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('restores the exact view from its URL, and back and forward move between views', async () => {
    const { page, problems } = await open(
      `/explorer?focus=KHM&expanded=USA&kinds=FUNDS,PARTNER_OF&edge=${DEMINING}`,
    );
    await page.locator('#details').getByText(QUOTE).waitFor({ timeout: 30_000 });
    const labels = await drawnLabels(page);
    expect(labels).toEqual(
      expect.arrayContaining(['Cambodia', 'China', 'Demining', 'Japan', 'United States']),
    );
    // Only the two kinds asked for are drawn and listed.
    expect(labels).not.toContain('Association of Southeast Asian Nations');
    const groups = await page.locator('.relation-group h3').allInnerTexts();
    expect(groups.map((g) => g.replace(/\s*\(\d+\)/, '').toLowerCase())).toEqual([
      'funds',
      'partner of',
    ]);
    await expect(page.getByRole('checkbox', { name: /^ ?funds/ }).isChecked()).resolves.toBe(true);
    await expect(page.getByRole('checkbox', { name: /member of/ }).isChecked()).resolves.toBe(
      false,
    );

    // Centre on the United States: a new place in the history.
    await page
      .locator('#neighbourhood')
      .getByRole('button', { name: 'United States', exact: true })
      .click();
    await page.getByRole('button', { name: 'Centre the graph here' }).click();
    await page.waitForURL(/focus=USA$/);
    await waitForTitle(page, 'United States');
    // Back: Cambodia's view as it was left, the United States selected in it.
    await page.goBack();
    await page.waitForURL(/focus=KHM&expanded=USA&kinds=FUNDS,PARTNER_OF&node=USA$/);
    await waitForTitle(page, 'Cambodia');
    await page.locator('#details h2', { hasText: 'United States' }).waitFor({ timeout: 30_000 });
    expect(await drawnLabels(page)).toContain('Cambodia');
    await page.goForward();
    await waitForTitle(page, 'United States');
    expect(await drawnLabels(page)).toContain('Demining');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('works from the keyboard: search, suggestions, the list of relations and its details', async () => {
    const { page, problems } = await open('/explorer');
    await page.keyboard.press('Tab'); // the skip link
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (globalThis as any).document.activeElement?.id)).toBe(
      'search-input',
    );
    await page.keyboard.type('cambodia');
    await page.getByRole('option').first().waitFor({ timeout: 30_000 });
    const input = page.getByRole('combobox', { name: 'Search entities' });
    await expect(input.getAttribute('aria-expanded')).resolves.toBe('true');
    await page.keyboard.press('ArrowDown');
    const active = await input.getAttribute('aria-activedescendant');
    expect(active).toBe('search-option-0');
    await expect(page.locator(`#${active}`).getAttribute('aria-selected')).resolves.toBe('true');
    await page.keyboard.press('Enter');
    await page.waitForURL(/focus=KHM/);

    // From the list beside the drawing, a relation opens with Enter.
    const item = page
      .locator('.relation-group', { hasText: 'member of' })
      .getByRole('button', { name: /United Nations/ });
    await item.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/edge=/);
    const details = page.locator('#details');
    await details.locator('blockquote').first().waitFor({ timeout: 30_000 });
    expect(await details.innerText()).toMatch(/years\s+since 1955/);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('filters by year from the timeline, and says when nothing matches or the entity is unknown', async () => {
    const { page, problems } = await open('/explorer?focus=KHM');
    const timeline = page.locator('#timeline');
    await timeline.getByRole('button', { name: /^2012/ }).click();
    await page.waitForURL(/from=2012&to=2012/);
    await page.getByLabel('keep undated relations').uncheck();
    await page.waitForURL(/undated=0/);
    // In 2012: the summit it hosted and its two memberships, which hold since 1955 and 1999.
    const groups = await page.locator('.relation-group h3').allInnerTexts();
    expect(groups.map((g) => g.toLowerCase())).toEqual(['hosts (1)', 'member of (2)']);
    expect(await drawnLabels(page)).toEqual([
      'Association of Southeast Asian Nations',
      'Cambodia',
      'United Nations',
    ]);
    await expect(page.locator('#status').innerText()).resolves.toMatch(/hidden by the filters/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'explorer-2012.png') });

    await page.getByLabel('Search entities').fill('qqxzzyv');
    await page.getByText('No entity matches “qqxzzyv”.').waitFor({ timeout: 30_000 });

    await page.goto(`${server.url}/explorer?focus=no-such-entity`);
    await expect(page.getByRole('alert').innerText()).resolves.toContain(
      'There is no entity with the id “no-such-entity”',
    );
    expect(problems.filter((p) => !p.includes('status of 404'))).toEqual([]);
    await page.close();
  });

  it('is served in production mode, with nothing but the public API behind it', async () => {
    const production = await startTestServer(executor, { production: true });
    try {
      expect((await fetch(`${production.url}/`)).status).toBe(404); // no playground
      const { page, external, problems } = await open(
        '/explorer?focus=KHM&expanded=USA',
        production.url,
      );
      await waitUntilDrawn(page, DEMINING);
      expect(await drawnLabels(page)).toContain('Japan');
      expect(external).toEqual([]);
      expect(problems).toEqual([]);
      await page.close();
    } finally {
      await production.stop();
    }
  });

  it('says so, and offers to try again, when the API cannot reach the graph', async () => {
    const config = testConfig();
    const unreachable = GraphExecutor.connect({
      ...config.neo4j,
      uri: `bolt://127.0.0.1:${await freePort()}`,
      password: 'unused',
      connectionTimeoutMs: 1_000,
      maxRetryTimeMs: 500,
    });
    const broken = await startTestServer(unreachable);
    try {
      const { page } = await open('/explorer?focus=KHM', broken.url);
      const alert = page.getByRole('alert');
      await alert.getByRole('button', { name: 'Try again' }).waitFor({ timeout: 30_000 });
      expect(await alert.innerText()).toContain('could not be loaded');
      // The starting points (hidden behind the focus) failed the same way.
      await page.waitForFunction(
        () =>
          (globalThis as any).document
            .getElementById('start-list')
            .textContent.includes('The starting points could not be loaded'),
        undefined,
        { timeout: 30_000 },
      );
      await page.close();
    } finally {
      await broken.stop();
      await unreachable.close();
    }
  });
});
