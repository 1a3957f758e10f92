import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Config, loadConfig } from '../../src/config';
import { ConnectionSettings, GraphExecutor } from '../../src/graph/executor';
import { MIGRATIONS_DIR, applyMigrations, readMigrations } from '../../src/graph/migrations';
import { loadFiles } from '../../src/ingest/load';
import { RunningServer, ServerOptions, startServer } from '../../src/server/app';
import { Logger, createLogger } from '../../src/logger';

export const ROOT = path.resolve(__dirname, '..', '..');
export const CLI = path.join(ROOT, 'dist', 'cli.js');
/** Texts the team wrote for tests; the suite reads no article of the series (see global-setup). */
export const FIXTURE_SOURCES = path.join(ROOT, 'tests', 'fixtures', 'sources');

/** The configuration the global setup left in the environment (a real Neo4j). */
export function testConfig(): Config {
  return loadConfig(process.env);
}

export function quietLogger(): Logger {
  return createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
}

/** An executor on the test database; close it in afterAll. */
export function testExecutor(): GraphExecutor {
  const config = testConfig();
  return GraphExecutor.connect({
    ...config.neo4j,
    uri: config.neo4j.uri as string,
    password: config.neo4j.password as string,
  });
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The environment of the CLI for a local Neo4j of a test's own, in a new folder of the
 * temporary folder and on a free port, small: the test starts, freezes or stops it at will.
 */
export async function ownNeo4j(
  name: string,
): Promise<{ home: string; env: Record<string, string | undefined> }> {
  const home = mkdtempSync(path.join(os.tmpdir(), `diplograph-${name}-`));
  return {
    home,
    env: {
      NEO4J_URI: undefined,
      NEO4J_PASSWORD: undefined,
      NEO4J_LOCAL_HOME: home,
      NEO4J_LOCAL_BOLT_PORT: String(await freePort()),
      NEO4J_LOCAL_HEAP: '512m',
      NEO4J_LOCAL_PAGECACHE: '64m',
    },
  };
}

/** A Neo4j of a test's own, started, with an executor on it and the migrations applied. */
export interface StartedNeo4j {
  home: string;
  env: Record<string, string | undefined>;
  /** The JVM's pid. */
  pid: number;
  executor: GraphExecutor;
}

/**
 * Starts a Neo4j of the test's own ({@link ownNeo4j}) with `diplograph neo4j start`, connects
 * to it (`settings` replace the test configuration's) and applies the migrations. The caller
 * closes the executor, runs `neo4j stop` with `env` and removes `home`.
 */
export async function startOwnNeo4j(
  name: string,
  settings: Partial<ConnectionSettings> = {},
): Promise<StartedNeo4j> {
  const { home, env } = await ownNeo4j(name);
  const started = await runCli(['neo4j', 'start'], env);
  if (started.code !== 0) throw new Error(`neo4j start failed: ${started.stderr}`);
  const pid = Number(/started \(pid (\d+)\)/.exec(started.stdout)?.[1]);
  const executor = GraphExecutor.connect({
    ...testConfig().neo4j,
    uri: `bolt://127.0.0.1:${env.NEO4J_LOCAL_BOLT_PORT}`,
    user: 'neo4j',
    password: readFileSync(path.join(home, 'password'), 'utf8').trim(),
    ...settings,
  });
  try {
    await applyMigrations(executor, readMigrations(MIGRATIONS_DIR));
  } catch (error) {
    // Nothing started here outlives a failed start.
    await executor.close();
    await runCli(['neo4j', 'stop'], env);
    throw error;
  }
  return { home, env, pid, executor };
}

/** A unique id prefix, so that tests running side by side never share data. */
export function uniqueId(prefix: string): string {
  return `test-${prefix}-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** POSTs a GraphQL document and returns the status and parsed body. */
export async function graphql(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
): Promise<{ status: number; body: { data?: any; errors?: any[] } }> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: response.status,
    body: (await response.json()) as { data?: any; errors?: any[] },
  };
}

/** Result of a CLI run. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node dist/cli.js ...args` and waits for it to end. `env` adds to this process's
 * environment; a variable given as undefined is removed.
 */
export function runCli(
  args: string[],
  env: Record<string, string | undefined> = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const merged: Record<string, string> = {};
    for (const [key, value] of Object.entries({ ...process.env, LOG_LEVEL: 'info', ...env })) {
      if (value !== undefined) merged[key] = value;
    }
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: ROOT,
      env: merged,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Polls until the predicate holds or the time is up. */
export async function eventually(
  predicate: () => Promise<boolean>,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await predicate()) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return predicate();
}

/** Everything the graph holds, counted: an operation that writes nothing leaves it equal. */
export async function census(
  executor: GraphExecutor,
): Promise<{ nodes: number; relationships: number }> {
  const [row] = await executor.read<{ nodes: number; relationships: number }>(
    `CALL { MATCH (n) RETURN count(n) AS nodes }
     CALL { MATCH ()-[r]->() RETURN count(r) AS relationships }
     RETURN nodes, relationships`,
  );
  return row as { nodes: number; relationships: number };
}

/**
 * An executor on the test database with the migrations applied and Cambodia loaded. Its
 * article is not in the repository, so its quotes are not verified here (CI verifies them).
 */
export async function graphWithCambodia(): Promise<GraphExecutor> {
  const executor = testExecutor();
  await applyMigrations(executor, readMigrations(MIGRATIONS_DIR));
  const loaded = await loadFiles(executor, [path.join(ROOT, 'data', 'cambodia.yaml')], {
    sourcesDirs: [FIXTURE_SOURCES],
    requireSources: false,
    batchSize: 500,
    transactionTimeoutMs: 60_000,
  });
  if (loaded.validation.problems.length > 0)
    throw new Error('data/cambodia.yaml does not validate');
  return executor;
}

/**
 * Writes a dataset of a test's own into `dir` as `<name>.yaml` and loads it (its quotes
 * unverified: no text is given); a problem fails the test. Returns the file.
 */
export async function loadTestDataset(
  executor: GraphExecutor,
  dir: string,
  name: string,
  text: string,
): Promise<string> {
  const file = path.join(dir, `${name}.yaml`);
  writeFileSync(file, text);
  const loaded = await loadFiles(executor, [file], {
    sourcesDirs: [],
    batchSize: 100,
    transactionTimeoutMs: 60_000,
  });
  if (loaded.validation.problems.length > 0)
    throw new Error(`${file} does not load: ${JSON.stringify(loaded.validation.problems)}`);
  return file;
}

/**
 * An API server on a free port over `executor`, quiet, with a short shutdown. Its response
 * cache is off unless `extra.api` turns it on: tests load through `loadFiles`, which does not
 * wait for servers to look at the graph's version as `diplograph load` does, and then read at
 * once (scaling.test.ts tests the cache).
 */
export function startTestServer(
  executor: GraphExecutor,
  extra: Partial<ServerOptions> = {},
): Promise<RunningServer> {
  return startServer({
    executor,
    logger: quietLogger(),
    host: '127.0.0.1',
    port: 0,
    production: false,
    shutdownTimeoutMs: 1_000,
    ...extra,
    api: { responseCacheBytes: 0, ...extra.api },
  });
}

/** `diplograph serve` as a child process on a free port, with its stderr collected. */
export interface ServeProcess {
  url: string;
  child: ChildProcess;
  stderr(): string;
  exited: Promise<number | null>;
}

/** Starts `node dist/cli.js serve` with extra environment; the caller ends it. */
export async function spawnServe(env: Record<string, string> = {}): Promise<ServeProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [CLI, 'serve'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => resolve(code)),
  );
  return { url: `http://127.0.0.1:${port}`, child, stderr: () => stderr, exited };
}
