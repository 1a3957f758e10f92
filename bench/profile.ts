import 'reflect-metadata';
import { Neo4jGraphQL } from '@neo4j/graphql';
import { execute, parse } from 'graphql';
import neo4j, { Session, Transaction } from 'neo4j-driver';
import { loadBenchQueryConfig } from './config';
import { createLogger } from '../src/logger';
import { createContext } from '../src/resolvers/context';
import { buildAppSchema } from '../src/server/schema';
import { FLOOR_CYPHER, NEO4J_GRAPHQL_TYPEDEFS } from './contenders';
import { DOCUMENTS } from './documents';
import { benchGraph } from './graph';
import { markdownTable, writeResult } from './report';

/*
 * npm run bench:profile: the Cypher each contender runs for each benchmark document, and what
 * Neo4j's PROFILE says it costs (database hits, rows, the costliest operator). Statements are
 * caught at neo4j-driver's Session.run and Transaction.run, which ours and @neo4j/graphql both
 * call, while each contender answers the document once in this process; the floor's are its
 * hand-written Cypher. Writes bench/results/profile-<BENCH_PROFILE_LABEL>.md and .json.
 */

interface Caught {
  cypher: string;
  params: Record<string, unknown>;
}

const caught: Caught[] = [];
for (const Class of [Session, Transaction] as Array<{ prototype: { run: unknown } }>) {
  const run = Class.prototype.run as (this: unknown, ...args: unknown[]) => unknown;
  Class.prototype.run = function (this: unknown, ...args: unknown[]) {
    const [query, params] = args as [string | { text: string }, Record<string, unknown>?];
    const cypher = typeof query === 'string' ? query : query.text;
    // The profiler's own statements and the driver's probes are not the contenders'.
    if (!cypher.startsWith('PROFILE ')) caught.push({ cypher, params: params ?? {} });
    return run.apply(this, args);
  };
}

interface PlanNode {
  operatorType: string;
  dbHits: number;
  rows: number;
  children: PlanNode[];
}

interface StatementProfile {
  dbHits: number;
  rows: number;
  /** The operator with the most database hits, and its share. */
  top: string;
  cypher: string;
}

function walk(plan: PlanNode, visit: (node: PlanNode) => void): void {
  visit(plan);
  for (const child of plan.children) walk(child, visit);
}

async function main(): Promise<void> {
  const bench = loadBenchQueryConfig();
  const label = process.env.BENCH_PROFILE_LABEL ?? 'latest';
  if (!/^[a-z0-9-]+$/.test(label))
    throw new Error('BENCH_PROFILE_LABEL: lower-case letters, digits and dashes');
  const { credentials, executor, relations } = await benchGraph(bench.relations);
  const driver = neo4j.driver(
    credentials.uri,
    neo4j.auth.basic(credentials.user, credentials.password),
  );
  const ours = await buildAppSchema();
  const theirs = await new Neo4jGraphQL({ typeDefs: NEO4J_GRAPHQL_TYPEDEFS, driver }).getSchema();
  const logger = createLogger('warn');

  const profile = async ({ cypher, params }: Caught): Promise<StatementProfile> => {
    const session = driver.session({ defaultAccessMode: neo4j.session.READ });
    try {
      const result = await session.run(`PROFILE ${cypher}`, params);
      const plan = result.summary.profile as unknown as PlanNode | false;
      if (!plan) throw new Error('no profile came back');
      let dbHits = 0;
      let worst: PlanNode = plan;
      walk(plan, (node) => {
        dbHits += Number(node.dbHits);
        if (Number(node.dbHits) > Number(worst.dbHits)) worst = node;
      });
      const share = dbHits === 0 ? 0 : Math.round((100 * Number(worst.dbHits)) / dbHits);
      return {
        dbHits,
        rows: Number(plan.rows),
        top: `${worst.operatorType.replace(/@.*$/, '')} (${share}%)`,
        cypher,
      };
    } finally {
      await session.close();
    }
  };

  const rows: string[][] = [];
  const json: Array<Record<string, unknown>> = [];
  for (const document of DOCUMENTS.filter(
    (d) => !bench.documents || bench.documents.includes(d.name),
  )) {
    const runs: Array<[string, () => Promise<unknown>]> = [
      [
        'ours',
        async () =>
          execute({
            schema: ours,
            document: parse(document.ours),
            variableValues: document.variables,
            contextValue: createContext(executor, logger, 'profile'),
          }),
      ],
      [
        '@neo4j/graphql',
        async () =>
          execute({
            schema: theirs,
            document: parse(document.neo4jGraphql),
            variableValues: document.theirVariables ?? document.variables,
            contextValue: {},
          }),
      ],
    ];
    const statements = new Map<string, Caught[]>();
    for (const [name, run] of runs) {
      caught.length = 0;
      const answer = (await run()) as { errors?: unknown[] };
      if (answer.errors)
        throw new Error(`${name} ${document.name}: ${JSON.stringify(answer.errors)}`);
      statements.set(name, [...caught]);
    }
    const floor = FLOOR_CYPHER[document.name];
    if (!floor) throw new Error(`the floor has no Cypher for ${document.name}`);
    statements.set('floor', [
      { cypher: floor, params: document.theirVariables ?? document.variables },
    ]);
    for (const [name, list] of statements) {
      const profiles = [];
      for (const statement of list) profiles.push(await profile(statement));
      const dbHits = profiles.reduce((sum, p) => sum + p.dbHits, 0);
      rows.push([
        document.name,
        name,
        String(profiles.length),
        String(dbHits),
        profiles.map((p) => p.rows).join(' + '),
        profiles.map((p) => p.top).join('; '),
      ]);
      json.push({ document: document.name, contender: name, dbHits, statements: profiles });
      console.log(
        `${document.name.padEnd(14)} ${name.padEnd(15)} ${profiles.length} statement(s), ${dbHits} db hits`,
      );
    }
  }
  const table = markdownTable(
    [
      'document',
      'contender',
      'statements',
      'db hits',
      'rows',
      'costliest operator (share of db hits)',
    ],
    rows,
  );
  await writeResult(
    `profile-${label}.md`,
    `PROFILE of each benchmark document's Cypher (${label}), over the synthetic world of ${relations} relations; the statements themselves are in profile-${label}.json.\n\n${table}\n`,
  );
  await writeResult(
    `profile-${label}.json`,
    `${JSON.stringify({ relations, label, profiles: json }, null, 2)}\n`,
  );
  console.log(`\n${table}\n\nwrote bench/results/profile-${label}.md and .json`);
  await driver.close();
  await executor.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
