import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GraphExecutor } from '../../src/graph/executor';
import { CLI, FIXTURE_SOURCES, ROOT, eventually, ownNeo4j, runCli, testConfig } from './helpers';

/*
 * `load --bulk` writes the graph a load writes, through neo4j-admin's import tool: the same
 * nodes, relationships, properties and property types, entity versions and history rows, for
 * files that share entities and hold what CSV cannot say (empty lists, a line break). It
 * refuses a running server and a database that holds data; killed half-way, it leaves a
 * database the next start removes.
 */

const FIXTURES = path.join(ROOT, 'tests', 'fixtures', 'datasets');

/** An executor on the local Neo4j of `home` (started by the CLI), with its password. */
function connect(home: string, env: Record<string, string | undefined>): GraphExecutor {
  return GraphExecutor.connect({
    ...testConfig().neo4j,
    uri: `bolt://127.0.0.1:${env.NEO4J_LOCAL_BOLT_PORT}`,
    user: 'neo4j',
    password: readFileSync(path.join(home, 'password'), 'utf8').trim(),
  });
}

/**
 * Every node and relationship but the bookkeeping, one sorted line each: labels or type, the
 * ids of the ends, each property with its Cypher type and value (datetimes by type only: they
 * say when, which differs).
 */
async function dump(executor: GraphExecutor): Promise<string[]> {
  const props = (v: string) => `[k IN keys(${v}) | [k, valueType(${v}[k]),
      CASE WHEN valueType(${v}[k]) STARTS WITH 'ZONED DATETIME' THEN null ELSE ${v}[k] END]]`;
  const nodes = await executor.read<{ labels: string[]; props: unknown[][] }>(
    `MATCH (n) WHERE NOT n:SchemaMigration AND NOT n:IngestLock AND NOT n:GraphVersion
     RETURN labels(n) AS labels, ${props('n')} AS props`,
  );
  const relationships = await executor.read<{ type: string; props: unknown[][] }>(
    `MATCH (a)-[r]->(b)
     RETURN type(r) AS type, a.id AS from, b.id AS to, ${props('r')} AS props`,
  );
  const line = (row: { labels?: string[]; props: unknown[][] }) =>
    JSON.stringify({
      ...row,
      labels: row.labels ? [...row.labels].sort() : undefined,
      props: [...row.props].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    });
  return [...nodes.map(line), ...relationships.map(line)].sort();
}

describe('load --bulk', () => {
  const homes: Array<{ home: string; env: Record<string, string | undefined> }> = [];
  let dir: string;
  let files: string[];
  let sources: string[];
  const executors: GraphExecutor[] = [];
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'diplograph-bulk-'));
    const generated = await runCli([
      'generate',
      '--out',
      path.join(dir, 'world'),
      '--relations',
      '3000',
      '--per-file',
      '1000',
      '--seed',
      '11',
      // Countries the fixtures name otherwise stay out (ISO order).
      '--countries',
      '40',
      '--organisations',
      '30',
      '--agreements',
      '20',
      '--issues',
      '20',
    ]);
    expect(generated.code).toBe(0);
    // A dataset of higher precedence that says more of an entity the fixtures declare (its
    // node changes: a version and a history row more), with one section without heading (a
    // list of one empty text: the CSV cannot say it).
    mkdirSync(path.join(dir, 'texts'));
    writeFileSync(path.join(dir, 'texts', 'second.txt'), 'Japan funds demining in Laos.\n');
    writeFileSync(
      path.join(dir, 'second.yaml'),
      `source:
  id: bulk-second
  title: A second article
  text: second.txt
  precedence: 1
  sections:
    - { id: lead, heading: null }
entities:
  - kind: Issue
    id: demining
    name: Demining
    category: security
    aliases: [humanitarian demining]
    description: Clearing land mines and unexploded ordnance.
  - { kind: Country, id: JPN, iso2: JP, name: Japan }
statements:
  - kind: FUNDS
    subject: JPN
    object: demining
    evidence: [{ section: lead, quote: "Japan funds demining" }]
`,
    );
    const world = path.join(dir, 'world');
    files = [
      ...readdirSync(world)
        .filter((f) => f.endsWith('.yaml'))
        .sort()
        .map((f) => path.join(world, f)),
      ...['laos', 'thailand', 'vietnam'].map((f) => path.join(FIXTURES, `${f}.yaml`)),
      path.join(dir, 'second.yaml'),
    ];
    sources = [
      '--sources',
      path.join(world, 'sources'),
      '--sources',
      FIXTURE_SOURCES,
      '--sources',
      path.join(dir, 'texts'),
    ];
  }, 60_000);

  afterAll(async () => {
    if (child?.exitCode === null) child.kill('SIGKILL');
    for (const executor of executors) await executor.close();
    for (const { home, env } of homes) {
      await runCli(['neo4j', 'stop'], env);
      rmSync(home, { recursive: true, force: true });
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const own = async (name: string) => {
    const neo4j = await ownNeo4j(name);
    homes.push(neo4j);
    return neo4j;
  };

  it('writes the graph a load writes, property types, versions and history included', async () => {
    const loaded = await own('bulk-cypher');
    // The staged path: what a first load of this size takes when it is large.
    const load = await runCli(['load', ...sources, ...files], {
      ...loaded.env,
      LOAD_STAGE_ROWS: '1000',
    });
    expect(load.code === 0 ? '' : load.stderr).toBe('');

    const bulk = await own('bulk');
    const imported = await runCli(['load', '--bulk', ...sources, ...files], bulk.env);
    expect(imported.code === 0 ? '' : imported.stderr).toBe('');
    expect(imported.stdout).toMatch(
      /^Bulk-loaded 8 sources \(.*\): \d+ nodes and \d+ relationships/,
    );

    const a = connect(loaded.home, loaded.env);
    const b = connect(bulk.home, bulk.env);
    executors.push(a, b);
    const [expected, actual] = [await dump(a), await dump(b)];
    expect(actual.length).toBeGreaterThan(9_000);
    expect(actual).toEqual(expected);
    // What the comparison covers: a node changed by a later dataset, its history, empty lists.
    const [demining] = await b.read<{ version: number; changes: number; description: string }>(
      `MATCH (e:Issue {id: 'demining'})
       RETURN e.version AS version, e.description AS description,
              COUNT { (c:EntityChange {entity: 'demining'}) } AS changes`,
    );
    expect(demining?.description).toBe('Clearing land mines and unexploded ordnance.');
    expect(demining?.version).toBeGreaterThan(1);
    expect(demining?.changes).toBe((demining?.version ?? 0) - 1);
    expect(actual.some((l) => l.includes('["aliases","LIST<NOTHING> NOT NULL",[]]'))).toBe(true);
    expect(
      actual.some((l) => l.includes('["sectionHeadings","LIST<STRING NOT NULL> NOT NULL",[""]]')),
    ).toBe(true);
    // The same indexes and constraints as any start: search answers.
    const [found] = await b.read<{ n: number }>(
      "CALL db.index.fulltext.queryNodes('entity_search', 'demining') YIELD node RETURN count(node) AS n",
    );
    expect(found?.n).toBeGreaterThan(0);
  }, 600_000);

  it('refuses while the local Neo4j runs, and a database that holds data, changing nothing', async () => {
    const bulk = homes[1] as (typeof homes)[number];
    const b = executors[1] as GraphExecutor;
    const before = await dump(b);

    const running = await runCli(['load', '--bulk', ...sources, ...files], bulk.env);
    expect(running.code).toBe(1);
    expect(running.stderr).toMatch(
      /diplograph: load --bulk writes the local Neo4j's files with the server stopped, and it runs \(pid \d+\)/,
    );

    expect((await runCli(['neo4j', 'stop'], bulk.env)).code).toBe(0);
    const full = await runCli(['load', '--bulk', ...sources, ...files], bulk.env);
    expect(full.code).toBe(1);
    expect(full.stderr).toMatch(
      /diplograph: load --bulk only loads into an empty database, and neo4j of the local Neo4j holds data \(8 sources loaded\)/,
    );
    expect(full.stderr).not.toMatch(/\n\s+at /);

    expect((await runCli(['neo4j', 'start'], bulk.env)).code).toBe(0);
    const again = connect(bulk.home, bulk.env);
    executors.push(again);
    expect(await dump(again)).toEqual(before);
  }, 600_000);

  it('with a file in error, imports nothing and leaves no marker', async () => {
    const { home, env } = await own('bulk-invalid');
    const broken = path.join(dir, 'broken.yaml');
    writeFileSync(
      broken,
      readFileSync(path.join(dir, 'second.yaml'), 'utf8').replace(
        'object: demining',
        'object: nowhere',
      ),
    );
    const refused = await runCli(['load', '--bulk', ...sources, ...files, broken], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/broken\.yaml:\d+:\d+: .*nowhere/);
    expect(refused.stderr).toMatch(/; nothing was written\./);
    expect(existsSync(path.join(home, 'run', 'bulk-load.json'))).toBe(false);
    expect(existsSync(path.join(home, 'data', 'databases', 'neo4j'))).toBe(false);
    expect(readdirSync(path.join(home, 'import'))).toEqual([]);
  }, 120_000);

  it('killed half-way, leaves a database the next start removes; loading again loads it all', async () => {
    const { home, env } = await own('bulk-killed');
    child = spawn(process.execPath, [CLI, 'load', '--bulk', ...sources, ...files], {
      cwd: ROOT,
      env: { ...process.env, ...env, LOG_LEVEL: 'info' } as NodeJS.ProcessEnv,
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => child?.on('close', resolve));
    // The import tool runs (its pid is in the marker): the database is being written.
    const marker = path.join(home, 'run', 'bulk-load.json');
    const importing = await eventually(
      async () =>
        existsSync(marker) &&
        (JSON.parse(readFileSync(marker, 'utf8')) as { importPid?: number }).importPid !==
          undefined,
      120_000,
    );
    expect(importing).toBe(true);
    child.kill('SIGKILL');
    await exited;
    expect(existsSync(marker)).toBe(true);

    const started = await runCli(['neo4j', 'start'], env);
    expect(started.code).toBe(0);
    expect(started.stderr).toMatch(/removed the database an unfinished bulk load was writing/);
    expect(existsSync(marker)).toBe(false);
    const executor = connect(home, env);
    executors.push(executor);
    const [empty] = await executor.read<{ n: number }>('MATCH (n) RETURN count(n) AS n');
    expect(empty?.n).toBe(0);

    expect((await runCli(['neo4j', 'stop'], env)).code).toBe(0);
    const again = await runCli(['load', '--bulk', ...sources, ...files], env);
    expect(again.code).toBe(0);
    const reconnected = connect(home, env);
    executors.push(reconnected);
    expect(await dump(reconnected)).toEqual(await dump(executors[1] as GraphExecutor));
  }, 600_000);
});
