import 'reflect-metadata';
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { Config, loadConfig } from '../../src/config';
import { GraphExecutor } from '../../src/graph/executor';
import { Logger, createLogger } from '../../src/logger';

export const ROOT = path.resolve(__dirname, '..', '..');
export const CLI = path.join(ROOT, 'dist', 'cli.js');

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
