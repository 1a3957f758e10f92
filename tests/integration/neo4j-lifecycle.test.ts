import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GraphExecutor } from '../../src/graph/executor';
import { RunningServer } from '../../src/server/app';
import { eventually, graphql, ownNeo4j, runCli, startTestServer, testConfig } from './helpers';

/** Pids of live processes whose command line mentions this text. */
function processesMentioning(text: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(text)) pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

/** True while pid is a live process (an exited one not yet reaped by its parent is not). */
function isRunning(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/**
 * The whole life of a local Neo4j in a home of its own, through the real CLI: provision,
 * start, no-op start, status, an API server on it that survives the database stopping and
 * recovers when it is back, a stale pid file, and a stop that leaves no process.
 */
describe('diplograph neo4j start|stop|status', () => {
  let home: string;
  let env: Record<string, string | undefined>;
  let executor: GraphExecutor | undefined;
  let server: RunningServer | undefined;

  beforeAll(async () => {
    ({ home, env } = await ownNeo4j('neo4j'));
  });

  afterAll(async () => {
    await server?.stop();
    await executor?.close();
    await runCli(['neo4j', 'stop'], env);
    rmSync(home, { recursive: true, force: true });
  });

  it('runs from provisioning to a stop that leaves no process', async () => {
    const before = await runCli(['neo4j', 'status'], env);
    expect(before.code).toBe(3);
    expect(before.stdout).toContain('not running');

    const first = await runCli(['neo4j', 'start'], env);
    expect(first.stderr).not.toMatch(/"level":"error"/);
    expect(first.code).toBe(0);
    const pid = Number(/started \(pid (\d+)\)/.exec(first.stdout)?.[1]);
    expect(pid).toBeGreaterThan(0);

    const passwordFile = path.join(home, 'password');
    expect(statSync(passwordFile).mode & 0o777).toBe(0o600);
    const password = readFileSync(passwordFile, 'utf8').trim();
    expect(password.length).toBeGreaterThanOrEqual(20);

    const again = await runCli(['neo4j', 'start'], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`was already running (pid ${pid})`);

    const status = await runCli(['neo4j', 'status', '--json'], env);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ state: 'running', pid });

    // An API server on this Neo4j.
    executor = GraphExecutor.connect({
      ...testConfig().neo4j,
      uri: `bolt://127.0.0.1:${env.NEO4J_LOCAL_BOLT_PORT}`,
      user: 'neo4j',
      password,
      maxRetryTimeMs: 1_000,
    });
    server = await startTestServer(executor);
    const url = server.url;
    expect((await fetch(`${url}/ready`)).status).toBe(200);
    expect((await graphql(url, '{ graphInfo { edition } }')).body.data).toEqual({
      graphInfo: { edition: 'community' },
    });

    // Stopping Neo4j: nothing of it is left, the server stays up and says it is not ready.
    const stop = await runCli(['neo4j', 'stop'], env);
    expect(stop.code).toBe(0);
    expect(stop.stdout).toContain(`stopped (pid ${pid})`);
    expect(isRunning(pid)).toBe(false);
    expect(processesMentioning(`--home-dir=${home}`)).toEqual([]);
    expect(existsSync(path.join(home, 'run', 'neo4j.pid'))).toBe(false);

    const started = Date.now();
    const ready = await fetch(`${url}/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({
      status: 'unavailable',
      reason: 'The graph database is unavailable',
    });
    const down = await graphql(url, '{ graphInfo { edition } }');
    expect(down.body.errors?.[0].extensions).toEqual({ code: 'SERVICE_UNAVAILABLE' });
    expect(JSON.stringify(down.body)).not.toMatch(/ECONNREFUSED|Neo4jError|bolt:/);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await fetch(`${url}/health`)).status).toBe(200);

    // A stale pid file (its process long gone) does not stop the next start.
    writeFileSync(path.join(home, 'run', 'neo4j.pid'), '999999999\n');
    const restart = await runCli(['neo4j', 'start'], env);
    expect(restart.code).toBe(0);
    expect(restart.stderr).toContain('removed a stale Neo4j pid file');
    const newPid = Number(/started \(pid (\d+)\)/.exec(restart.stdout)?.[1]);
    expect(newPid).not.toBe(pid);

    // The server recovers by itself.
    expect(await eventually(async () => (await fetch(`${url}/ready`)).status === 200, 30_000)).toBe(
      true,
    );
    const back = await graphql(url, '{ graphInfo { edition } }');
    expect(back.body).toEqual({ data: { graphInfo: { edition: 'community' } } });

    const finalStop = await runCli(['neo4j', 'stop'], env);
    expect(finalStop.code).toBe(0);
    expect(processesMentioning(`--home-dir=${home}`)).toEqual([]);
    const after = await runCli(['neo4j', 'stop'], env);
    expect(after.stdout).toContain('was not running');
  });
});
