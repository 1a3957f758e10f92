import { ENTITY_KINDS, EntityKind } from '../ontology/entities';
import { RELATION_KINDS, RelationKind } from '../ontology/relations';
import { GraphExecutor, TxRunner } from './executor';
import { label, relationshipType } from './allow-list';

/** A property value Neo4j can store. */
export type PropertyValue = string | number | boolean | string[] | null;

/** One source document and everything a dataset says about it, ready to write. */
export interface SourceWrite {
  id: string;
  /** Source node properties (title, sections, checksum, ...). */
  props: Record<string, PropertyValue>;
  entities: Array<{
    id: string;
    kind: EntityKind;
    props: Record<string, PropertyValue>;
    hash: string;
  }>;
  statements: Array<{
    id: string;
    kind: RelationKind;
    subject: string;
    object: string;
    /** Properties of the Statement node (kind, modality, qualifiers as JSON, hash, ...). */
    statement: Record<string, PropertyValue>;
    /** Properties of the typed relationship (statementId, modality, qualifiers). */
    edge: Record<string, PropertyValue>;
    evidence: Array<Record<string, PropertyValue>>;
    hash: string;
  }>;
}

/** What one source's write changed. */
export interface WriteReport {
  source: string;
  entities: { written: number; unchanged: number; removed: number };
  statements: { added: number; updated: number; unchanged: number; retracted: number };
  evidence: number;
}

/** Called after each batch with the number of rows it wrote. */
export type ProgressTick = (rows: number) => void;

/**
 * Serialises loads: the first statement of every load transaction takes the write lock of
 * one node, so two loads of the same file cannot both find a statement missing and both
 * create its edge. A second load waits, then sees what the first wrote.
 */
export async function lockIngest(run: TxRunner): Promise<void> {
  await run("MERGE (lock:IngestLock {id: 'ingest'}) SET lock.heldAt = datetime()");
}

/** The checksum recorded for each loaded source. */
export async function loadedChecksums(executor: GraphExecutor): Promise<Map<string, string>> {
  const rows = await executor.read<{ id: string; checksum: string | null }>(
    'MATCH (s:Source) RETURN s.id AS id, s.checksum AS checksum',
  );
  return new Map(rows.filter((r) => r.checksum !== null).map((r) => [r.id, r.checksum as string]));
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

// Labels and relationship types are spliced into Cypher only from these allow-lists.
const ALL_KIND_LABELS = ENTITY_KINDS.map((kind) => `:${kind}`).join('');

/**
 * Writes one source's dataset inside the caller's transaction, touching only what changed:
 * entities whose content hash differs are rewritten; statements are added, rewritten when
 * their hash differs, left alone when equal, and retracted (typed edge removed, Statement
 * node kept with `retractedAt`) when the dataset no longer has them (`rewriteAll` rewrites
 * even unchanged ones: a repair). Entities no other
 * source describes and nothing connects are removed.
 */
export async function writeSource(
  run: TxRunner,
  source: SourceWrite,
  batchSize: number,
  tick: ProgressTick = () => undefined,
  /** Rewrite every entity and statement, even those whose hash is unchanged. */
  rewriteAll = false,
  /**
   * Receives the writes still in flight when this returns (the statement batches and the
   * removal of entities no longer described). Nothing here needs their results to go on, so
   * they are sent without waiting (the driver pipelines them in the transaction, in order)
   * and the caller can read its next file meanwhile; it must await them before it commits,
   * and the report is complete only then. Without it, each is awaited here.
   */
  inFlight?: (write: Promise<unknown>) => void,
): Promise<WriteReport> {
  const report: WriteReport = {
    source: source.id,
    entities: { written: 0, unchanged: 0, removed: 0 },
    statements: { added: 0, updated: 0, unchanged: 0, retracted: 0 },
    evidence: 0,
  };

  await run('MERGE (s:Source {id: $id}) SET s += $props, s.loadedAt = datetime()', {
    id: source.id,
    props: source.props,
  });

  // Entities: rewrite those whose content changed (or whose kind changed).
  const entityIds = source.entities.map((e) => e.id);
  const known = new Map<string, string>();
  for (const batch of chunks(entityIds, batchSize)) {
    const rows = await run<{ id: string; hash: string | null; kind: string | null }>(
      `UNWIND $ids AS id MATCH (e:Entity {id: id})
       RETURN e.id AS id, e.contentHash AS hash, [l IN labels(e) WHERE l <> 'Entity'][0] AS kind`,
      { ids: batch },
    );
    for (const row of rows) known.set(row.id, `${row.kind}:${row.hash}`);
  }
  const changedEntities = source.entities.filter(
    (e) => rewriteAll || known.get(e.id) !== `${e.kind}:${e.hash}`,
  );
  report.entities.unchanged = source.entities.length - changedEntities.length;
  for (const kind of ENTITY_KINDS) {
    const rows = changedEntities
      .filter((e) => e.kind === kind)
      .map((e) => ({ id: e.id, props: e.props }));
    for (const batch of chunks(rows, batchSize)) {
      await run(
        `UNWIND $rows AS row
         MERGE (e:Entity {id: row.id})
         SET e = row.props
         REMOVE e${ALL_KIND_LABELS}
         SET e:${label(kind)}`,
        { rows: batch },
      );
      report.entities.written += batch.length;
      tick(batch.length);
    }
  }
  for (const batch of chunks(entityIds, batchSize)) {
    await run(
      `MATCH (s:Source {id: $source})
       UNWIND $ids AS id
       MATCH (e:Entity {id: id})
       MERGE (s)-[:DESCRIBES]->(e)`,
      { source: source.id, ids: batch },
    );
  }
  tick(report.entities.unchanged);

  // Statements: compare with what the graph holds for this source.
  const existing = new Map<string, { hash: string; retracted: boolean }>();
  const stored = await run<{ id: string; hash: string; retracted: boolean }>(
    `MATCH (st:Statement {source: $source})
     RETURN st.id AS id, st.hash AS hash, st.retractedAt IS NOT NULL AS retracted`,
    { source: source.id },
  );
  for (const row of stored) existing.set(row.id, row);

  const wanted = new Set(source.statements.map((s) => s.id));
  let unchangedRows = 0;
  const toWrite = source.statements.filter((s) => {
    const old = existing.get(s.id);
    if (!old) report.statements.added++;
    else if (rewriteAll || old.hash !== s.hash || old.retracted) report.statements.updated++;
    else {
      report.statements.unchanged++;
      unchangedRows += 1 + s.evidence.length;
      return false;
    }
    return true;
  });
  // Unchanged statements and their evidence count as done.
  tick(unchangedRows);
  const toRetract = [...existing]
    .filter(([id, s]) => !wanted.has(id) && !s.retracted)
    .map(([id]) => id);
  const replaced = toWrite.filter((s) => existing.has(s.id)).map((s) => s.id);

  // Remove the old edges and evidence of statements about to be rewritten or retracted.
  for (const batch of chunks([...replaced, ...toRetract], batchSize)) {
    await run(
      `UNWIND $ids AS id
       MATCH (st:Statement {id: id})
       OPTIONAL MATCH (st)-[ev:EVIDENCE]->(:Source)
       DELETE ev
       WITH DISTINCT st
       MATCH (a:Entity {id: st.subject})-[r]->(b:Entity {id: st.object})
       WHERE r.statementId = st.id
       DELETE r`,
      { ids: batch },
    );
  }
  for (const batch of chunks(toRetract, batchSize)) {
    await run('UNWIND $ids AS id MATCH (st:Statement {id: id}) SET st.retractedAt = datetime()', {
      ids: batch,
    });
    report.statements.retracted += batch.length;
    tick(batch.length);
  }

  // Each statement's node, typed edge and evidence in one row: the evidence needs no second
  // look-up of the Statement by id nor a statement of its own (PROFILE, 1,000 rows: 31,001
  // db hits and one round trip, against 34,001 and two when the evidence came after).
  const byKind = new Map<RelationKind, typeof toWrite>();
  for (const s of toWrite) {
    const list = byKind.get(s.kind);
    if (list) list.push(s);
    else byKind.set(s.kind, [s]);
  }
  for (const kind of RELATION_KINDS) {
    const rows = (byKind.get(kind) ?? []).map((s) => ({
      id: s.id,
      subject: s.subject,
      object: s.object,
      statement: s.statement,
      edge: s.edge,
      evidence: s.evidence.map((e, ordinal) => ({ ...e, ordinal })),
    }));
    for (const batch of chunks(rows, batchSize)) {
      const evidence = batch.reduce((n, row) => n + row.evidence.length, 0);
      const write = run(
        `MATCH (s:Source {id: $source})
         UNWIND $rows AS row
         MATCH (a:Entity {id: row.subject})
         MATCH (b:Entity {id: row.object})
         MERGE (st:Statement {id: row.id})
         SET st = row.statement, st.loadedAt = datetime()
         CREATE (a)-[r:${relationshipType(kind)}]->(b)
         SET r = row.edge
         FOREACH (e IN row.evidence | CREATE (st)-[ev:EVIDENCE]->(s) SET ev = e)`,
        { source: source.id, rows: batch },
      ).then(() => tick(batch.length + evidence));
      report.evidence += evidence;
      if (inFlight) inFlight(write);
      else await write;
    }
  }

  // Entities this source no longer describes: unlink, and delete those left orphaned.
  const removed = run<{ removed: number }>(
    `MATCH (s:Source {id: $source})-[d:DESCRIBES]->(e:Entity)
     WHERE NOT e.id IN $ids
     DELETE d
     WITH DISTINCT e
     WHERE NOT EXISTS { (e)<-[:DESCRIBES]-(:Source) } AND NOT EXISTS { (e)--(:Entity) }
     DETACH DELETE e
     RETURN count(*) AS removed`,
    { source: source.id, ids: entityIds },
  ).then((rows) => (report.entities.removed = rows[0]?.removed ?? 0));
  if (inFlight) inFlight(removed);
  else await removed;
  return report;
}

/**
 * Removes everything a source brought: its statements (edges, nodes, evidence), its links to
 * entities, the entities no other source describes, and the Source node. Unlike retraction,
 * this keeps no history: it is for taking back a load made in error.
 *
 * @returns the number of statements removed, or undefined when the source is unknown.
 */
export async function purgeSource(
  executor: GraphExecutor,
  sourceId: string,
): Promise<number | undefined> {
  return executor.writeTransaction(async (run) => {
    const found = await run<{ n: number }>('MATCH (s:Source {id: $id}) RETURN count(s) AS n', {
      id: sourceId,
    });
    if ((found[0]?.n ?? 0) === 0) return undefined;
    const statements = await run<{ n: number }>(
      `MATCH (st:Statement {source: $id})
       OPTIONAL MATCH (a:Entity {id: st.subject})-[r]->(b:Entity {id: st.object})
       WHERE r.statementId = st.id
       DELETE r
       WITH DISTINCT st
       DETACH DELETE st
       RETURN count(*) AS n`,
      { id: sourceId },
    );
    await run(
      `MATCH (s:Source {id: $id})
       OPTIONAL MATCH (s)-[d:DESCRIBES]->(e:Entity)
       DELETE d
       WITH s, collect(e) AS entities
       DETACH DELETE s
       WITH entities
       UNWIND entities AS e
       WITH e WHERE NOT EXISTS { (e)<-[:DESCRIBES]-(:Source) } AND NOT EXISTS { (e)--(:Entity) }
       DETACH DELETE e`,
      { id: sourceId },
    );
    return statements[0]?.n ?? 0;
  });
}
