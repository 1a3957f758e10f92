import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GraphExecutor } from '../../src/graph/executor';
import { readMarker } from '../../src/graph/staged-load';
import { purgeSource } from '../../src/graph/dataset-writer';
import { loadFiles } from '../../src/ingest/load';
import { RunningServer } from '../../src/server/app';
import { CLI, ROOT, eventually, graphql, runCli, startOwnNeo4j, startTestServer } from './helpers';

/*
 * A large first load is staged: committed in batches under a marker. While the marker stands
 * the API answers LOADING and shows nothing of the load; a load killed half-way leaves only
 * its marker visible (as LOADING), and the next load removes what it wrote and loads in full.
 * The Neo4j is this test's own, empty, so that no other test's data stops the staging.
 */

const STAGING = { checkMs: 100, staleMs: 60_000 };
// Small batches: the load takes long enough to be caught, and killed, half-way.
const LOAD_ENV = {
  LOAD_STAGE_ROWS: '1000',
  LOAD_BATCH_SIZE: '200',
  LOAD_CHECK_MS: String(STAGING.checkMs),
  LOG_LEVEL: 'info',
};
const STATISTICS = '{ statistics { relations { kind count } } }';

describe('a staged first load', () => {
  let home: string;
  let env: Record<string, string | undefined>;
  let world: string;
  let files: string[];
  let executor: GraphExecutor | undefined;
  let server: RunningServer | undefined;
  let child: ChildProcess | undefined;

  const count = async (label: 'Entity' | 'Statement') =>
    (
      await (executor as GraphExecutor).read<{ n: number }>(
        `MATCH (n:${label}) RETURN count(n) AS n`,
      )
    )[0]?.n ?? 0;

  beforeAll(async () => {
    const own = await startOwnNeo4j('staged');
    ({ home, env, executor } = own);
    world = mkdtempSync(path.join(os.tmpdir(), 'diplograph-staged-world-'));
    const generated = await runCli(
      ['generate', '--out', world, '--relations', '12000', '--per-file', '4000', '--seed', '7'],
      env,
    );
    expect(generated.code).toBe(0);
    files = readdirSync(world)
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .map((f) => path.join(world, f));
    expect(files.length).toBeGreaterThan(1);
    server = await startTestServer(own.executor, { staging: STAGING });
  });

  afterAll(async () => {
    if (child?.exitCode === null) child.kill('SIGKILL');
    await server?.stop();
    await executor?.close();
    await runCli(['neo4j', 'stop'], env);
    rmSync(home, { recursive: true, force: true });
    rmSync(world, { recursive: true, force: true });
  });

  it('killed half-way, shows nothing of itself; the next load removes it and loads in full', async () => {
    const url = (server as RunningServer).url;
    const load = ['load', '--sources', path.join(world, 'sources'), ...files];
    child = spawn(process.execPath, [CLI, ...load], {
      cwd: ROOT,
      env: { ...process.env, ...env, ...LOAD_ENV } as NodeJS.ProcessEnv,
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => child?.on('close', resolve));

    // Half-way (past a quarter, short of the end): the API answers LOADING, saying so.
    let during: Awaited<ReturnType<typeof graphql>> | undefined;
    const caught = await eventually(async () => {
      const marker = await readMarker(executor as GraphExecutor);
      if (!marker || marker.done < marker.rows * 0.25) return false;
      during = await graphql(url, STATISTICS);
      return true;
    }, 120_000);
    expect(caught).toBe(true);
    child.kill('SIGKILL');
    await exited;
    const marker = await readMarker(executor as GraphExecutor);
    expect(marker).toBeDefined();
    expect(marker?.done).toBeLessThan(marker?.rows ?? 0);
    expect(during?.status).toBe(503);
    expect(during?.body.errors?.[0]?.extensions).toMatchObject({
      code: 'LOADING',
      abandoned: false,
    });
    expect(during?.body.data).toBeUndefined();

    // Killed: part of the load is in the graph, and none of it reaches a client.
    expect(await count('Statement')).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, STAGING.checkMs * 2));
    const after = await graphql(url, STATISTICS);
    expect(after.status).toBe(503);
    expect(after.body.errors?.[0]?.extensions).toMatchObject({ code: 'LOADING', abandoned: true });
    expect(after.body.errors?.[0]?.message).toMatch(/did not finish; nothing of it is shown/);
    const ready = await fetch(`${url}/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'loading' });

    // The next load takes the marker over, removes what the dead one wrote, and loads.
    const again = await runCli(load, { ...env, ...LOAD_ENV });
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/abandoned staged load removed/);
    expect(await readMarker(executor as GraphExecutor)).toBeUndefined();
    expect(await count('Statement')).toBe(12_000);

    await new Promise((resolve) => setTimeout(resolve, STAGING.checkMs * 2));
    const served = await graphql(url, STATISTICS);
    expect(served.status).toBe(200);
    const relations = (served.body.data.statistics.relations as Array<{ count: number }>).reduce(
      (n, r) => n + r.count,
      0,
    );
    expect(relations).toBe(12_000);
    const typed = await (executor as GraphExecutor).read<{ n: number }>(
      'MATCH (:Entity)-[r]->(:Entity) RETURN count(r) AS n',
    );
    expect(typed[0]?.n).toBe(12_000);
  });

  it('that fails half-way removes what it wrote, and the API answers again', async () => {
    // Empty the graph the way a failed staged load must leave it, then fail one.
    for (const id of await sourceIds()) await purgeSource(executor as GraphExecutor, id);
    expect(await count('Statement')).toBe(0);
    expect(await count('Entity')).toBe(0);
    let rows = 0;
    const failing = loadFiles(executor as GraphExecutor, files, {
      sourcesDirs: [path.join(world, 'sources')],
      batchSize: 500,
      transactionTimeoutMs: 60_000,
      staging: { minRows: 1, staleMs: 60_000, checkMs: 0, writers: 2 },
      progress: {
        start: () => undefined,
        tick: (n) => {
          rows += n;
          if (rows > 8_000) throw new Error('the disk is full (a test)');
        },
        done: () => undefined,
      },
    });
    await expect(failing).rejects.toThrow('the disk is full (a test)');
    expect(await readMarker(executor as GraphExecutor)).toBeUndefined();
    expect(await count('Statement')).toBe(0);
    expect(await count('Entity')).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, STAGING.checkMs * 2));
    const served = await graphql((server as RunningServer).url, STATISTICS);
    expect(served.status).toBe(200);
    expect(served.body.data.statistics.relations).toEqual([]);
  });

  it('makes another load wait for it, which then finds the files loaded', async () => {
    // The graph is empty again (the failed load took back what it wrote).
    expect(await count('Statement')).toBe(0);
    const options = {
      sourcesDirs: [path.join(world, 'sources')],
      batchSize: 200,
      transactionTimeoutMs: 120_000,
    };
    const staged = loadFiles(executor as GraphExecutor, files, {
      ...options,
      staging: { minRows: 1, staleMs: 60_000, checkMs: STAGING.checkMs, writers: 2 },
    });
    expect(
      await eventually(
        async () => (await readMarker(executor as GraphExecutor)) !== undefined,
        30_000,
      ),
    ).toBe(true);
    const waiting = loadFiles(executor as GraphExecutor, files, options);
    const first = await staged;
    expect(first.written.length).toBe(files.length);
    const second = await waiting;
    expect(second.written).toEqual([]);
    expect(second.unchanged.length).toBe(files.length);
    expect(await count('Statement')).toBe(12_000);
  });

  async function sourceIds(): Promise<string[]> {
    const rows = await (executor as GraphExecutor).read<{ id: string }>(
      'MATCH (s:Source) RETURN s.id AS id',
    );
    return rows.map((r) => r.id);
  }
});
