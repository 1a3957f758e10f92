import { ENTITY_KINDS, EntityKind } from '../ontology/entities';
import { RELATION_KINDS, RelationKind } from '../ontology/relations';
import { bumpGraphVersion } from './graph-version';
import { GraphExecutor, TxRunner } from './executor';
import { label, relationshipType } from './allow-list';
import { canonical } from '../ontology/canonical';
import { CATALOGUE_ORIGIN, CATALOGUE_PRECEDENCE } from '../ontology/dataset-format';
import type { Problem } from '../ontology/rules';
import { nearDuplicateWarning, viewConflict } from '../ontology/rules';
import { nameKey } from '../ontology/names';
import {
  ENTITY_BOOKKEEPING,
  EntityView,
  NAME_FIELDS,
  PropertyValue,
  mergeViews,
  saidOf,
  searchKeysOf,
} from './entity-codec';

/** A property value Neo4j can store. */

/** One source document and everything a dataset says about it, ready to write. */
export interface SourceWrite {
  id: string;
  /** Source node properties (title, sections, checksum, ...). */
  props: Record<string, PropertyValue>;
  entities: Array<{
    id: string;
    kind: EntityKind;
    /** What the dataset says of it; null for an entity it names but leaves to the catalogue. */
    props: Record<string, PropertyValue> | null;
    /** The hash of `props` (empty when null). */
    hash: string;
    /** Where the dataset declares it (0 when unknown). */
    line?: number;
    /** What the reference catalogue says of it, when the catalogue lists it. */
    catalogue?: Record<string, PropertyValue>;
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
  /** `keptEdits`: fields an editor changed that the dataset says otherwise, kept as edited. */
  entities: { written: number; unchanged: number; removed: number; keptEdits: number };
  /** `keptRetracted`: statements an editor retracted that the dataset still states. */
  statements: {
    added: number;
    updated: number;
    unchanged: number;
    retracted: number;
    keptRetracted: number;
  };
  evidence: number;
  /** Entities new to the graph with the name of one it holds under another id. */
  warnings: string[];
}

/** One field of an entity before and after a change (null: absent). */
export interface FieldChange {
  field: string;
  from: PropertyValue;
  to: PropertyValue;
}

/** The fields that differ between two property maps, bookkeeping left out, in name order. */
export function fieldChanges(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): FieldChange[] {
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return fields
    .filter((f) => !ENTITY_BOOKKEEPING.has(f))
    .map((field) => ({
      field,
      from: (before[field] ?? null) as PropertyValue,
      to: (after[field] ?? null) as PropertyValue,
    }))
    .filter((c) => JSON.stringify(c.from) !== JSON.stringify(c.to));
}

/**
 * What a load writes for an entity an editor changed: the dataset's properties, but the
 * editor's value for every field the editor changed (`editedFields`), with the search keys
 * derived again when a name was among them; and, per such field where the dataset says
 * otherwise, the dataset's value, which the change record keeps (`kept`).
 */
export function mergeEditorial(
  dataset: Record<string, PropertyValue>,
  current: Record<string, unknown>,
): { props: Record<string, PropertyValue>; kept: FieldChange[] } {
  const edited = Array.isArray(current.editedFields) ? (current.editedFields as string[]) : [];
  if (edited.length === 0) return { props: dataset, kept: [] };
  const props: Record<string, PropertyValue> = { ...dataset };
  const kept: FieldChange[] = [];
  for (const field of edited) {
    const editor = (current[field] ?? null) as PropertyValue;
    const wanted = dataset[field] ?? null;
    if (JSON.stringify(editor) !== JSON.stringify(wanted))
      kept.push({ field, from: editor, to: wanted });
    if (editor === null) delete props[field];
    else props[field] = editor;
  }
  if (edited.some((f) => NAME_FIELDS.has(f)))
    Object.assign(props, searchKeysOf({ ...props, id: props.id ?? current.id }));
  return { props, kept };
}

/** A view of an entity as a query reads it from a DESCRIBES relationship. */
export interface StoredView {
  source: string;
  precedence: number;
  view: string;
  /** Where that dataset declares the entity. */
  file: string | null;
  line: number | null;
}

/**
 * A load refused because a dataset says of a shared entity what another, already loaded, at
 * the same precedence, says otherwise (see viewConflict); nothing of the load was written.
 */
export class ViewConflictError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n'));
    this.name = 'ViewConflictError';
  }
}

/**
 * The views of the entity `e` that its DESCRIBES relationships keep, as a Cypher list of
 * {@link StoredView}s; those of every source but `$source` when `others` is set.
 */
const VIEWS = (e: string, others = false) => {
  const where = others ? ' AND vs.id <> $source' : '';
  return `[(${e})<-[d:DESCRIBES]-(vs:Source) WHERE d.view IS NOT NULL${where}
    | {source: vs.id, precedence: coalesce(vs.precedence, 0), view: d.view,
       file: vs.datasetFile, line: d.line}]
    + [(${e})<-[d:DESCRIBES]-(vs:Source) WHERE d.catalogue IS NOT NULL${where}
    | {source: '${CATALOGUE_ORIGIN}', precedence: ${CATALOGUE_PRECEDENCE}, view: d.catalogue,
       file: null, line: null}]`;
};

function parseView(stored: StoredView): EntityView {
  return {
    source: stored.source,
    precedence: Number(stored.precedence),
    props: JSON.parse(stored.view) as Record<string, unknown>,
  };
}

/**
 * Writes again, from what the datasets still describing them say, the entities a source has
 * stopped describing (unloaded, or no longer in its dataset): what it said leaves the node,
 * what the others say comes back. An editor's changes stay; each change is recorded with the
 * source as its origin. Entities no dataset describes any more are left as they are.
 */
async function remergeEntities(
  run: TxRunner,
  ids: readonly string[],
  origin: string,
): Promise<void> {
  if (ids.length === 0) return;
  const rows = await run<{ props: Record<string, unknown>; views: StoredView[] }>(
    `UNWIND $ids AS id MATCH (e:Entity {id: id})
     RETURN properties(e) AS props, ${VIEWS('e')} AS views`,
    { ids: [...ids] },
  );
  const rewrites: Array<Record<string, unknown>> = [];
  const changes: Array<Record<string, unknown>> = [];
  for (const row of rows) {
    if (row.views.length === 0) continue;
    const merged = mergeViews(row.views.map(parseView));
    if (merged.contentHash === row.props.contentHash) continue;
    const { props, kept } = mergeEditorial(merged, row.props);
    const changed = fieldChanges(row.props, props);
    const version = Number(row.props.version ?? 1) + (changed.length > 0 ? 1 : 0);
    rewrites.push({ id: row.props.id, props, version });
    if (changed.length > 0)
      changes.push({
        entity: row.props.id,
        version,
        fields: JSON.stringify(changed),
        kept: JSON.stringify(kept),
      });
  }
  await run(
    `UNWIND $rows AS row
     MATCH (e:Entity {id: row.id})
     WITH e, row, e {.createdAt, .createdBy, .updatedAt, .updatedBy, .editedFields} AS keep
     SET e = row.props
     SET e += keep, e.version = row.version`,
    { rows: rewrites },
  );
  await run(
    `UNWIND $changes AS c
     CREATE (:EntityChange {entity: c.entity, version: c.version, at: datetime(), origin: $origin,
                            fields: c.fields, kept: c.kept})`,
    { origin, changes },
  );
}

/**
 * The statement that writes a batch of statements of one kind: each statement's node, typed
 * edge and evidence in one row (the evidence needs no second look-up of the Statement by id
 * nor a statement of its own: PROFILE, 1,000 rows: 31,001 db hits and one round trip, against
 * 34,001 and two when the evidence came after). `fresh`: created without looking for them
 * first (see writeSource). Parameters: `$source`, `$rows`.
 */
export function statementBatchCypher(kind: RelationKind, fresh: boolean): string {
  return `MATCH (s:Source {id: $source})
         UNWIND $rows AS row
         MATCH (a:Entity {id: row.subject})
         MATCH (b:Entity {id: row.object})
         ${fresh ? 'CREATE (st:Statement)' : 'MERGE (st:Statement {id: row.id})'}
         SET st = row.statement, st.loadedAt = datetime()
         CREATE (a)-[r:${relationshipType(kind)}]->(b)
         SET r = row.edge
         FOREACH (e IN row.evidence | CREATE (st)-[ev:EVIDENCE]->(s) SET ev = e)`;
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
 * An entity `e` nothing needs any more: no source describes it, no relation touches it, and
 * no editor made or changed it (what an editor did survives every load and unload).
 */
const ORPHAN = `NOT EXISTS { (e)<-[:DESCRIBES]-(:Source) } AND NOT EXISTS { (e)--(:Entity) }
       AND e.editedFields IS NULL`;

/** What the graph holds of an entity a source is about to describe. */
export interface KnownEntity {
  /** Its kind label (null: none known). */
  kind: string | null;
  props: Record<string, unknown>;
  /** The views of the other sources describing it (and theirs of the catalogue). */
  views: StoredView[];
}

/** The entity nodes one source's write changes, and the history it records. */
export interface EntityPlan {
  rewrites: Array<{
    kind: EntityKind;
    row: { id: string; props: Record<string, PropertyValue>; version: number };
  }>;
  /** One EntityChange row per entity whose node changed (or whose edits it disagrees with). */
  changes: Array<{ entity: string; version: number; fields: string; kept: string }>;
  /** Fields an editor changed that the dataset says otherwise (kept as edited). */
  keptEdits: number;
}

/**
 * What one source's write does to its entities, given what the graph holds of them (`known`):
 * each node's properties, merged from every view, with an editor's changes kept; its version;
 * and the history rows. Pure: the Cypher load and the bulk import (bulk-import.ts) both plan
 * with it, so that both leave the same nodes.
 *
 * @throws ViewConflictError when the source says of a shared entity what another loaded at
 *   the same precedence says otherwise.
 */
export function planEntities(
  source: SourceWrite,
  known: ReadonlyMap<string, KnownEntity>,
  rewriteAll: boolean,
): EntityPlan {
  // What the node holds: what this dataset says, merged with what the others describing the
  // entity say (their views, kept on their DESCRIBES relationships).
  const precedence = Number(source.props.precedence ?? 0);
  // A shared entity said otherwise by a dataset already loaded, at the same precedence: the
  // load is refused (as validation refuses it between files loaded together).
  const conflicts: Problem[] = [];
  for (const entity of source.entities) {
    const said = entity.props;
    if (!said) continue;
    for (const other of known.get(entity.id)?.views ?? []) {
      // The catalogue is below every dataset: it never clashes (validation checks its kinds).
      if (other.source === CATALOGUE_ORIGIN) continue;
      const message = viewConflict(
        entity.id,
        { kind: entity.kind, props: saidOf(said), precedence },
        {
          kind: entity.kind,
          props: saidOf(parseView(other).props),
          precedence: Number(other.precedence),
          at: `${other.file ?? other.source}:${other.line ?? '?'}`,
        },
      );
      if (message)
        conflicts.push({
          file: String(source.props.datasetFile ?? source.id),
          line: entity.line ?? 0,
          column: 1,
          message,
        });
    }
  }
  if (conflicts.length > 0) throw new ViewConflictError(conflicts);
  const mergedOf = (entity: SourceWrite['entities'][number]) => {
    const others = known.get(entity.id)?.views ?? [];
    if (others.length === 0 && entity.props && !entity.catalogue)
      return { props: entity.props, hash: entity.hash };
    const props = mergeViews([
      ...others.map(parseView),
      ...(entity.props ? [{ source: source.id, precedence, props: entity.props }] : []),
      ...(entity.catalogue
        ? [
            {
              source: CATALOGUE_ORIGIN,
              precedence: CATALOGUE_PRECEDENCE,
              props: entity.catalogue,
            },
          ]
        : []),
    ]);
    return { props, hash: String(props.contentHash) };
  };
  // Rewritten: those whose content or kind changed (all, with rewriteAll). What an editor
  // changed stays (mergeEditorial); the version goes up when what the node holds changes.
  const rewrites: EntityPlan['rewrites'] = [];
  const changes: EntityPlan['changes'] = [];
  let keptEdits = 0;
  for (const entity of source.entities) {
    const current = known.get(entity.id);
    const merged = mergedOf(entity);
    if (!current) {
      rewrites.push({ kind: entity.kind, row: { id: entity.id, props: merged.props, version: 1 } });
      continue;
    }
    if (!rewriteAll && current.kind === entity.kind && current.props.contentHash === merged.hash)
      continue;
    const { props, kept } = mergeEditorial(merged.props, current.props);
    const changed = fieldChanges(current.props, props);
    const version = Number(current.props.version ?? 1);
    const next = changed.length > 0 || current.kind !== entity.kind ? version + 1 : version;
    rewrites.push({ kind: entity.kind, row: { id: entity.id, props, version: next } });
    keptEdits += kept.length;
    // A forced reload of the same dataset disagrees with the editor no more than before.
    const news = current.props.contentHash !== merged.hash;
    if (changed.length > 0 || (kept.length > 0 && news))
      changes.push({
        entity: entity.id,
        version: next,
        fields: JSON.stringify(changed),
        kept: JSON.stringify(kept),
      });
  }
  return { rewrites, changes, keptEdits };
}

/** The DESCRIBES relationship of a source to each entity it names: its view, line, catalogue. */
export function describesRows(source: SourceWrite): Array<{
  id: string;
  view: string | null;
  line: number | null;
  catalogue: string | null;
}> {
  return source.entities.map((e) => ({
    id: e.id,
    view: e.props ? canonical(e.props) : null,
    line: e.props ? (e.line ?? null) : null,
    catalogue: e.catalogue ? canonical(e.catalogue) : null,
  }));
}

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
  /**
   * The graph held no statement and no entity when the load began, and only this load writes
   * to it (a staged load): statements are created without looking for them first, and the
   * entities are not compared by name with the graph's (only this load's files are there, and
   * validation compared those).
   */
  fresh = false,
): Promise<WriteReport> {
  const report: WriteReport = {
    source: source.id,
    entities: { written: 0, unchanged: 0, removed: 0, keptEdits: 0 },
    statements: { added: 0, updated: 0, unchanged: 0, retracted: 0, keptRetracted: 0 },
    evidence: 0,
    warnings: [],
  };

  await run(
    'MERGE (s:Source {id: $id}) SET s += $props, s.loadedAt = datetime(), s.unloadedAt = null',
    {
      id: source.id,
      props: source.props,
    },
  );

  // Entities: what the graph holds of each, write-locked until the load commits, so that an
  // editor's change made meanwhile waits instead of being overwritten or outnumbered.
  const entityIds = source.entities.map((e) => e.id);
  const known = new Map<string, KnownEntity>();
  for (const batch of chunks(entityIds, batchSize)) {
    const rows = await run<{
      kind: string | null;
      props: Record<string, unknown>;
      views: StoredView[];
    }>(
      `UNWIND $ids AS id MATCH (e:Entity {id: id})
       SET e._lock = true REMOVE e._lock
       RETURN [l IN labels(e) WHERE l <> 'Entity'][0] AS kind, properties(e) AS props,
              ${VIEWS('e', true)} AS views`,
      { ids: batch, source: source.id },
    );
    for (const row of rows) known.set(String(row.props.id), row);
  }
  // A new id with the name of an entity the graph holds under another id, of the same kind:
  // warned about, as validation warns between files (one scan of the entities per source).
  const unknown = fresh
    ? []
    : source.entities.flatMap((e) =>
        e.props && !known.has(e.id) && typeof e.props.name === 'string'
          ? [{ id: e.id, kind: e.kind, key: nameKey(e.props.name), line: e.line ?? 0 }]
          : [],
      );
  if (unknown.length > 0) {
    const matches = await run<{ key: string; id: string; kind: string; at: string | null }>(
      `MATCH (e:Entity) WHERE NOT e.id IN $ids
       UNWIND e.lookupKeys AS key
       WITH e, key WHERE key IN $keys
       RETURN key, e.id AS id, [l IN labels(e) WHERE l <> 'Entity'][0] AS kind,
              [(e)<-[d:DESCRIBES]-(s:Source) WHERE d.view IS NOT NULL
                 | s.datasetFile + ':' + toString(d.line)][0] AS at`,
      { ids: unknown.map((e) => e.id), keys: [...new Set(unknown.map((e) => e.key))] },
    );
    const file = String(source.props.datasetFile ?? source.id);
    for (const entity of unknown)
      for (const match of matches)
        if (match.key === entity.key && match.kind === entity.kind)
          report.warnings.push(
            `${file}:${entity.line}: ${nearDuplicateWarning(entity.id, entity.kind, match.id, match.at ?? `the graph, ${match.id}`)}`,
          );
  }

  const plan = planEntities(source, known, rewriteAll);
  const { rewrites, changes } = plan;
  report.entities.keptEdits += plan.keptEdits;
  report.entities.unchanged = source.entities.length - rewrites.length;
  for (const kind of ENTITY_KINDS) {
    const rows = rewrites.filter((r) => r.kind === kind).map((r) => r.row);
    for (const batch of chunks(rows, batchSize)) {
      await run(
        `UNWIND $rows AS row
         MERGE (e:Entity {id: row.id})
         WITH e, row, e {.createdAt, .createdBy, .updatedAt, .updatedBy, .editedFields} AS keep
         SET e = row.props
         SET e += keep, e.version = row.version
         REMOVE e${ALL_KIND_LABELS}
         SET e:${label(kind)}`,
        { rows: batch },
      );
      report.entities.written += batch.length;
      tick(batch.length);
    }
  }
  for (const batch of chunks(changes, batchSize)) {
    await run(
      `UNWIND $changes AS c
       CREATE (:EntityChange {entity: c.entity, version: c.version, at: datetime(), origin: $source,
                              fields: c.fields, kept: c.kept})`,
      { source: source.id, changes: batch },
    );
  }
  const views = describesRows(source);
  for (const batch of chunks(views, batchSize)) {
    await run(
      `MATCH (s:Source {id: $source})
       UNWIND $views AS v
       MATCH (e:Entity {id: v.id})
       MERGE (s)-[d:DESCRIBES]->(e)
       SET d.view = v.view, d.line = v.line, d.catalogue = v.catalogue`,
      { source: source.id, views: batch },
    );
  }
  tick(report.entities.unchanged);

  // Statements: compare with what the graph holds for this source.
  const existing = new Map<string, { hash: string; retracted: boolean; byEditor: boolean }>();
  const stored = await run<{ id: string; hash: string; retracted: boolean; byEditor: boolean }>(
    `MATCH (st:Statement {source: $source})
     RETURN st.id AS id, st.hash AS hash, st.retractedAt IS NOT NULL AS retracted,
            st.retractedBy IS NOT NULL AS byEditor`,
    { source: source.id },
  );
  for (const row of stored) existing.set(row.id, row);

  const wanted = new Set(source.statements.map((s) => s.id));
  let unchangedRows = 0;
  // An editor's retraction stands whatever the dataset says: the statement stays out of the
  // graph, and `restatedAt` records that the dataset still states it (the history shows both).
  const restated: string[] = [];
  const toWrite = source.statements.filter((s) => {
    const old = existing.get(s.id);
    if (old?.retracted && old.byEditor) {
      restated.push(s.id);
      report.statements.keptRetracted++;
      unchangedRows += 1 + s.evidence.length;
      return false;
    }
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
  const unstated = [...existing]
    .filter(([id, s]) => s.byEditor && !wanted.has(id))
    .map(([id]) => id);
  for (const [ids, restatedAt] of [
    [restated, 'datetime()'],
    [unstated, 'null'],
  ] as const) {
    for (const batch of chunks(ids, batchSize)) {
      await run(
        `UNWIND $ids AS id MATCH (st:Statement {id: id}) SET st.restatedAt = ${restatedAt}`,
        {
          ids: batch,
        },
      );
    }
  }

  // Each statement's node, typed edge and evidence in one row (statementBatchCypher).
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
      const write = run(statementBatchCypher(kind, fresh), { source: source.id, rows: batch }).then(
        () => tick(batch.length + evidence),
      );
      report.evidence += evidence;
      if (inFlight) inFlight(write);
      else await write;
    }
  }

  // Entities this source no longer describes: unlink, and delete those left orphaned (but
  // not one an editor made or changed).
  const removed = run<{ removed: number; kept: string[] }>(
    `OPTIONAL MATCH (s:Source {id: $source})-[d:DESCRIBES]->(e:Entity)
     WHERE NOT e.id IN $ids
     DELETE d
     WITH DISTINCT e
     WITH collect(CASE WHEN ${ORPHAN} THEN e END) AS orphans,
          collect(CASE WHEN NOT (${ORPHAN}) THEN e.id END) AS kept
     CALL (orphans) { UNWIND orphans AS o DETACH DELETE o }
     RETURN size(orphans) AS removed, kept`,
    { source: source.id, ids: entityIds },
  ).then(async (rows) => {
    report.entities.removed = rows[0]?.removed ?? 0;
    // What the others say of the entities this source no longer describes is theirs again.
    await remergeEntities(run, rows[0]?.kept ?? [], source.id);
  });
  if (inFlight) inFlight(removed);
  else await removed;
  return report;
}

/**
 * Removes everything a source brought: its statements (edges, nodes, evidence), its links to
 * entities, the entities nothing else needs (see {@link ORPHAN}), and the Source node. Unlike
 * retraction, this keeps no history of the source's own statements: it is for taking back a
 * load made in error. What editors did stays: the entities they made or changed, their
 * relations, and the Source node itself while relations added by editors cite it (their
 * evidence quotes it), emptied of the dataset (`unloadedAt` set).
 *
 * @returns how many statements were removed and how many editorial relations still cite the
 *   source, or undefined when the source is unknown.
 */
export async function purgeSource(
  executor: GraphExecutor,
  sourceId: string,
): Promise<{ statements: number; citedByEditors: number } | undefined> {
  return executor.writeTransaction(async (run) => {
    const found = await run<{ n: number }>('MATCH (s:Source {id: $id}) RETURN count(s) AS n', {
      id: sourceId,
    });
    if ((found[0]?.n ?? 0) === 0) return undefined;
    // The ends of its relations too: an entity another source declared may be left with
    // nothing that needs it once they are gone.
    const statements = await run<{ n: number; ends: string[] }>(
      `MATCH (st:Statement {source: $id})
       OPTIONAL MATCH (a:Entity {id: st.subject})-[r]->(b:Entity {id: st.object})
       WHERE r.statementId = st.id
       DELETE r
       WITH DISTINCT st
       WITH st, st.id AS sid, [st.subject, st.object] AS ends
       DETACH DELETE st
       WITH sid, ends
       UNWIND ends AS end
       RETURN count(DISTINCT sid) AS n, collect(DISTINCT end) AS ends`,
      { id: sourceId },
    );
    const cited = await run<{ n: number }>(
      'MATCH (:Source {id: $id})<-[:EVIDENCE]-(st:Statement) RETURN count(DISTINCT st) AS n',
      { id: sourceId },
    );
    const citedByEditors = cited[0]?.n ?? 0;
    const described = await run<{ id: string }>(
      'MATCH (:Source {id: $id})-[:DESCRIBES]->(e:Entity) RETURN e.id AS id',
      { id: sourceId },
    );
    await run(
      `MATCH (s:Source {id: $id})
       OPTIONAL MATCH (s)-[d:DESCRIBES]->(e:Entity)
       DELETE d
       WITH s, collect(e) AS described
       OPTIONAL MATCH (end:Entity) WHERE end.id IN $ends
       WITH s, described, collect(end) AS ends
       WITH s, described + ends AS entities
       CALL (s) {
         WITH s WHERE $keep
         SET s.unloadedAt = datetime(), s.checksum = null, s.statementCount = 0, s.entityCount = 0
       }
       CALL (s) {
         WITH s WHERE NOT $keep
         DETACH DELETE s
       }
       WITH entities
       UNWIND entities AS e
       WITH DISTINCT e WHERE ${ORPHAN}
       DETACH DELETE e`,
      { id: sourceId, keep: citedByEditors > 0, ends: statements[0]?.ends ?? [] },
    );
    // What the other datasets say of the entities this one described is theirs again.
    await remergeEntities(
      run,
      described.map((r) => r.id),
      sourceId,
    );
    await bumpGraphVersion(run);
    return { statements: statements[0]?.n ?? 0, citedByEditors };
  });
}
