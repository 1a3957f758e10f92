import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/config';
import { readGraphVersion } from '../src/graph/graph-version';
import { loadBenchQueryConfig, loadBenchSoakConfig } from './config';
import { RemoteContender, forkContender } from './contenders';
import { benchGraph } from './graph';
import { markdownTable, replaceReadmeSection, writeResult } from './report';

/*
 * npm run bench:soak: two API processes (ours, with the response cache) over one Neo4j, read
 * at BENCH_SOAK_CONCURRENCY connections for BENCH_SOAK_SECONDS while `diplograph load`
 * rewrites a dataset of BENCH_SOAK_STATEMENTS statements back to back, each load a new
 * round. Every connection asks, over GET with the ETag of its last answer, for the one entity
 * whose description names the round, and over POST for a page of the dataset's relations.
 *
 * It fails unless no answer is stale and none is an error. Stale: an answer to a request sent
 * after a load said it was done (the `load` process ended) that shows an earlier round, a 304
 * included (the client's copy then is what it shows). Error: any status but 200 and 304, or
 * an answer with GraphQL errors.
 */

const SOAK = loadBenchSoakConfig();
const BENCH = loadBenchQueryConfig();
const DIR = path.join(PROJECT_ROOT, '.neo4j', 'soak');
const FILE = path.join(DIR, 'soak.yaml');
const ORGANISATIONS = 1_000;
const MARKER = 'soak-marker';
const MARKER_QUERY = `{ entity(id: "${MARKER}") { id description } }`;
const PAGE_QUERY =
  'query ($id: ID!) { entity(id: $id) { id relations(first: 20) { nodes { kind to { id } qualifiers { since } } } } }';

/** The soak's dataset at `round`: its marker says the round, and every statement changes. */
function dataset(round: number): string {
  const lines = [
    'source:',
    '  id: soak',
    '  title: Soak test source',
    '  text: soak.txt',
    '  sections:',
    '    - { id: lead, heading: null }',
    'entities:',
    `  - { kind: Organisation, id: ${MARKER}, type: agency, name: Soak marker, description: "Round ${round}." }`,
  ];
  for (let i = 0; i < ORGANISATIONS; i++)
    lines.push(
      `  - { kind: Organisation, id: soak-org-${i}, type: agency, name: Soak organisation ${i} }`,
    );
  lines.push('statements:');
  for (let s = 0; s < SOAK.statements; s++) {
    const subject = s % ORGANISATIONS;
    const object = (subject + 1 + Math.floor(s / ORGANISATIONS)) % ORGANISATIONS;
    lines.push(
      `  - { kind: COOPERATES_WITH, id: soak-${s}, subject: soak-org-${subject}, object: soak-org-${object}, qualifiers: { since: ${1900 + ((round + s) % 120)} }, evidence: [{ section: lead, quote: "They work together" }] }`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Runs `diplograph load` on the soak's dataset; resolves with how long it took. */
function load(credentials: { uri: string; user: string; password: string }): Promise<number> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(PROJECT_ROOT, 'dist', 'cli.js'), 'load', FILE],
      {
        cwd: PROJECT_ROOT,
        env: {
          ...process.env,
          NEO4J_URI: credentials.uri,
          NEO4J_USER: credentials.user,
          NEO4J_PASSWORD: credentials.password,
          LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) =>
      code === 0
        ? resolve(Date.now() - started)
        : reject(new Error(`load exited ${code}: ${stderr.slice(-2000)}`)),
    );
  });
}

interface Tally {
  requests: number;
  fresh: number;
  notModified: number;
  pages: number;
  stale: number;
  errors: number;
  latencies: number[];
  firstProblems: string[];
}

/** One HTTP exchange on a kept-alive agent. */
function exchange(
  agent: http.Agent,
  url: URL,
  method: 'GET' | 'POST',
  pathAndQuery: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: url.hostname, port: url.port, path: pathAndQuery, method, agent, headers },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text }),
        );
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

async function main(): Promise<void> {
  const { credentials, executor } = await benchGraph(BENCH.relations);
  mkdirSync(DIR, { recursive: true });
  let round = 0;
  writeFileSync(FILE, dataset(round));
  await load(credentials);
  const replicas: RemoteContender[] = [
    await forkContender('ours-cached', credentials),
    await forkContender('ours-cached', credentials),
  ];

  /** When each round's load said it was done; round 0 before the readers began. */
  const done: Array<{ round: number; at: number }> = [{ round: 0, at: Date.now() }];
  const expectedAt = (sent: number) => {
    let expected = 0;
    for (const d of done) if (d.at < sent) expected = d.round;
    return expected;
  };
  const tally: Tally = {
    requests: 0,
    fresh: 0,
    notModified: 0,
    pages: 0,
    stale: 0,
    errors: 0,
    latencies: [],
    firstProblems: [],
  };
  const problem = (text: string) => {
    if (tally.firstProblems.length < 10) tally.firstProblems.push(text);
  };
  const started = Date.now();
  const deadline = started + SOAK.seconds * 1000;

  const reader = async (index: number) => {
    const replica = replicas[index % 2] as RemoteContender;
    const url = new URL(replica.url);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    let etag: string | undefined;
    let copy: number | undefined;
    let page = 0;
    const markerPath = `${url.pathname}?${new URLSearchParams({ query: MARKER_QUERY })}`;
    while (Date.now() < deadline) {
      const sent = Date.now();
      const expected = expectedAt(sent);
      const t0 = process.hrtime.bigint();
      try {
        const got = await exchange(
          agent,
          url,
          'GET',
          markerPath,
          etag ? { 'if-none-match': etag } : {},
        );
        tally.latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        tally.requests++;
        if (got.status === 200) {
          const body = JSON.parse(got.text) as {
            data?: { entity?: { description?: string } };
            errors?: unknown[];
          };
          const match = /^Round (\d+)\.$/.exec(body.data?.entity?.description ?? '');
          if (body.errors || !match) {
            tally.errors++;
            problem(`GET ${got.status}: ${got.text.slice(0, 200)}`);
            continue;
          }
          tally.fresh++;
          copy = Number(match[1]);
          if (!firstFreshAt.has(copy)) firstFreshAt.set(copy, Date.now());
          etag = got.headers.etag;
        } else if (got.status === 304) {
          tally.notModified++;
        } else {
          tally.errors++;
          problem(`GET ${got.status}: ${got.text.slice(0, 200)}`);
          continue;
        }
        if (copy === undefined || copy < expected) {
          tally.stale++;
          problem(
            `stale: sent ${sent - started} ms in, after round ${expected} was done, answered round ${copy} (${got.status}, version ${String(got.headers['x-graph-version'])})`,
          );
        }
        const t1 = process.hrtime.bigint();
        const posted = await exchange(
          agent,
          url,
          'POST',
          url.pathname,
          { 'content-type': 'application/json' },
          JSON.stringify({
            query: PAGE_QUERY,
            variables: { id: `soak-org-${page++ % ORGANISATIONS}` },
          }),
        );
        tally.latencies.push(Number(process.hrtime.bigint() - t1) / 1e6);
        tally.requests++;
        const answer = JSON.parse(posted.text) as {
          errors?: unknown[];
          data?: { entity?: unknown };
        };
        if (posted.status !== 200 || answer.errors || !answer.data?.entity) {
          tally.errors++;
          problem(`POST ${posted.status}: ${posted.text.slice(0, 200)}`);
        } else tally.pages++;
      } catch (error) {
        tally.errors++;
        problem(`request failed: ${String(error)}`);
      }
    }
    agent.destroy();
  };

  // When each round's commit became visible in Neo4j, by a poll of the version every 20 ms;
  // and when the first answer showing it came back.
  const committedAt = new Map<number, number>();
  const firstFreshAt = new Map<number, number>();
  let versionBefore = (await readGraphVersion(executor)).version;
  let polledRound = 0;
  const poller = async () => {
    while (Date.now() < deadline) {
      const now = (await readGraphVersion(executor)).version;
      if (now > versionBefore) {
        versionBefore = now;
        polledRound++;
        committedAt.set(polledRound, Date.now());
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  const loads: number[] = [];
  const loader = async () => {
    while (Date.now() < deadline - 5_000) {
      round++;
      writeFileSync(FILE, dataset(round));
      loads.push(await load(credentials));
      done.push({ round, at: Date.now() });
      console.log(
        `round ${round} loaded in ${loads.at(-1)} ms (${Math.round((Date.now() - started) / 1000)} s in): ${tally.requests} requests, ${tally.stale} stale, ${tally.errors} errors`,
      );
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  };

  await Promise.all([
    loader(),
    poller(),
    ...Array.from({ length: SOAK.concurrency }, (_, i) => reader(i)),
  ]);
  const seconds = (Date.now() - started) / 1000;
  const version = await readGraphVersion(executor);
  for (const replica of replicas) await replica.stop();
  await executor.close();

  tally.latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    tally.latencies[Math.min(tally.latencies.length - 1, Math.floor(q * tally.latencies.length))] ??
    NaN;
  const mean = loads.length === 0 ? 0 : loads.reduce((a, b) => a + b, 0) / loads.length;
  const table = markdownTable(
    [
      'seconds',
      'connections',
      'loads committed',
      'mean load',
      'requests',
      'req/s',
      'p50 / p99 ms',
      'GET 200',
      'GET 304',
      'POST 200',
      'stale',
      'errors',
    ],
    [
      [
        seconds.toFixed(0),
        String(SOAK.concurrency),
        String(loads.length),
        `${(mean / 1000).toFixed(1)} s`,
        String(tally.requests),
        String(Math.round(tally.requests / seconds)),
        `${at(0.5).toFixed(2)} / ${at(0.99).toFixed(2)}`,
        String(tally.fresh),
        String(tally.notModified),
        String(tally.pages),
        String(tally.stale),
        String(tally.errors),
      ],
    ],
  );
  // Per round: from its commit to the load saying it was done, and to the first answer
  // showing it (both in ms).
  const lags = done
    .filter((d) => d.round > 0 && committedAt.has(d.round))
    .map((d) => ({
      round: d.round,
      doneAfterCommit: d.at - (committedAt.get(d.round) as number),
      shownAfterCommit: (firstFreshAt.get(d.round) ?? NaN) - (committedAt.get(d.round) as number),
    }));
  const most = (values: number[]) => (values.length === 0 ? NaN : Math.max(...values));
  const passed = tally.stale === 0 && tally.errors === 0 && loads.length > 0;
  const lagLine = `From a load's commit (seen by polling the version every 20 ms) to the load saying it was done: at most ${most(lags.map((l) => l.doneAfterCommit))} ms; to the first answer showing it: at most ${most(lags.map((l) => l.shownAfterCommit))} ms (LOAD_CHECK_MS ${process.env.LOAD_CHECK_MS ?? 1000}).`;
  const markdown = `Soak of ${new Date().toISOString().slice(0, 10)}: two API processes with the response cache over one Neo4j (the benchmark world of ${BENCH.relations} relations), while \`diplograph load\` rewrote a dataset of ${SOAK.statements} statements ${loads.length} times, one transaction each; graph version ${version.version} at the end. ${passed ? 'Passed' : 'FAILED'}: no answer may be stale after its load is done, and none may be an error.\n\n${table}\n\n${lagLine}`;
  console.log(`\n${markdown}\n`);
  for (const p of tally.firstProblems) console.log(p);
  if (SOAK.seconds >= 120) {
    const date = new Date().toISOString().slice(0, 19).replace(/:/g, '-');
    await writeResult(
      `soak-${date}.json`,
      `${JSON.stringify({ ...SOAK, seconds, loads, lags, ...tally, latencies: undefined, p50: at(0.5), p99: at(0.99) }, null, 2)}\n`,
    );
    await writeResult('soak-latest.md', `${markdown}\n`);
    await replaceReadmeSection('bench-soak', markdown);
  } else {
    console.log('a short soak (BENCH_SOAK_SECONDS below 120): no results written');
  }
  if (!passed) process.exit(1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
