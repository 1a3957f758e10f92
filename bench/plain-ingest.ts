import { readFileSync } from 'node:fs';
import neo4j, { Session } from 'neo4j-driver';
import { CORE_SCHEMA, load } from 'js-yaml';
import { ENTITY_KINDS } from '../src/ontology/entities';
import { RELATION_KINDS } from '../src/ontology/relations';

/*
 * The yardstick of `npm run bench:ingest`: what a plain script costs that reads the same
 * dataset files and writes the same nodes and relationships with `UNWIND $rows AS row MERGE`,
 * one auto-committed transaction per batch, at the same batch size. It checks nothing, diffs
 * nothing, keeps no history and is not all-or-nothing: the floor our loader is held against.
 *
 * Two statement shapes (BENCH_PLAIN_SHAPE): `merge` finds every node and relationship before
 * creating it, so that running it again changes nothing; `create` merges the nodes on their
 * constrained ids and creates the relationships, as a first load into an empty database may.
 *
 * Usage: node plain-ingest.js <batch size> <file...>; NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD,
 * BENCH_PLAIN_SHAPE (merge or create).
 */

interface Row {
  [key: string]: unknown;
}

// Labels and types come from the ontology's fixed lists only, never from the files.
const KIND_LABEL = new Map<string, string>(ENTITY_KINDS.map((k) => [k, k]));
const RELATION_TYPE = new Map<string, string>(RELATION_KINDS.map((k) => [k, k]));

async function writeBatches(
  session: Session,
  cypher: string,
  rows: Row[],
  size: number,
  params: Row = {},
) {
  for (let i = 0; i < rows.length; i += size) {
    await session.executeWrite((tx) =>
      tx.run(cypher, { ...params, rows: rows.slice(i, i + size) }),
    );
  }
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** Numbers become Neo4j integers where they are whole, as our loader stores them. */
function integers(value: unknown): unknown {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return neo4j.int(value);
  if (Array.isArray(value)) return value.map(integers);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, integers(v)]));
  return value;
}

async function main(): Promise<void> {
  const [batchArg, ...files] = process.argv.slice(2);
  const batchSize = Number(batchArg);
  const create = (process.env.BENCH_PLAIN_SHAPE ?? 'create') === 'create';
  const driver = neo4j.driver(
    process.env.NEO4J_URI as string,
    neo4j.auth.basic(process.env.NEO4J_USER ?? 'neo4j', process.env.NEO4J_PASSWORD as string),
  );
  const session = driver.session();
  try {
    for (const file of files) {
      // The fastest YAML reader at hand (js-yaml's core schema): the yardstick reads fast too.
      const data = load(readFileSync(file, 'utf8'), { schema: CORE_SCHEMA }) as {
        source: {
          id: string;
          title: string;
          sections: Array<{ id: string; heading: string | null }>;
        };
        entities: Array<Row & { id: string; kind: string; aliases?: string[] }>;
        statements: Array<Row & { id: string; kind: string; subject: string; object: string }>;
      };
      const source = data.source;
      await session.executeWrite((tx) =>
        tx.run('MERGE (s:Source {id: $id}) SET s.title = $title, s.loadedAt = datetime()', source),
      );

      for (const [kind, entities] of groupBy(data.entities, (e) => e.kind)) {
        const rows = entities.map(({ kind: _kind, ...props }) => ({
          id: props.id,
          props: integers({ ...props, aliases: props.aliases ?? [] }),
        }));
        await writeBatches(
          session,
          `UNWIND $rows AS row
           MERGE (e:Entity {id: row.id}) SET e += row.props, e:${KIND_LABEL.get(kind)}
           WITH e MATCH (s:Source {id: $source})
           MERGE (s)-[:DESCRIBES]->(e)`,
          rows,
          batchSize,
          { source: source.id },
        );
      }

      const headings = new Map(source.sections.map((s) => [s.id, s.heading]));
      for (const [kind, statements] of groupBy(data.statements, (s) => s.kind)) {
        const rows = statements.map((s) => {
          const id = `${source.id}:${s.id}`;
          const qualifiers = (s.qualifiers ?? {}) as Row;
          const modality = (s.modality as string | undefined) ?? 'fact';
          return integers({
            id,
            source: source.id,
            subject: s.subject,
            object: s.object,
            statement: {
              id,
              kind,
              subject: s.subject,
              object: s.object,
              source: source.id,
              modality,
              qualifiers: JSON.stringify(qualifiers),
            },
            edge: { statementId: id, source: source.id, modality, ...qualifiers },
            evidence: (s.evidence as Array<{ section: string; quote: string }>).map(
              (e, ordinal) => ({ ...e, heading: headings.get(e.section) ?? null, ordinal }),
            ),
          });
        });
        await writeBatches(
          session,
          `UNWIND $rows AS row
           MATCH (a:Entity {id: row.subject})
           MATCH (b:Entity {id: row.object})
           MATCH (s:Source {id: row.source})
           MERGE (st:Statement {id: row.id}) SET st += row.statement
           ${
             create
               ? `CREATE (a)-[r:${RELATION_TYPE.get(kind)}]->(b) SET r = row.edge
                  FOREACH (e IN row.evidence | CREATE (st)-[ev:EVIDENCE]->(s) SET ev = e)`
               : `MERGE (a)-[r:${RELATION_TYPE.get(kind)} {statementId: row.id}]->(b) SET r += row.edge
                  FOREACH (e IN row.evidence |
                    MERGE (st)-[ev:EVIDENCE {ordinal: e.ordinal}]->(s) SET ev += e)`
           }`,
          rows as Row[],
          batchSize,
        );
      }
    }
  } finally {
    await session.close();
    await driver.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
