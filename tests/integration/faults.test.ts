import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import neo4j from 'neo4j-driver';
import { purgeSource } from '../../src/graph/dataset-writer';
import { GraphExecutor } from '../../src/graph/executor';
import { loadFiles } from '../../src/ingest/load';
import { RunningServer } from '../../src/server/app';
import { signToken } from '../../src/server/auth';
import { readExamples } from '../../src/server/playground';
import { seededRandom } from '../../src/generate/world';
import {
  ROOT,
  census,
  eventually,
  graphWithCambodia,
  spawnServe,
  startTestServer,
  testConfig,
  uniqueId,
} from './helpers';

const SECRET = 'fault-test-secret-long-enough-for-hs256';

const INJECTIONS = [
  "' OR 1=1 --",
  '"}) MATCH (n) DETACH DELETE n //',
  '`) DETACH DELETE n //',
  'MATCH (n) DETACH DELETE n',
  "'); CALL dbms.killQueries([]) //",
  '\\u0000\\u0000',
  '{{7*7}}',
  '../../../../etc/passwd',
  '<script>alert(1)</script>',
  '$where: 1',
  'title:* OR *:*',
  '😀👍🏽',
  'x'.repeat(5000),
  '',
  '   ',
  'KHM\\nMATCH (n) DELETE n',
];

const NOISE = [
  '{',
  '}',
  '(',
  ')',
  ':',
  '$',
  '@',
  '...',
  '#',
  '"',
  '!',
  '[',
  ']',
  '=',
  'query',
  'mutation',
  'fragment',
  '__schema',
  'on',
  ',',
];

describe('faults and hostile input', () => {
  let executor: GraphExecutor;
  let server: RunningServer;
  let dir: string;

  beforeAll(async () => {
    executor = await graphWithCambodia();
    server = await startTestServer(executor, {
      auth: { jwtSecret: SECRET, rolesClaim: 'roles', requireReader: false },
    });
    dir = mkdtempSync(path.join(os.tmpdir(), 'diplograph-faults-'));
  });

  afterAll(async () => {
    await server.stop();
    await executor.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 400 seeded hostile requests with well-formed responses, changes nothing and stays up', async () => {
    const rng = seededRandom(20261129);
    const examples = readExamples().map((e) => e.query);
    const mutations = [
      'mutation { createEntity(input: { kind: ISSUE, id: "fuzz", name: "Fuzz", category: SECURITY }) { id } }',
      'mutation { retractRelation(id: "cambodia-foreign-relations:khm-member-of-asean", reason: "fuzz") { id } }',
      'mutation { updateEntity(id: "KHM", changes: { name: "Fuzzland" }) { id } }',
    ];
    const documents = [...examples, ...mutations];
    const withInjections = (document: string) =>
      document.replace(/"[^"\n]*"/g, () => JSON.stringify(rng.pick(INJECTIONS)));
    const mangle = (document: string) => {
      let text = document;
      for (let i = rng.int(4) + 1; i > 0; i--) {
        const at = rng.int(text.length + 1);
        text =
          rng.next() < 0.5
            ? text.slice(0, at) + rng.pick(NOISE) + text.slice(at)
            : text.slice(0, at) + text.slice(at + rng.int(20));
      }
      return text;
    };
    const bodies: Array<string> = [];
    for (let i = 0; i < 400; i++) {
      const document = rng.pick(documents);
      const kind = rng.int(6);
      if (kind === 0) bodies.push(JSON.stringify({ query: withInjections(document) }));
      else if (kind === 1) bodies.push(JSON.stringify({ query: mangle(document) }));
      else if (kind === 2) {
        const injected = rng.pick(INJECTIONS);
        bodies.push(
          JSON.stringify({
            query:
              'query ($id: ID!, $text: String!, $n: Int) { entity(id: $id) { id } search(text: $text, first: $n) { score } lookup(name: $text) { id } }',
            variables: { id: injected, text: injected, n: rng.pick([1, 0, -5, 10_000, 2 ** 40]) },
          }),
        );
      } else if (kind === 3) {
        bodies.push(
          JSON.stringify({
            query: document,
            variables: rng.pick([[], 'x', 42, { first: 'abc' }, { a: { b: [1, { c: null }] } }]),
          }),
        );
      } else if (kind === 4) {
        bodies.push(
          rng.pick([
            '',
            '{',
            'null',
            '[]',
            '42',
            '"q"',
            '{"query": 12}',
            '{"query": null}',
            '{"query": "{ __typename }", "operationName": 5}',
            `{"query": "${'{'.repeat(500)}"}`,
          ]),
        );
      } else {
        bodies.push(
          JSON.stringify({
            query: mangle(withInjections(document)),
            operationName: rng.pick([undefined, 'Nope', '']),
          }),
        );
      }
    }

    const before = await census(executor);
    const statuses = new Map<number, number>();
    const codes = new Map<string, number>();
    for (const body of bodies) {
      const response = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      const text = await response.text();
      let parsed: any;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new Error(
          `not JSON (status ${response.status}) for ${body.slice(0, 200)}: ${text.slice(0, 200)}`,
        );
      }
      const wellFormed =
        parsed !== null &&
        typeof parsed === 'object' &&
        ('data' in parsed || Array.isArray(parsed.errors));
      if (!wellFormed)
        throw new Error(`not a GraphQL response for ${body.slice(0, 200)}: ${text.slice(0, 200)}`);
      for (const error of parsed.errors ?? []) {
        expect(typeof error.message).toBe('string');
        const code = String(error.extensions?.code);
        codes.set(code, (codes.get(code) ?? 0) + 1);
        if (code === 'INTERNAL_SERVER_ERROR')
          throw new Error(`internal error for ${body.slice(0, 300)}`);
      }
      expect(text).not.toMatch(/stacktrace|Neo4jError|\.ts:\d+|node_modules/);
      expect(response.status).toBeLessThan(500);
    }
    expect(await census(executor)).toEqual(before);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    expect(statuses.get(200)).toBeGreaterThan(10);
    expect(codes.get('UNAUTHENTICATED')).toBeGreaterThan(0);
  });

  it('loads the same dataset from four loaders at once without a duplicate', async () => {
    const source = uniqueId('concurrent');
    const file = path.join(dir, `${source}.yaml`);
    writeFileSync(
      file,
      readFileSync(path.join(ROOT, 'tests', 'fixtures', 'datasets', 'laos.yaml'), 'utf8').replace(
        'id: laos-relations-fixture',
        `id: ${source}`,
      ),
    );
    try {
      const results = await Promise.all(
        Array.from({ length: 4 }, () =>
          loadFiles(executor, [file], { batchSize: 2, transactionTimeoutMs: 60_000 }),
        ),
      );
      expect(results.every((r) => r.validation.problems.length === 0)).toBe(true);
      const [counts] = await executor.read<{ statements: number; edges: number; distinct: number }>(
        `CALL { MATCH (st:Statement {source: $source}) RETURN count(st) AS statements }
         CALL { MATCH ()-[r]->() WHERE r.source = $source RETURN count(r) AS edges, count(DISTINCT r.statementId) AS distinct }
         RETURN statements, edges, distinct`,
        { source },
      );
      expect(counts).toEqual({ statements: 4, edges: 4, distinct: 4 });
      const [entities] = await executor.read<{ n: number }>(
        "MATCH (e:Entity {id: 'LAO'}) RETURN count(e) AS n",
      );
      expect(entities?.n).toBe(1);
    } finally {
      await purgeSource(executor, source);
    }
  });

  it('on SIGTERM, finishes a request waiting on the database, refuses new ones, closes the driver and exits 0', async () => {
    const id = uniqueId('sigterm');
    await executor.write(
      "CREATE (:Entity:Issue {id: $id, name: 'Held', aliases: [], category: 'security', version: 1})",
      { id },
    );
    const serve = await spawnServe({ AUTH_JWT_SECRET: SECRET, SHUTDOWN_TIMEOUT_MS: '20000' });
    const { child, url, exited } = serve;
    const config = testConfig();
    const driver = neo4j.driver(
      config.neo4j.uri as string,
      neo4j.auth.basic(config.neo4j.user, config.neo4j.password as string),
    );
    const session = driver.session({ database: config.neo4j.database });
    try {
      expect(
        await eventually(
          async () => (await fetch(`${url}/ready`).catch(() => undefined))?.status === 200,
          60_000,
        ),
      ).toBe(true);
      // Another transaction holds the entity's write lock: the mutation has to wait for it.
      const holder = await session.beginTransaction();
      await holder.run('MATCH (e:Entity {id: $id}) SET e.heldByTest = true', { id });
      const token = await signToken(SECRET, {
        subject: 'sigterm-test',
        roles: ['editor'],
        expiresIn: '5m',
      });
      const inFlight = fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          query: `mutation { updateEntity(id: "${id}", changes: { description: "written during shutdown" }) { version description } }`,
        }),
      });
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      child.kill('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 500));
      await expect(fetch(`${url}/health`)).rejects.toThrow();
      await holder.rollback();
      const response = await inFlight;
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        data: { updateEntity: { version: 2, description: 'written during shutdown' } },
      });
      expect(await exited).toBe(0);
      const messages = serve
        .stderr()
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { msg: string }).msg);
      expect(messages).toContain('shutting down');
      expect(messages.at(-1)).toBe('stopped');
    } finally {
      child.kill('SIGKILL');
      await session.close();
      await driver.close();
      await executor.write('MATCH (e:Entity {id: $id}) DETACH DELETE e', { id });
    }
  });
});
