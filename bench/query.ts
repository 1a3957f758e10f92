import 'reflect-metadata';
import { readdirSync } from 'node:fs';
import { loadBenchQueryConfig } from './config';
import { RemoteContender, forkContender } from './contenders';
import { benchGraph } from './graph';
import { DOCUMENTS, Document } from './documents';
import { RESULTS_DIR, replaceReadmeSection, writeResult } from './report';
import { DriveRequest, drive } from './load';

/*
 * npm run bench: the same questions asked of three servers over one Neo4j, interleaved,
 * warm-up discarded, at concurrency 1 and 16: ours, @neo4j/graphql 7 on Apollo Server 5, and
 * hand-written Cypher behind a bare node:http server (the floor). Ours runs with no response
 * cache there. A fourth process, ours with its default response cache, gives two more rows per
 * question: the answer from the cache (POST, 200) and the ETag check (GET with If-None-Match,
 * 304). Prints the ratio tables and writes bench/results/<date>.json, bench/results/latest.md
 * and bench/results/latest.svg.
 */

/** The rows of the cached process: its answer from the cache, and its 304. */
const CACHED_ROWS = ['ours cache 200', 'ours 304'] as const;

const BENCH = loadBenchQueryConfig();
const SECONDS = BENCH.seconds;
const RELATIONS = BENCH.relations;
const CONCURRENCY = BENCH.concurrency;
/** Comma-separated document names to run (all when unset): for quick looks while profiling. */
const ONLY = BENCH.documents;

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

function body(contender: RemoteContender, document: Document): string {
  // `ours-cached` is ours with its response cache: the same documents.
  const ours = contender.name.startsWith('ours');
  const variables = ours ? document.variables : (document.theirVariables ?? document.variables);
  if (contender.name === 'floor') return JSON.stringify({ document: document.name, variables });
  const query = ours ? document.ours : document.neo4jGraphql;
  return JSON.stringify({ query, variables });
}

/** A contender's answer to a document, in the document's canonical form. */
async function canonicalAnswer(contender: RemoteContender, document: Document): Promise<unknown> {
  const response = await fetch(contender.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body(contender, document),
  });
  const answer = (await response.json()) as { data?: unknown; errors?: unknown[] };
  if (!response.ok || answer.errors || answer.data === undefined)
    throw new Error(`${contender.name} ${document.name}: ${JSON.stringify(answer).slice(0, 500)}`);
  const read = contender.name.startsWith('ours')
    ? document.answer.ours
    : contender.name === 'floor'
      ? document.answer.floor
      : document.answer.neo4jGraphql;
  return read(answer.data);
}

/** JSON with every object's keys in order: key order is not part of an answer. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

/** Where two canonical answers first differ, as a path and both values; undefined if equal. */
export function firstDifference(a: unknown, b: unknown, at = '$'): string | undefined {
  if (stableJson(a) === stableJson(b)) return undefined;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const d = firstDifference(a[i], b[i], `${at}[${i}]`);
      if (d) return d;
    }
  } else if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) {
      const d = firstDifference(
        (a as Record<string, unknown>)[key],
        (b as Record<string, unknown>)[key],
        `${at}.${key}`,
      );
      if (d) return d;
    }
  }
  return `${at}: ${JSON.stringify(a)?.slice(0, 300)} vs ${JSON.stringify(b)?.slice(0, 300)}`;
}

/**
 * Asks every contender every document once and compares the canonical answers with ours:
 * a faster wrong answer is no result, so any difference ends the run before timing.
 */
async function checkSameAnswers(
  contenders: RemoteContender[],
  documents: Document[],
): Promise<void> {
  const problems: string[] = [];
  for (const document of documents) {
    const answers = new Map<string, unknown>();
    for (const contender of contenders)
      answers.set(contender.name, await canonicalAnswer(contender, document));
    const ours = answers.get('ours');
    if (JSON.stringify(ours) === '[]' || ours === null || ours === undefined)
      problems.push(`${document.name}: ours answered nothing; the question asks nothing`);
    for (const [name, theirs] of answers) {
      if (name === 'ours') continue;
      const strip =
        name === '@neo4j/graphql' && document.notFromNeo4jGraphql
          ? document.notFromNeo4jGraphql
          : (x: unknown) => x;
      const difference = firstDifference(strip(ours), strip(theirs));
      if (difference) problems.push(`${document.name}: ours and ${name} differ at ${difference}`);
    }
    console.log(
      `same answer: ${document.name} (${JSON.stringify(ours).length} bytes canonical)${
        document.notFromNeo4jGraphql ? ', @neo4j/graphql without evidence' : ''
      }`,
    );
  }
  if (problems.length > 0)
    throw new Error(`the contenders do not give the same answers:\n${problems.join('\n')}`);
}

async function measure(
  contender: RemoteContender,
  document: Document,
  connections: number,
  seconds: number,
  row?: { name: string; request: DriveRequest },
): Promise<Measure> {
  // One request first: it must answer without errors, and says how many round trips it makes
  // (after a pause, so that no request of an earlier run is still in flight).
  await new Promise((resolve) => setTimeout(resolve, 300));
  const before = await contender.roundTrips();
  const probe = await fetch(contender.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body(contender, document),
  });
  const answer = (await probe.json()) as { errors?: unknown[] };
  if (!probe.ok || answer.errors)
    throw new Error(`${contender.name} ${document.name}: ${JSON.stringify(answer).slice(0, 300)}`);
  const roundTrips = (await contender.roundTrips()) - before;
  const result = await drive(
    contender.url,
    body(contender, document),
    connections,
    seconds,
    row?.request,
  );
  return {
    document: document.name,
    contender: row?.name ?? contender.name,
    concurrency: connections,
    p50: result.p50,
    p99: result.p99,
    rps: result.rps,
    roundTrips,
    errors: result.errors,
  };
}

async function main(): Promise<void> {
  const { credentials, executor, relations } = await benchGraph(RELATIONS);
  console.log(`graph: a synthetic world of ${relations} relations`);

  // Each contender in a process of its own, started one after the other, all kept up while
  // the runs interleave.
  const contenders: RemoteContender[] = [];
  for (const name of ['ours', '@neo4j/graphql', 'floor'])
    contenders.push(await forkContender(name, credentials));

  const cached = await forkContender('ours-cached', credentials);

  const documents = DOCUMENTS.filter((d) => !ONLY || ONLY.includes(d.name));
  await checkSameAnswers(contenders, documents);
  const etags = await checkCachedAnswers(cached, documents);

  const results: Measure[] = [];
  for (const connections of CONCURRENCY) {
    for (const document of documents) {
      // Warm-up, discarded, then the measured runs in a rotating order.
      for (const contender of contenders) await measure(contender, document, connections, 1);
      const order = connections === 1 ? contenders : [...contenders].reverse();
      for (const contender of order) {
        const m = await measure(contender, document, connections, SECONDS);
        if (contender.name === 'ours') m.roundTrips = await ourRoundTrips(contender.url, document);
        results.push(m);
        log(m);
      }
      // The cached process: its answer from the cache, then its 304 (warm-up discarded).
      const rows = cachedRows(cached, document, etags.get(document.name) as string);
      for (const row of rows) await measure(cached, document, connections, 1, row);
      for (const row of rows) {
        const m = await measure(cached, document, connections, SECONDS, row);
        results.push(m);
        log(m);
      }
    }
  }
  for (const contender of [...contenders, cached]) await contender.stop();
  await executor.close();
  if (BENCH.partial)
    console.log('a partial run (BENCH_DOCUMENTS or BENCH_CONCURRENCY set): no results written');
  else await report(results, relations);
}

function log(m: Measure): void {
  console.log(
    `${m.document.padEnd(14)} c=${String(m.concurrency).padEnd(3)} ${m.contender.padEnd(15)} p50 ${m.p50} ms  p99 ${m.p99} ms  ${Math.round(m.rps)} req/s  ${m.roundTrips} round trips  ${m.errors} errors`,
  );
}

/** Our GET of a document: path and query string. */
function getPath(url: string, document: Document): string {
  const search = new URLSearchParams({
    query: document.ours,
    variables: JSON.stringify(document.variables),
  });
  return `${new URL(url).pathname}?${search}`;
}

/** The two rows of the cached process for `document`. */
function cachedRows(
  cached: RemoteContender,
  document: Document,
  etag: string,
): Array<{ name: string; request: DriveRequest }> {
  return [
    { name: CACHED_ROWS[0], request: { method: 'POST', status: 200 } },
    {
      name: CACHED_ROWS[1],
      request: {
        method: 'GET',
        path: getPath(cached.url, document),
        headers: { 'if-none-match': etag },
        status: 304,
      },
    },
  ];
}

/**
 * Checks that the cached process answers every document as ours does, from its cache the
 * second time, over GET too, and 304 to its own ETag; returns the ETag of each document.
 */
async function checkCachedAnswers(
  cached: RemoteContender,
  documents: Document[],
): Promise<Map<string, string>> {
  const etags = new Map<string, string>();
  const problems: string[] = [];
  for (const document of documents) {
    const ours = { ...cached, name: 'ours' };
    const first = await canonicalAnswer(ours, document);
    const second = await fetch(cached.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: body(ours, document),
    });
    if (second.headers.get('x-cache') !== 'hit')
      problems.push(`${document.name}: the second POST was not answered from the cache`);
    const fromCache = document.answer.ours(((await second.json()) as { data: unknown }).data);
    const get = await fetch(new URL(getPath(cached.url, document), cached.url));
    const fromGet = document.answer.ours(((await get.json()) as { data: unknown }).data);
    const etag = get.headers.get('etag');
    for (const [how, answer] of [
      ['from the cache', fromCache],
      ['over GET', fromGet],
    ] as const) {
      const difference = firstDifference(first, answer);
      if (difference) problems.push(`${document.name}: ours ${how} differs at ${difference}`);
    }
    if (!etag) {
      problems.push(`${document.name}: no ETag over GET`);
      continue;
    }
    const revalidated = await fetch(new URL(getPath(cached.url, document), cached.url), {
      headers: { 'if-none-match': etag },
    });
    if (revalidated.status !== 304)
      problems.push(`${document.name}: If-None-Match got ${revalidated.status}, not 304`);
    etags.set(document.name, etag);
    console.log(`same answer, cached: ${document.name} (200 from the cache, GET, 304)`);
  }
  if (problems.length > 0)
    throw new Error(`the cached answers are not ours:\n${problems.join('\n')}`);
  return etags;
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

async function report(results: Measure[], relations: number): Promise<void> {
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
  lines.push(
    '',
    'Cached reads: the same questions to ours with its response cache (API_RESPONSE_CACHE_MB, default 64), answered from the cache (POST, 200) and as 304 to the ETag the client holds (GET with If-None-Match), beside ours uncached; neither makes a Neo4j round trip.',
    '',
    '| document | conc. | ours uncached p50 / p99 | cache 200 p50 / p99 | 304 p50 / p99 | ours uncached req/s | cache 200 req/s | 304 req/s | @neo4j/graphql req/s | req/s cache 200 ÷ uncached | req/s 304 ÷ uncached | req/s cache 200 ÷ @neo4j/graphql |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const concurrency of CONCURRENCY) {
    for (const document of DOCUMENTS) {
      const o = get(document.name, 'ours', concurrency);
      const n = get(document.name, '@neo4j/graphql', concurrency);
      const h = get(document.name, CACHED_ROWS[0], concurrency);
      const m = get(document.name, CACHED_ROWS[1], concurrency);
      lines.push(
        `| ${document.name} | ${concurrency} | ${o.p50} / ${o.p99} | ${h.p50} / ${h.p99} | ${m.p50} / ${m.p99} | ${Math.round(o.rps)} | ${Math.round(h.rps)} | ${Math.round(m.rps)} | ${Math.round(n.rps)} | ${ratio(h.rps, o.rps)} | ${ratio(m.rps, o.rps)} | ${ratio(h.rps, n.rps)} |`,
      );
    }
  }
  const markdown = lines.join('\n');
  console.log(`\n${markdown}\n`);
  const date = new Date().toISOString().slice(0, 19).replace(/:/g, '-');
  // Written formatted as `npm run format` would, so that `npm run check` passes after a run.
  await writeResult(
    `${date}.json`,
    `${JSON.stringify({ relations, seconds: SECONDS, results }, null, 2)}\n`,
  );
  await writeResult('latest.md', `${markdown}\n`);
  await writeResult('latest.svg', chart(results));
  await replaceReadmeSection(
    'bench',
    `${markdown}\n\n![p50 by document](bench/results/latest.svg)`,
  );
  console.log(
    `wrote bench/results/${date}.json, latest.md, latest.svg (${readdirSync(RESULTS_DIR).length} files in bench/results)`,
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
