import 'reflect-metadata';
import autocannon from 'autocannon';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT, loadConfig } from '../src/config';
import { generateWorld } from '../src/generate/world';
import { GraphExecutor } from '../src/graph/executor';
import { applyMigrations, readMigrations } from '../src/graph/migrations';
import { loadFiles } from '../src/ingest/load';
import { createLogger } from '../src/logger';
import { LocalNeo4j } from '../src/neo4j/local-neo4j';
import { startServer } from '../src/server/app';
import { MIGRATIONS_DIR } from '../src/server/serve';
import { Contender, startFloor, startNeo4jGraphQL } from './contenders';

/*
 * npm run bench: the same questions asked of three servers over one Neo4j, interleaved,
 * warm-up discarded, at concurrency 1 and 16: ours, @neo4j/graphql 7 on Apollo Server 5, and
 * hand-written Cypher behind a bare node:http server (the floor). Prints the ratio table and
 * writes bench/results/<date>.json, bench/results/latest.md and bench/results/latest.svg.
 */

const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const RELATIONS = Number(process.env.BENCH_RELATIONS ?? 20_000);
const CONCURRENCY = [1, 16];

interface Document {
  name: string;
  variables: Record<string, unknown>;
  ours: string;
  neo4jGraphql: string;
}

const DOCUMENTS: Document[] = [
  {
    name: 'lookup',
    variables: { id: 'KHM' },
    ours: 'query ($id: ID!) { country(id: $id) { id name iso2 } }',
    neo4jGraphql: 'query ($id: ID!) { countries(where: { id: { eq: $id } }) { id name iso2 } }',
  },
  {
    name: 'nested',
    variables: {},
    ours: '{ countries(first: 50) { nodes { id relations(kinds: [MEMBER_OF], direction: OUTGOING, first: 10) { nodes { to { id ... on Organisation { relations(kinds: [MEMBER_OF], direction: INCOMING, first: 10) { nodes { from { id } } } } } } } } } }',
    neo4jGraphql:
      '{ countries(limit: 50, sort: [{ name: ASC }]) { id memberOf(limit: 10) { id members(limit: 10) { id } } } }',
  },
  {
    name: 'funders',
    variables: { id: 'issue-00001' },
    ours: 'query ($id: ID!) { funders(issue: $id) { from { id name } } }',
    neo4jGraphql:
      'query ($id: ID!) { issues(where: { id: { eq: $id } }) { fundedByCountries { id name } fundedByOrganisations { id name } } }',
  },
  {
    name: 'path',
    variables: { from: 'KOR', to: 'org-00001' },
    ours: 'query ($from: ID!, $to: ID!) { paths(from: $from, to: $to, maxHops: 4, first: 1) { entities { id } } }',
    neo4jGraphql: 'query ($from: ID!, $to: ID!) { shortestPath(from: $from, to: $to) }',
  },
  {
    name: 'neighbourhood',
    variables: { id: 'org-00001' },
    ours: 'query ($id: ID!) { neighbourhood(id: $id, depth: 2, limit: 200) { edges { source target kind } } }',
    neo4jGraphql: 'query ($id: ID!) { neighbourhood(id: $id) { source target kind } }',
  },
  {
    name: 'search',
    variables: { text: 'Organisation 12' },
    ours: 'query ($text: String!) { search(text: $text, first: 10) { score entity { id name } } }',
    neo4jGraphql: 'query ($text: String!) { search(text: $text) { id name score } }',
  },
  {
    name: 'list',
    variables: {},
    ours: '{ countries(first: 20) { nodes { id name } pageInfo { endCursor hasNextPage } } }',
    neo4jGraphql:
      '{ countriesConnection(first: 20, sort: [{ name: ASC }]) { edges { node { id name } } pageInfo { endCursor hasNextPage } } }',
  },
];

interface Measure {
  document: string;
  contender: string;
  concurrency: number;
  p50: number;
  p99: number;
  rps: number;
  roundTrips: number;
  errors: number;
}

function body(contender: Contender, document: Document): string {
  if (contender.name === 'floor')
    return JSON.stringify({ document: document.name, variables: document.variables });
  const query = contender.name === 'ours' ? document.ours : document.neo4jGraphql;
  return JSON.stringify({ query, variables: document.variables });
}

async function measure(
  contender: Contender,
  document: Document,
  connections: number,
  seconds: number,
): Promise<Measure> {
  // One request first: it must answer without errors, and says how many round trips it makes
  // (after a pause, so that no request of an earlier run is still in flight).
  await new Promise((resolve) => setTimeout(resolve, 300));
  const before = contender.roundTrips();
  const probe = await fetch(contender.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body(contender, document),
  });
  const answer = (await probe.json()) as { errors?: unknown[] };
  if (!probe.ok || answer.errors)
    throw new Error(`${contender.name} ${document.name}: ${JSON.stringify(answer).slice(0, 300)}`);
  const roundTrips = contender.roundTrips() - before;
  const result = await autocannon({
    url: contender.url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body(contender, document),
    connections,
    duration: seconds,
  });
  return {
    document: document.name,
    contender: contender.name,
    concurrency: connections,
    p50: result.latency.p50,
    p99: result.latency.p99,
    rps: result.requests.average,
    roundTrips,
    errors: result.errors + result.non2xx,
  };
}

async function main(): Promise<void> {
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const config = loadConfig({
    ...process.env,
    NEO4J_LOCAL_HOME: process.env.BENCH_NEO4J_HOME ?? '.neo4j/bench',
    NEO4J_LOCAL_BOLT_PORT: process.env.BENCH_NEO4J_PORT ?? '7689',
  });
  let credentials = {
    uri: config.neo4j.uri ?? '',
    user: config.neo4j.user,
    password: config.neo4j.password ?? '',
  };
  if (!config.neo4j.uri)
    credentials = await new LocalNeo4j(config.local, logger, config.neo4j.password).start();
  const executor = GraphExecutor.connect({ ...config.neo4j, ...credentials });
  await applyMigrations(executor, readMigrations(MIGRATIONS_DIR));

  const worldDir = path.join(PROJECT_ROOT, '.neo4j', `bench-world-${RELATIONS}`);
  const world = await generateWorld(worldDir, {
    countries: 250,
    organisations: 200,
    agreements: 100,
    issues: 100,
    relations: RELATIONS,
    perFile: 20_000,
    seed: 42,
  });
  const loaded = await loadFiles(executor, world.datasets, {
    sourcesDirs: [world.sourcesDir],
    batchSize: 1000,
    transactionTimeoutMs: 3_600_000,
    commitPerFile: true,
  });
  if (loaded.validation.problems.length > 0)
    throw new Error('the benchmark world does not validate');
  console.log(
    `graph: a synthetic world of ${world.statements} relations (${loaded.written.length} datasets written now)`,
  );

  const ours = await startServer({
    executor,
    logger,
    host: '127.0.0.1',
    port: 0,
    production: true,
    shutdownTimeoutMs: 1_000,
    api: { metrics: false, maxCost: 10_000_000 },
  });
  const contenders: Contender[] = [
    { name: 'ours', url: `${ours.url}/graphql`, roundTrips: () => 0, stop: () => ours.stop() },
    await startNeo4jGraphQL(credentials.uri, credentials.user, credentials.password),
    await startFloor(credentials.uri, credentials.user, credentials.password),
  ];
  // Our round trips come from the response header, not from a driver count.
  (contenders[0] as Contender).roundTrips = () => 0;

  const results: Measure[] = [];
  for (const connections of CONCURRENCY) {
    for (const document of DOCUMENTS) {
      // Warm-up, discarded, then the measured runs in a rotating order.
      for (const contender of contenders) await measure(contender, document, connections, 1);
      const order = connections === 1 ? contenders : [...contenders].reverse();
      for (const contender of order) {
        const m = await measure(contender, document, connections, SECONDS);
        if (contender.name === 'ours') m.roundTrips = await ourRoundTrips(contender.url, document);
        results.push(m);
        console.log(
          `${document.name.padEnd(14)} c=${String(connections).padEnd(3)} ${contender.name.padEnd(15)} p50 ${m.p50} ms  p99 ${m.p99} ms  ${Math.round(m.rps)} req/s  ${m.roundTrips} round trips  ${m.errors} errors`,
        );
      }
    }
  }
  for (const contender of contenders) await contender.stop();
  await executor.close();
  report(results, world.statements);
}

async function ourRoundTrips(url: string, document: Document): Promise<number> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: document.ours, variables: document.variables }),
  });
  return Number(response.headers.get('x-neo4j-round-trips'));
}

function ratio(a: number, b: number): string {
  return b === 0 ? 'n/a' : (a / b).toFixed(2);
}

function report(results: Measure[], relations: number): void {
  const get = (document: string, contender: string, concurrency: number) =>
    results.find(
      (r) => r.document === document && r.contender === contender && r.concurrency === concurrency,
    ) as Measure;
  const lines = [
    `Benchmark of ${new Date().toISOString().slice(0, 10)}: a synthetic world of ${relations} relations (seed 42), ${SECONDS} s per run after a discarded warm-up; latencies in ms.`,
    '',
    '| document | conc. | ours p50 / p99 | @neo4j/graphql p50 / p99 | floor p50 / p99 | ours req/s | @neo4j/graphql req/s | floor req/s | round trips (ours / neo / floor) | p50 ours ÷ @neo4j/graphql | p50 ours ÷ floor | req/s ours ÷ @neo4j/graphql |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const concurrency of CONCURRENCY) {
    for (const document of DOCUMENTS) {
      const o = get(document.name, 'ours', concurrency);
      const n = get(document.name, '@neo4j/graphql', concurrency);
      const f = get(document.name, 'floor', concurrency);
      lines.push(
        `| ${document.name} | ${concurrency} | ${o.p50} / ${o.p99} | ${n.p50} / ${n.p99} | ${f.p50} / ${f.p99} | ${Math.round(o.rps)} | ${Math.round(n.rps)} | ${Math.round(f.rps)} | ${o.roundTrips} / ${n.roundTrips} / ${f.roundTrips} | ${ratio(o.p50, n.p50)} | ${ratio(o.p50, f.p50)} | ${ratio(o.rps, n.rps)} |`,
      );
    }
  }
  const markdown = lines.join('\n');
  console.log(`\n${markdown}\n`);
  const dir = path.join(PROJECT_ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const date = new Date().toISOString().slice(0, 19).replace(/:/g, '-');
  writeFileSync(
    path.join(dir, `${date}.json`),
    `${JSON.stringify({ relations, seconds: SECONDS, results }, null, 2)}\n`,
  );
  writeFileSync(path.join(dir, 'latest.md'), `${markdown}\n`);
  writeFileSync(path.join(dir, 'latest.svg'), chart(results));
  const readme = path.join(PROJECT_ROOT, 'README.md');
  const text = readFileSync(readme, 'utf8');
  const start = text.indexOf('<!-- bench:start -->');
  const end = text.indexOf('<!-- bench:end -->');
  if (start !== -1 && end !== -1) {
    writeFileSync(
      readme,
      `${text.slice(0, start)}<!-- bench:start -->\n${markdown}\n\n![p50 by document](bench/results/latest.svg)\n${text.slice(end)}`,
    );
  }
  console.log(
    `wrote bench/results/${date}.json, latest.md, latest.svg (${readdirSync(dir).length} files in bench/results)`,
  );
}

/** A grouped bar chart of p50 at concurrency 16, per document and contender, as SVG. */
function chart(results: Measure[]): string {
  const rows = results.filter((r) => r.concurrency === 16);
  const documents = [...new Set(rows.map((r) => r.document))];
  const contenders = ['ours', '@neo4j/graphql', 'floor'];
  const colours = ['#1f6feb', '#d1242f', '#6e7781'];
  const max = Math.max(...rows.map((r) => r.p50), 1);
  const width = 760;
  const height = 60 + documents.length * 60;
  const bars = documents.flatMap((document, i) =>
    contenders.map((contender, j) => {
      const r = rows.find((x) => x.document === document && x.contender === contender);
      const w = r ? Math.max(1, (r.p50 / max) * 520) : 0;
      const y = 40 + i * 60 + j * 16;
      return `<rect x="130" y="${y}" width="${w.toFixed(1)}" height="13" fill="${colours[j]}"/><text x="${(135 + w).toFixed(1)}" y="${y + 11}" font-size="11">${r?.p50 ?? ''} ms</text>`;
    }),
  );
  const labels = documents.map(
    (d, i) => `<text x="10" y="${40 + i * 60 + 27}" font-size="13">${d}</text>`,
  );
  const legend = contenders.map(
    (c, j) =>
      `<rect x="${130 + j * 170}" y="12" width="12" height="12" fill="${colours[j]}"/><text x="${147 + j * 170}" y="23" font-size="12">${c}</text>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif"><rect width="100%" height="100%" fill="white"/>${legend.join('')}${labels.join('')}${bars.join('')}</svg>\n`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
