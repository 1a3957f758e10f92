import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { purgeSource } from '../../src/graph/dataset-writer';
import { GraphExecutor } from '../../src/graph/executor';
import { readGraphVersion } from '../../src/graph/graph-version';
import { MIGRATIONS_DIR, applyMigrations, readMigrations } from '../../src/graph/migrations';
import { loadFiles } from '../../src/ingest/load';
import { signToken } from '../../src/server/auth';
import {
  ServeProcess,
  eventually,
  spawnServe,
  startTestServer,
  testConfig,
  testExecutor,
  uniqueId,
} from './helpers';

/*
 * Serving past one machine: the graph's version moves with every load, unload and edit; reads
 * over GET carry an ETag and are answered 304 without Neo4j; the response cache keeps answers
 * until the version moves; a client that edited through one API process reads its edit
 * through another; a routing (neo4j://) URI runs every read as a read transaction.
 */

const SECRET = 'test-secret-that-is-long-enough-for-hs256';
const AUTH = { jwtSecret: SECRET, rolesClaim: 'roles', requireReader: false };
const ENTITY = 'query ($id: ID!) { entity(id: $id) { id name description version } }';
const UPDATE =
  'mutation ($id: ID!, $d: String!) { updateEntity(id: $id, changes: { description: $d }) { version description } }';

function dataset(source: string, p: string, description = 'As loaded.'): string {
  return `source:
  id: ${source}
  title: Scaling test source
  text: ${source}.txt
  sections:
    - { id: lead, heading: null }
entities:
  - { kind: Organisation, id: ${p}-a, type: agency, name: Agency ${p}, description: ${description} }
  - { kind: Organisation, id: ${p}-b, type: intergovernmental, name: Body ${p} }
statements:
  - kind: MEMBER_OF
    subject: ${p}-a
    object: ${p}-b
    evidence: [{ section: lead, quote: "A is a member of B" }]
`;
}

/** A GET of `query` with `variables`, and any headers. */
function get(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<Response> {
  const search = new URLSearchParams({ query, variables: JSON.stringify(variables) });
  return fetch(`${url}/graphql?${search}`, { headers });
}

function post(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
}

describe('serving past one machine', () => {
  let executor: GraphExecutor;
  let dir: string;
  let editor: string;
  let reader: string;

  const load = async (file: string) => {
    const result = await loadFiles(executor, [file], {
      sourcesDirs: [],
      batchSize: 100,
      transactionTimeoutMs: 60_000,
    });
    expect(result.validation.problems).toEqual([]);
    return result;
  };
  const fresh = (description?: string) => {
    const source = uniqueId('scaling');
    const p = uniqueId('sc');
    const file = path.join(dir, `${source}.yaml`);
    writeFileSync(file, dataset(source, p, description));
    return { source, p, file };
  };

  beforeAll(async () => {
    executor = testExecutor();
    await applyMigrations(executor, readMigrations(MIGRATIONS_DIR));
    dir = mkdtempSync(path.join(os.tmpdir(), 'diplograph-scaling-'));
    editor = await signToken(SECRET, { subject: 'ed', roles: ['editor'], expiresIn: '10m' });
    reader = await signToken(SECRET, { subject: 'rea', roles: ['reader'], expiresIn: '10m' });
  });

  afterAll(async () => {
    await executor.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('moves the graph version with every committed load, unload and edit, and not otherwise', async () => {
    const server = await startTestServer(executor, { auth: AUTH });
    try {
      const version = async () => {
        const response = await post(
          server.url,
          '{ graphInfo { version graphId versionChangedAt } }',
          {},
        );
        const body = (await response.json()) as {
          data: { graphInfo: { version: number; graphId: string } };
        };
        return body.data.graphInfo;
      };
      const v0 = await version();
      expect(v0.version).toBeGreaterThan(0);
      expect(v0.graphId).toMatch(/^[0-9a-f-]{36}$/);

      const { source, p, file } = fresh();
      const loaded = await load(file);
      const v1 = await version();
      expect(v1.version).toBeGreaterThan(v0.version);
      expect(loaded.version?.version).toBe(v1.version);

      // Loading the same file again changes nothing, so the version stays.
      await load(file);
      expect((await version()).version).toBe(v1.version);

      const edited = await post(
        server.url,
        UPDATE,
        { id: `${p}-a`, d: 'Edited.' },
        {
          authorization: `Bearer ${editor}`,
        },
      );
      const v2 = Number(edited.headers.get('x-graph-version'));
      expect(edited.headers.get('cache-control')).toBe('no-store');
      expect(v2).toBeGreaterThan(v1.version);
      expect((await version()).version).toBe(v2);

      // An edit that changes nothing makes no version.
      await post(
        server.url,
        UPDATE,
        { id: `${p}-a`, d: 'Edited.' },
        {
          authorization: `Bearer ${editor}`,
        },
      );
      expect((await version()).version).toBe(v2);

      expect(await purgeSource(executor, source)).toBeDefined();
      expect((await version()).version).toBeGreaterThan(v2);
      expect((await readGraphVersion(executor)).graphId).toBe(v0.graphId);
    } finally {
      await server.stop();
    }
  });

  it('answers GET with an ETag, 304 without Neo4j, and keeps answers until the version moves', async () => {
    const { p, file } = fresh();
    await load(file);
    // The background look far apart: what the test sees is the request path alone.
    const server = await startTestServer(executor, {
      auth: AUTH,
      api: { responseCacheBytes: 4 * 1024 * 1024, cacheMaxAgeS: 30 },
      staging: { checkMs: 60_000, staleMs: 60_000 },
    });
    const reads: string[] = [];
    executor.onRead = (cypher) => reads.push(cypher);
    try {
      const variables = { id: `${p}-a` };
      const first = await get(server.url, ENTITY, variables);
      expect(first.status).toBe(200);
      const etag = first.headers.get('etag') as string;
      expect(etag).toMatch(/^W\/"\d+-[A-Za-z0-9_-]{43}"$/);
      expect(first.headers.get('cache-control')).toBe('public, max-age=30');
      expect(first.headers.get('x-cache')).toBe('miss');
      const version = first.headers.get('x-graph-version');
      expect(etag.startsWith(`W/"${version}-`)).toBe(true);
      expect(((await first.json()) as any).data.entity.description).toBe('As loaded.');

      // 304: no execution, no Neo4j round trip.
      reads.length = 0;
      const again = await get(server.url, ENTITY, variables, { 'if-none-match': etag });
      expect(again.status).toBe(304);
      expect(again.headers.get('etag')).toBe(etag);
      expect(await again.text()).toBe('');
      expect(reads).toEqual([]);

      // Other variables, another ETag; the same read over POST shares the GET's key.
      const other = await get(server.url, ENTITY, { id: `${p}-b` }, { 'if-none-match': etag });
      expect(other.status).toBe(200);
      expect(other.headers.get('etag')).not.toBe(etag);
      reads.length = 0;
      const cached = await post(server.url, ENTITY, variables);
      expect(cached.headers.get('x-cache')).toBe('hit');
      expect(cached.headers.get('x-neo4j-round-trips')).toBe('0');
      expect(reads).toEqual([]);
      expect(await cached.json()).toEqual(await (await post(server.url, ENTITY, variables)).json());
      // POST answers are not for shared caches.
      expect(cached.headers.get('cache-control')).toBe('private, no-cache');

      // An authenticated read is private, and keyed apart from the anonymous one.
      const mine = await get(server.url, ENTITY, variables, {
        authorization: `Bearer ${reader}`,
        'if-none-match': etag,
      });
      expect(mine.status).toBe(200);
      expect(mine.headers.get('cache-control')).toBe('private, no-cache');
      expect(mine.headers.get('etag')).not.toBe(etag);

      // What the cache did, in the metrics.
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(metrics).toMatch(/diplograph_graphql_cached_answers_total\{outcome="hit"\} [1-9]/);
      expect(metrics).toMatch(
        /diplograph_graphql_cached_answers_total\{outcome="not-modified"\} [1-9]/,
      );
      expect(metrics).toMatch(/diplograph_response_cache_entries [1-9]/);

      // Errors are never kept.
      const missing = await get(server.url, ENTITY, { id: 'no-such-entity' });
      expect(missing.headers.get('cache-control')).toBe('no-store');
      expect(missing.headers.get('etag')).toBeNull();

      // An edit through this server moves its version at once: the old ETag no longer matches
      // and the cache answers afresh.
      const edited = await post(
        server.url,
        UPDATE,
        { id: `${p}-a`, d: 'Edited once.' },
        {
          authorization: `Bearer ${editor}`,
        },
      );
      expect(Number(edited.headers.get('x-graph-version'))).toBeGreaterThan(Number(version));
      const after = await get(server.url, ENTITY, variables, { 'if-none-match': etag });
      expect(after.status).toBe(200);
      expect(after.headers.get('etag')).not.toBe(etag);
      expect(((await after.json()) as any).data.entity.description).toBe('Edited once.');
      const afterPost = await post(server.url, ENTITY, variables);
      expect(afterPost.headers.get('x-cache')).toBe('hit');
      expect(((await afterPost.json()) as any).data.entity.description).toBe('Edited once.');
    } finally {
      executor.onRead = undefined;
      await server.stop();
    }
  });

  it('serves persisted queries over GET by their hash, and refuses mutations over GET', async () => {
    const { p, file } = fresh();
    await load(file);
    const server = await startTestServer(executor, { auth: AUTH });
    try {
      const sha256Hash = createHash('sha256').update(ENTITY).digest('hex');
      const extensions = JSON.stringify({ persistedQuery: { version: 1, sha256Hash } });
      const variables = JSON.stringify({ id: `${p}-a` });
      const byHash = () =>
        fetch(`${server.url}/graphql?${new URLSearchParams({ extensions, variables })}`);
      const unknown = (await (await byHash()).json()) as any;
      expect(unknown.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      const registered = await fetch(
        `${server.url}/graphql?${new URLSearchParams({ query: ENTITY, extensions, variables })}`,
      );
      expect(registered.status).toBe(200);
      const short = await byHash();
      expect(short.status).toBe(200);
      expect(short.headers.get('etag')).toBe(registered.headers.get('etag'));
      expect(((await short.json()) as any).data.entity.id).toBe(`${p}-a`);
      // The hash of another document: refused, never answered from the key of this one.
      const wrong = await fetch(
        `${server.url}/graphql?${new URLSearchParams({ query: `${ENTITY} `, extensions, variables })}`,
      );
      expect(wrong.status).toBe(400);

      const mutation = await get(
        server.url,
        UPDATE,
        { id: `${p}-a`, d: 'x' },
        {
          authorization: `Bearer ${editor}`,
        },
      );
      expect(mutation.status).toBe(405);
      expect(mutation.headers.get('cache-control')).toBe('no-store');
    } finally {
      await server.stop();
    }
  });

  it('says what is wrong with x-graph-min-version, and waits for a version only so long', async () => {
    const server = await startTestServer(executor, { api: { versionWaitMs: 300 } });
    try {
      const bad = await post(server.url, '{ __typename }', {}, { 'x-graph-min-version': 'latest' });
      expect(bad.status).toBe(400);
      const badBody = (await bad.json()) as any;
      expect(badBody.errors[0].message).toMatch(
        /x-graph-min-version header must be a graph version/,
      );
      const current = (await readGraphVersion(executor)).version;
      const ahead = await post(
        server.url,
        '{ __typename }',
        {},
        {
          'x-graph-min-version': String(current + 1000),
        },
      );
      expect(ahead.status).toBe(503);
      const body = (await ahead.json()) as any;
      expect(body.errors[0].message).toMatch(
        new RegExp(`not reached version ${current + 1000} here within 300 ms`),
      );
      expect(body.errors[0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
      expect(JSON.stringify(body)).not.toMatch(/MATCH|stack/i);
    } finally {
      await server.stop();
    }
  });

  describe('two API processes over one Neo4j', () => {
    let a: ServeProcess;
    let b: ServeProcess;
    let p: string;

    beforeAll(async () => {
      const made = fresh();
      p = made.p;
      await load(made.file);
      const empty = mkdtempSync(path.join(os.tmpdir(), 'diplograph-scaling-data-'));
      // They look at the graph once a minute: only the client's header brings B up to date.
      const env = {
        DATA_DIR: empty,
        AUTH_JWT_SECRET: SECRET,
        LOAD_CHECK_MS: '60000',
        API_RESPONSE_CACHE_MB: '8',
        LOG_LEVEL: 'warn',
      };
      [a, b] = await Promise.all([spawnServe(env), spawnServe(env)]);
      for (const server of [a, b]) {
        const ready = await eventually(
          async () => (await fetch(`${server.url}/ready`).catch(() => undefined))?.status === 200,
          60_000,
        );
        if (!ready) throw new Error(`the API process did not become ready:\n${server.stderr()}`);
      }
    });

    afterAll(async () => {
      for (const server of [a, b]) {
        server?.child.kill('SIGTERM');
        await server?.exited;
      }
    });

    it('shows an edit made through one to the next read through the other that names its version', async () => {
      const variables = { id: `${p}-a` };
      const before = await get(b.url, ENTITY, variables);
      const etag = before.headers.get('etag') as string;
      expect(((await before.json()) as any).data.entity.description).toBe('As loaded.');
      expect((await get(b.url, ENTITY, variables)).headers.get('x-cache')).toBe('hit');

      const edited = await post(
        a.url,
        UPDATE,
        { ...variables, d: 'Edited through A.' },
        {
          authorization: `Bearer ${editor}`,
        },
      );
      expect(edited.status).toBe(200);
      const version = edited.headers.get('x-graph-version') as string;
      expect(Number(version)).toBeGreaterThan(Number(before.headers.get('x-graph-version')));

      // Without the header, B answers from the version it last saw (within LOAD_CHECK_MS).
      const stale = await get(b.url, ENTITY, variables);
      expect(stale.headers.get('x-cache')).toBe('hit');

      const fresh = await get(b.url, ENTITY, variables, {
        'x-graph-min-version': version,
        'if-none-match': etag,
      });
      expect(fresh.status).toBe(200);
      expect(Number(fresh.headers.get('x-graph-version'))).toBeGreaterThanOrEqual(Number(version));
      expect(fresh.headers.get('etag')).not.toBe(etag);
      expect(((await fresh.json()) as any).data.entity.description).toBe('Edited through A.');
      // Once seen, the version stays: the next read through B needs no header.
      const next = await get(b.url, ENTITY, variables);
      expect(((await next.json()) as any).data.entity.description).toBe('Edited through A.');
      // A knew its own edit at once.
      const onA = await get(a.url, ENTITY, variables);
      expect(((await onA.json()) as any).data.entity.description).toBe('Edited through A.');
    });
  });

  it('runs over a routing neo4j:// URI, every API read in a read transaction', async () => {
    const config = testConfig();
    const uri = (config.neo4j.uri as string).replace(/^bolt:/, 'neo4j:');
    const routed = GraphExecutor.connect({
      ...config.neo4j,
      uri,
      password: config.neo4j.password as string,
    });
    expect(routed.routing).toBe(true);
    const modes: string[] = [];
    const server = await startTestServer(routed, { auth: AUTH });
    try {
      const { p, file } = fresh();
      await load(file);
      const stop = routed.observeQueries((mode) => modes.push(mode));
      const read = await post(
        server.url,
        'query ($id: ID!) { entity(id: $id) { id relations(first: 5) { nodes { kind to { id } } } } }',
        {
          id: `${p}-a`,
        },
      );
      const body = (await read.json()) as any;
      expect(body.errors).toBeUndefined();
      expect(body.data.entity.relations.nodes).toHaveLength(1);
      await post(
        server.url,
        '{ graphInfo { version nodeCount } search(text: "Agency", first: 3) { entity { id } } }',
        {},
      );
      expect(modes.length).toBeGreaterThan(0);
      expect(modes.filter((m) => m !== 'READ')).toEqual([]);
      // An edit goes to the leader, and the next read through this process sees it.
      modes.length = 0;
      const edited = await post(
        server.url,
        UPDATE,
        { id: `${p}-a`, d: 'Routed.' },
        {
          authorization: `Bearer ${editor}`,
        },
      );
      expect(edited.status).toBe(200);
      expect(modes).toContain('WRITE');
      const after = (await (await post(server.url, ENTITY, { id: `${p}-a` })).json()) as any;
      expect(after.data.entity.description).toBe('Routed.');
      stop();
    } finally {
      await server.stop();
      await routed.close();
    }
  });
});
