import { rmSync } from 'node:fs';
import path from 'node:path';
import { GraphExecutor } from '../../src/graph/executor';
import { loadFiles } from '../../src/ingest/load';
import { RunningServer } from '../../src/server/app';
import {
  FIXTURE_SOURCES,
  ROOT,
  eventually,
  graphql,
  runCli,
  startOwnNeo4j,
  startTestServer,
} from './helpers';

/*
 * A Neo4j frozen under load (SIGSTOP: the process holds its sockets open and answers nothing,
 * so it never enforces its own transaction timeout) must not hang the API: every request
 * answers within its deadline, as SERVICE_UNAVAILABLE or TIMEOUT and never as an internal
 * error, and the API serves again once the database thaws, without a restart. The Neo4j is
 * one of this test's own, so that freezing it disturbs no other test.
 */

const TX_TIMEOUT_MS = 2_000;
const MARGIN_MS = 1_000;
const DEADLINE_MS = TX_TIMEOUT_MS + MARGIN_MS;
// A loaded 2-core machine may be late to fire a timer and send the answer.
const SLACK_MS = 1_500;

describe('a frozen Neo4j', () => {
  let home: string;
  let env: Record<string, string | undefined>;
  let pid = 0;
  let executor: GraphExecutor | undefined;
  let server: RunningServer | undefined;

  beforeAll(async () => {
    const own = await startOwnNeo4j('freeze', {
      transactionTimeoutMs: TX_TIMEOUT_MS,
      deadlineMarginMs: MARGIN_MS,
      connectionTimeoutMs: 1_000,
      acquisitionTimeoutMs: 1_000,
      maxRetryTimeMs: 300,
      // Fewer connections than requests: the pool runs dry while the database is frozen.
      maxPoolSize: 4,
    });
    ({ home, env, pid, executor } = own);
    const loaded = await loadFiles(
      own.executor,
      [path.join(ROOT, 'tests', 'fixtures', 'datasets', 'laos.yaml')],
      { sourcesDirs: [FIXTURE_SOURCES], batchSize: 100, transactionTimeoutMs: 60_000 },
    );
    expect(loaded.validation.problems).toEqual([]);
    server = await startTestServer(own.executor);
  });

  afterAll(async () => {
    if (pid > 0) process.kill(pid, 'SIGCONT');
    await server?.stop();
    await executor?.close();
    await runCli(['neo4j', 'stop'], env);
    rmSync(home, { recursive: true, force: true });
  });

  it('answers every request within its deadline, none as an internal error, and recovers when it thaws', async () => {
    const url = (server as RunningServer).url;
    const QUESTIONS = [
      '{ countries(first: 5) { nodes { id name } } }',
      '{ funders(issue: "demining") { from { name } } }',
      '{ search(text: "laos") { entity { id } } }',
      '{ entity(id: "LAO") { relations { nodes { kind } } } }',
      '{ neighbourhood(id: "LAO") { edges { source target } } }',
    ];
    // Every connection of the pool opened and idle: frozen, the first requests get one and
    // wait on the server itself, the deadline's case; the others wait for a connection.
    // A Neo4j just started plans each statement the first time, which may take longer than
    // this test's short timeout on a busy machine: asked again until all answer.
    const warm = await eventually(async () => {
      const replies = await Promise.all(QUESTIONS.map((q) => graphql(url, q)));
      return replies.every(({ body }) => body.errors === undefined);
    }, 60_000);
    expect(warm).toBe(true);

    process.kill(pid, 'SIGSTOP');
    let answers: Array<{ ms: number; status: number; codes: string[] }>;
    let ready: { status: number; ms: number };
    try {
      const ask = async (document: string) => {
        const started = Date.now();
        const { status, body } = await graphql(url, document);
        return {
          ms: Date.now() - started,
          status,
          codes: (body.errors ?? []).map((e: any) => String(e.extensions?.code)),
        };
      };
      // Twenty requests at once, five times the pool: some wait on the frozen server, the
      // others for a connection.
      const asking = Array.from({ length: 20 }, (_, i) => ask(QUESTIONS[i % 5] as string));
      const readyStarted = Date.now();
      const probe = await fetch(`${url}/ready`);
      ready = { status: probe.status, ms: Date.now() - readyStarted };
      answers = await Promise.all(asking);
    } finally {
      process.kill(pid, 'SIGCONT');
    }

    expect(ready.status).toBe(503);
    // Some waited on the server until their deadline: that case was met, not only the pool's.
    expect(answers.some((a) => a.ms >= DEADLINE_MS)).toBe(true);
    for (const answer of answers) {
      expect(answer.ms).toBeLessThanOrEqual(DEADLINE_MS + SLACK_MS);
      expect(answer.codes.length).toBeGreaterThan(0);
      for (const code of answer.codes) expect(['SERVICE_UNAVAILABLE', 'TIMEOUT']).toContain(code);
    }

    // Thawed, it serves again: the same server, the same driver.
    const back = await eventually(async () => {
      const replies = await Promise.all(QUESTIONS.map((q) => graphql(url, q)));
      return replies.every(({ body }) => body.errors === undefined);
    }, 60_000);
    expect(back).toBe(true);
    expect((await fetch(`${url}/ready`)).status).toBe(200);
  });
});
