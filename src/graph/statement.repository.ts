import { MODALITIES, Modality, RelationKind } from '../ontology/relations';
import { ENTITY_PROJECTION, EntityRecord, NodeRow, toEntity } from './entity.repository';
import { GraphReader } from './executor';
import { relationshipTypes } from './allow-list';

/** One evidence record of a statement. */
export interface EvidenceRecord {
  source: string;
  sourceTitle: string;
  section: string;
  heading: string | null;
  quote: string;
  /** Code point offsets in the source text; null when the text was not supplied at load. */
  start: number | null;
  end: number | null;
}

export type QualifierValue = string | number | boolean | string[];

/** A statement as read from the graph: a typed edge, its qualifiers and, when read with it, its evidence. */
export interface StatementRecord {
  id: string;
  kind: RelationKind;
  subject: EntityRecord;
  object: EntityRecord;
  qualifiers: Record<string, QualifierValue>;
  modality: Modality;
  source: string;
  /** Present when the query read it; otherwise load it with {@link StatementRepository.evidenceOf}. */
  evidence?: EvidenceRecord[];
}

/** Which statements to read. Every field narrows; absent fields do not. */
export interface StatementFilter {
  kinds?: readonly RelationKind[];
  subject?: string;
  object?: string;
  /** Either end. */
  entity?: string;
  /** The `in` qualifier: the country where it happens. */
  in?: string;
  via?: string;
  regarding?: string;
  year?: number;
  /** Statements touching this entity at either end or through `in` or `regarding`. */
  involving?: string;
  source?: string;
  modalities?: readonly Modality[];
  /** Keyset: only statements whose id sorts after this one. */
  afterId?: string;
  limit?: number;
}

/** Which way relations are followed from an entity. */
export type Direction = 'OUTGOING' | 'INCOMING' | 'BOTH';

/** Which relations of an entity to read, and which page of them. */
export interface RelationsOptions {
  kinds?: readonly RelationKind[];
  direction: Direction;
  modalities?: readonly Modality[];
  offset: number;
  limit: number;
  /** Also count each entity's matching relations (else `total` is -1). */
  withTotal: boolean;
}

/** A path between two entities. */
export interface PathRecord {
  entities: EntityRecord[];
  statements: StatementRecord[];
}

const EDGE_META = new Set(['statementId', 'source', 'modality']);

interface EdgeRow extends Record<string, unknown> {
  kind: RelationKind;
  props: Record<string, unknown>;
  a: NodeRow;
  b: NodeRow;
  evidence?: Array<EvidenceRecord & { ordinal: number }>;
}

const EVIDENCE_SUBQUERY = (r: string) => `CALL (${r}) {
         OPTIONAL MATCH (:Statement {id: ${r}.statementId})-[ev:EVIDENCE]->(src:Source)
         WITH ev, src ORDER BY ev.ordinal
         RETURN collect(CASE WHEN ev IS NULL THEN NULL ELSE {
           source: src.id, sourceTitle: src.title, section: ev.section, heading: ev.heading,
           quote: ev.quote, start: ev.start, end: ev.end, ordinal: ev.ordinal } END) AS evidence
       }`;

/** Reads statements: the typed edges between entities, their qualifiers and evidence. */
export class StatementRepository {
  constructor(private readonly reader: GraphReader) {}

  /** Statements matching the filter, in statement id order, with their evidence. */
  async find(filter: StatementFilter = {}): Promise<StatementRecord[]> {
    const types = relationshipTypes(filter.kinds);
    if (!types) return [];
    const rows = await this.reader.read<EdgeRow>(
      `MATCH (a:Entity)-[r:${types}]->(b:Entity)
       WHERE ${STATEMENT_FILTER}
         AND ($afterId IS NULL OR r.statementId > $afterId)
       WITH a, r, b
       ORDER BY r.statementId
       LIMIT $limit
       ${EVIDENCE_SUBQUERY('r')}
       RETURN type(r) AS kind, properties(r) AS props, ${ENTITY_PROJECTION('a')} AS a, ${ENTITY_PROJECTION('b')} AS b, evidence`,
      {
        ...filterParams(filter),
        afterId: filter.afterId ?? null,
        limit: Math.max(1, Math.min(filter.limit ?? 1000, 10_000)),
      },
    );
    return rows.flatMap(toStatement);
  }

  /** How many statements match the filter. */
  async count(filter: StatementFilter = {}): Promise<number> {
    const types = relationshipTypes(filter.kinds);
    if (!types) return 0;
    const rows = await this.reader.read<{ n: number }>(
      `MATCH (a:Entity)-[r:${types}]->(b:Entity) WHERE ${STATEMENT_FILTER} RETURN count(r) AS n`,
      filterParams(filter),
    );
    return rows[0]?.n ?? 0;
  }

  /**
   * The relations of many entities at once (one round trip, whatever their number): for each
   * entity, up to `limit` relations after skipping `offset`, in statement id order, and the
   * total each entity has when asked. Evidence is left to {@link evidenceOf}, one batch per
   * level, and read only when a client selects it.
   */
  async relationsOf(
    ids: readonly string[],
    options: RelationsOptions,
  ): Promise<Map<string, { statements: StatementRecord[]; total: number }>> {
    const result = new Map<string, { statements: StatementRecord[]; total: number }>(
      ids.map((id) => [id, { statements: [], total: 0 }]),
    );
    const types = relationshipTypes(options.kinds);
    if (!types || ids.length === 0) return result;
    const pattern = {
      OUTGOING: `(e)-[r:${types}]->(o:Entity)`,
      INCOMING: `(e)<-[r:${types}]-(o:Entity)`,
      BOTH: `(e)-[r:${types}]-(o:Entity)`,
    }[options.direction];
    const rows = await this.reader.read<{
      id: string;
      total: number;
      self: NodeRow;
      edges: Array<{
        kind: RelationKind;
        props: Record<string, unknown>;
        other: NodeRow;
        outgoing: boolean;
      }>;
    }>(
      `UNWIND $ids AS id
       MATCH (e:Entity {id: id})
       ${
         options.withTotal
           ? `CALL (e) {
         MATCH ${pattern}
         WHERE r.modality IN $modalities
         RETURN count(r) AS total
       }`
           : 'WITH id, e, -1 AS total'
       }
       CALL (e) {
         MATCH ${pattern}
         WHERE r.modality IN $modalities
         WITH r, o ORDER BY r.statementId SKIP $offset LIMIT $limit
         // The entity itself is projected once per row below, not once per relation.
         RETURN collect({kind: type(r), props: properties(r), other: ${ENTITY_PROJECTION('o')}, outgoing: startNode(r) = e}) AS edges
       }
       RETURN id, total, ${ENTITY_PROJECTION('e')} AS self, edges`,
      {
        ids: [...new Set(ids)],
        modalities: [...(options.modalities ?? MODALITIES)],
        offset: options.offset,
        limit: options.limit,
      },
    );
    for (const row of rows) {
      result.set(row.id, {
        total: options.withTotal ? row.total : -1,
        statements: row.edges.flatMap((edge) =>
          toStatement({
            kind: edge.kind,
            props: edge.props,
            a: edge.outgoing ? row.self : edge.other,
            b: edge.outgoing ? edge.other : row.self,
          }),
        ),
      });
    }
    return result;
  }

  /** The evidence of many statements, in one round trip. */
  async evidenceOf(statementIds: readonly string[]): Promise<Map<string, EvidenceRecord[]>> {
    const rows = await this.reader.read<{
      id: string;
      evidence: Array<EvidenceRecord & { ordinal: number }>;
    }>(
      `UNWIND $ids AS id
       MATCH (st:Statement {id: id})-[ev:EVIDENCE]->(src:Source)
       WITH id, ev, src ORDER BY ev.ordinal
       RETURN id, collect({source: src.id, sourceTitle: src.title, section: ev.section, heading: ev.heading,
                           quote: ev.quote, start: ev.start, end: ev.end, ordinal: ev.ordinal}) AS evidence`,
      { ids: [...new Set(statementIds)] },
    );
    const found = new Map<string, EvidenceRecord[]>(statementIds.map((id) => [id, []]));
    for (const row of rows) found.set(row.id, row.evidence.map(stripOrdinal));
    return found;
  }

  /**
   * The shortest paths between two entities, over the given kinds, in either direction,
   * of at most `maxHops` relations (a clamped integer: paths are never unbounded).
   */
  async shortestPaths(
    from: string,
    to: string,
    options: { kinds?: readonly RelationKind[]; maxHops: number; limit: number },
  ): Promise<PathRecord[]> {
    const types = relationshipTypes(options.kinds);
    if (!types) return [];
    const hops = clampHops(options.maxHops);
    const rows = await this.reader.read<{ nodes: NodeRow[]; edges: EdgeRow[] }>(
      `MATCH p = allShortestPaths((a:Entity {id: $from})-[:${types}*..${hops}]-(b:Entity {id: $to}))
       WITH p LIMIT $limit
       RETURN [n IN nodes(p) | ${ENTITY_PROJECTION('n')}] AS nodes,
              [r IN relationships(p) | {kind: type(r), props: properties(r), a: startNode(r).id, b: endNode(r).id}] AS edges`,
      { from, to, limit: options.limit },
    );
    return rows.map((row) => {
      const byId = new Map(row.nodes.map((n) => [String(n.id), n]));
      return {
        entities: row.nodes.map(toEntity).filter((e): e is EntityRecord => e !== undefined),
        statements: row.edges.flatMap((edge) =>
          toStatement({
            ...edge,
            a: byId.get(String(edge.a)) as NodeRow,
            b: byId.get(String(edge.b)) as NodeRow,
          }),
        ),
      };
    });
  }

  /**
   * One ring of a neighbourhood: the relations of the frontier entities (both directions),
   * at most `limit` of them in all.
   */
  async ring(
    frontier: readonly string[],
    options: { kinds?: readonly RelationKind[]; limit: number; modalities?: readonly Modality[] },
  ): Promise<StatementRecord[]> {
    const types = relationshipTypes(options.kinds);
    if (!types || frontier.length === 0) return [];
    const rows = await this.reader.read<EdgeRow>(
      `UNWIND $ids AS id
       MATCH (e:Entity {id: id})-[r:${types}]-(:Entity)
       WHERE r.modality IN $modalities
       WITH DISTINCT r
       ORDER BY r.statementId
       LIMIT $limit
       WITH r, startNode(r) AS a, endNode(r) AS b
       RETURN type(r) AS kind, properties(r) AS props, ${ENTITY_PROJECTION('a')} AS a, ${ENTITY_PROJECTION('b')} AS b`,
      {
        ids: [...new Set(frontier)],
        limit: options.limit,
        modalities: [...(options.modalities ?? MODALITIES)],
      },
    );
    return rows.flatMap(toStatement);
  }
}

const STATEMENT_FILTER = `($subject IS NULL OR a.id = $subject)
         AND ($object IS NULL OR b.id = $object)
         AND ($entity IS NULL OR a.id = $entity OR b.id = $entity)
         AND ($involving IS NULL OR a.id = $involving OR b.id = $involving OR r.\`in\` = $involving OR r.regarding = $involving)
         AND ($in IS NULL OR r.\`in\` = $in)
         AND ($via IS NULL OR r.via = $via)
         AND ($regarding IS NULL OR r.regarding = $regarding)
         AND ($year IS NULL OR r.year = $year OR r.since = $year OR r.until = $year)
         AND ($source IS NULL OR r.source = $source)
         AND r.modality IN $modalities`;

function filterParams(filter: StatementFilter) {
  return {
    subject: filter.subject ?? null,
    object: filter.object ?? null,
    entity: filter.entity ?? null,
    involving: filter.involving ?? null,
    in: filter.in ?? null,
    via: filter.via ?? null,
    regarding: filter.regarding ?? null,
    year: filter.year ?? null,
    source: filter.source ?? null,
    modalities: [...(filter.modalities ?? MODALITIES)],
  };
}

/** Hop caps are spliced into Cypher, so they are always integers between 1 and 6. */
export function clampHops(hops: number): number {
  return Math.max(1, Math.min(6, Math.trunc(Number.isFinite(hops) ? hops : 1)));
}

function stripOrdinal({
  ordinal: _ordinal,
  ...evidence
}: EvidenceRecord & { ordinal: number }): EvidenceRecord {
  return evidence;
}

function toStatement(row: EdgeRow): StatementRecord[] {
  const subject = toEntity(row.a);
  const object = toEntity(row.b);
  if (!subject || !object) return [];
  const qualifiers: Record<string, QualifierValue> = {};
  for (const [key, value] of Object.entries(row.props)) {
    if (!EDGE_META.has(key) && value !== null) qualifiers[key] = value as QualifierValue;
  }
  return [
    {
      id: String(row.props.statementId),
      kind: row.kind,
      subject,
      object,
      qualifiers,
      modality: row.props.modality as Modality,
      source: String(row.props.source),
      evidence: row.evidence?.map(stripOrdinal),
    },
  ];
}
