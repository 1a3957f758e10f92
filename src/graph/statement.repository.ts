import {
  MODALITIES,
  Modality,
  QualifierName,
  RELATION_KIND_SPECS,
  RelationKind,
} from '../ontology/relations';
import {
  PageSink,
  RelationsPage,
  RelationsPlan,
  decodeRelations,
  relationsTail,
} from './relations-tree';
import { ENTITY_MAP, ENTITY_PROJECTION, EntityRecord, NodeRow, toEntity } from './entity-codec';
import {
  EVIDENCE_MAP,
  EdgeRow,
  EvidenceRecord,
  StatementRecord,
  evidenceSubquery,
  stripOrdinal,
  toStatement,
} from './statement-record';
import { GraphReader } from './executor';
import { relationshipTypes, typesBySymmetry } from './allow-list';

export type { EvidenceRecord, QualifierValue, StatementRecord } from './statement-record';
export type { RelationsOptions } from './relations-tree';

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
  /** Statements touching this entity at either end or through a qualifier of INVOLVING. */
  involving?: string;
  source?: string;
  /** Only statements of these sources (dataset source ids, or `editorial`). */
  sources?: readonly string[];
  modalities?: readonly Modality[];
  /** Keyset: only statements whose id sorts after this one. */
  afterId?: string;
  /** Read the evidence with the statements (the default); else it is loaded when asked for. */
  withEvidence?: boolean;
}

/** A path between two entities. */
export interface PathRecord {
  /** Number of relations. */
  length: number;
  entities: EntityRecord[];
  statements: StatementRecord[];
}

/** Reads statements: the typed edges between entities, their qualifiers and evidence. */
export class StatementRepository {
  constructor(
    private readonly reader: GraphReader,
    /** See DENSE_RELATIONS_DEGREE. */
    private readonly denseDegree?: number,
  ) {}

  /**
   * The first `limit` statements matching the filter, in statement id order, with their
   * evidence. Callers ask for one more than they show, to know whether there are more.
   */
  async find(filter: StatementFilter, limit: number): Promise<StatementRecord[]> {
    if (!relationshipTypes(filter.kinds)) return [];
    const rows = await this.reader.read<EdgeRow>(
      `${anchoredMatch(filter.kinds, filter)}
       WITH a, r, b
       WHERE ${STATEMENT_FILTER}
         AND ($afterId IS NULL OR r.statementId > $afterId)
       WITH a, r, b
       ORDER BY r.statementId
       LIMIT $limit
       ${filter.withEvidence === false ? 'WITH a, r, b, null AS evidence' : evidenceSubquery('r', 'r.statementId', 'evidence')}
       RETURN type(r) AS kind, properties(r) AS props, ${ENTITY_PROJECTION('a')} AS a, ${ENTITY_PROJECTION('b')} AS b, evidence`,
      {
        ...filterParams(filter),
        afterId: filter.afterId ?? null,
        limit: Math.max(1, Math.floor(limit)),
      },
    );
    return rows.flatMap(toStatement);
  }

  /** The statement with this id, with its evidence; undefined when none is (or it was retracted). */
  async byId(id: string): Promise<StatementRecord | undefined> {
    const rows = await this.reader.read<EdgeRow>(
      `MATCH (st:Statement {id: $id})
       MATCH (a:Entity {id: st.subject})-[r]->(b:Entity {id: st.object})
       WHERE r.statementId = $id
       ${evidenceSubquery('r', 'r.statementId', 'evidence')}
       RETURN type(r) AS kind, properties(r) AS props, ${ENTITY_PROJECTION('a')} AS a, ${ENTITY_PROJECTION('b')} AS b, evidence`,
      { id },
    );
    return rows.flatMap(toStatement)[0];
  }

  /** How many statements match the filter. */
  async count(filter: StatementFilter = {}): Promise<number> {
    if (!relationshipTypes(filter.kinds)) return 0;
    const rows = await this.reader.read<{ n: number }>(
      `${anchoredMatch(filter.kinds, filter)}
       WITH a, r, b WHERE ${STATEMENT_FILTER} RETURN count(r) AS n`,
      filterParams(filter),
    );
    return rows[0]?.n ?? 0;
  }

  /**
   * The relations of many entities at once, in one round trip whatever their number: for each
   * entity, the page the plan asks for, in statement id order, with its total when asked for.
   * The plan's nested pages (relations of the entities at the other ends, as deep as the
   * client selected them) come back in the same statement and go to `sink`. Evidence is left
   * to {@link evidenceOf}, read only when a client selects it.
   */
  async relationsOf(
    ids: readonly string[],
    plan: RelationsPlan,
    sink: PageSink = () => undefined,
  ): Promise<Map<string, RelationsPage>> {
    const empty = plan.options.withTotal ? 0 : -1;
    const result = new Map<string, RelationsPage>(
      ids.map((id) => [id, { statements: [], total: empty }]),
    );
    if (ids.length === 0) return result;
    const tail = relationsTail('e', [plan], this.denseDegree);
    const rows = await this.reader.read<{ self: NodeRow; values: unknown[] }>(
      `UNWIND $ids AS id
       MATCH (e:Entity {id: id})
       ${tail.clause}
       RETURN ${ENTITY_PROJECTION('e')} AS self, ${tail.values} AS values`,
      { ...tail.params, ids: [...new Set(ids)] },
    );
    for (const row of rows) {
      const self = toEntity(row.self);
      if (!self) continue;
      decodeRelations(self, [plan], row.values, (p, id, page) => {
        if (p === plan) result.set(id, page);
        else sink(p, id, page);
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
       RETURN id, collect(${EVIDENCE_MAP}) AS evidence`,
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
    options: {
      kinds?: readonly RelationKind[];
      /** Only through relations of these modalities (all when absent). */
      modalities?: readonly Modality[];
      /** Only through relations these sources state (all when absent). */
      sources?: readonly string[];
      maxHops: number;
      limit: number;
      /** Read the relations too (the default); else only the entities, and the length. */
      withRelations?: boolean;
      /** The entity properties to read, when a client's selection reads no others. */
      properties?: readonly string[];
    },
  ): Promise<PathRecord[]> {
    const types = relationshipTypes(options.kinds);
    if (!types) return [];
    const hops = clampHops(options.maxHops);
    const withRelations = options.withRelations ?? true;
    const rows = await this.reader.read<{ nodes: NodeRow[]; edges: EdgeRow[] }>(
      `MATCH p = allShortestPaths((a:Entity {id: $from})-[:${types}*..${hops}]-(b:Entity {id: $to}))
       WHERE all(r IN relationships(p) WHERE r.modality IN $modalities${options.sources ? ' AND r.source IN $sources' : ''})
       WITH p LIMIT $limit
       RETURN [n IN nodes(p) | ${ENTITY_PROJECTION('n', withRelations ? undefined : options.properties)}] AS nodes,
              ${withRelations ? '[r IN relationships(p) | {kind: type(r), props: properties(r), a: startNode(r).id, b: endNode(r).id}]' : '[]'} AS edges`,
      {
        from,
        to,
        limit: options.limit,
        modalities: [...(options.modalities ?? MODALITIES)],
        sources: options.sources ? [...options.sources] : null,
      },
    );
    return rows.map((row) => {
      const byId = new Map(row.nodes.map((n) => [String(n.id), n]));
      return {
        length: row.nodes.length - 1,
        entities: row.nodes.map(toEntity).filter((e): e is EntityRecord => e !== undefined),
        statements: row.edges.flatMap((edge, i) => {
          // A symmetric relation reads the same both ways: it is given along the path.
          const along =
            RELATION_KIND_SPECS[edge.kind].symmetric && String(row.nodes[i]?.id) === String(edge.b);
          const [a, b] = along ? [edge.b, edge.a] : [edge.a, edge.b];
          return toStatement({
            ...edge,
            a: byId.get(String(a)) as NodeRow,
            b: byId.get(String(b)) as NodeRow,
          });
        }),
      };
    });
  }

  /**
   * The neighbourhood of an entity, ring by ring, in one statement: ring 1 is the centre's
   * relations, ring k+1 the relations of the entities ring k reached first, leaving out those
   * already taken; each ring by statement id, all rings together at most `limit` relations.
   * Undefined when no entity has the id.
   */
  async neighbourhood(
    centre: string,
    options: {
      depth: number;
      kinds?: readonly RelationKind[];
      limit: number;
      modalities?: readonly Modality[];
      /** Only relations these sources state (all when absent). */
      sources?: readonly string[];
      /**
       * Read only the ends' ids and names and the relations' ids, when the client selects no
       * more (a drawing's nodes and edges); else whole entities and qualifiers.
       */
      lean?: boolean;
    },
  ): Promise<{ centre: EntityRecord; rings: StatementRecord[][]; truncated: boolean } | undefined> {
    const types = relationshipTypes(options.kinds);
    const lean = options.lean ?? false;
    const bySource = options.sources ? ' AND r.source IN $sources' : '';
    const end = (v: string) => ENTITY_PROJECTION(v, lean ? ['id', 'name'] : undefined);
    // An edge as a list: its ends are expressions, which map projections cannot start from.
    const ends = (x: string) => ENTITY_MAP(x, lean ? ['id', 'name'] : undefined);
    const edge = (t: string) =>
      `[type(${t}), ${lean ? `${t} {.statementId, .source, .modality}` : `properties(${t})`}, ${ends(`startNode(${t})`)}, labels(startNode(${t})), ${ends(`endNode(${t})`)}, labels(endNode(${t}))]`;
    // Each ring: the first new relations of the frontier by statement id, as many as still
    // fit (one more says the answer was cut); the entities they reach first are the next
    // frontier.
    const ring = (last: boolean) => `CALL (frontier, kept) {
         // A full answer expands no further (a dense frontier holds thousands of relations).
         UNWIND CASE WHEN size(kept) < $limit THEN frontier ELSE [] END AS n
         MATCH (n)-[r:${types}]-(:Entity)
         WHERE r.modality IN $modalities${bySource}
         // The first by statement id, enough to hold what is left after leaving out those
         // already taken (at most $limit): a top-k sort, and the test against the taken ones
         // on these few only, not on every relation of a dense frontier.
         WITH DISTINCT r ORDER BY r.statementId LIMIT $limit * 2 + 1
         RETURN collect(r) AS candidates
       }
       WITH centre, reached, kept, rings, truncated, frontier, [x IN candidates WHERE NOT x IN kept] AS found
       WITH centre, reached, kept, rings, found[..($limit - size(kept))] AS taken,
            truncated OR size(found) > $limit - size(kept)
              OR (size(kept) >= $limit AND EXISTS {
                UNWIND frontier AS n
                MATCH (n)-[r:${types}]-(:Entity)
                WHERE r.modality IN $modalities${bySource} AND NOT r IN kept
              }) AS truncated
       WITH centre, reached, kept + taken AS kept, truncated, taken,
            rings + [[t IN taken | ${edge('t')}]] AS rings${
              last
                ? ''
                : `
       CALL (taken, reached) {
         UNWIND taken AS t
         UNWIND [startNode(t), endNode(t)] AS x
         WITH DISTINCT x WHERE NOT x IN reached
         RETURN collect(x) AS frontier
       }
       WITH centre, kept, truncated, rings, frontier, reached + frontier AS reached`
            }`;
    const rows = await this.reader.read<{
      centre: NodeRow;
      rings: RingEdge[][];
      truncated: boolean;
    }>(
      `MATCH (centre:Entity {id: $id})
       WITH centre, [centre] AS frontier, [centre] AS reached, [] AS kept, [] AS rings, false AS truncated
       ${types ? Array.from({ length: options.depth }, (_, i) => ring(i === options.depth - 1)).join('\n       ') : ''}
       RETURN ${end('centre')} AS centre, rings, truncated`,
      {
        id: centre,
        limit: options.limit,
        modalities: [...(options.modalities ?? MODALITIES)],
        sources: options.sources ? [...options.sources] : null,
      },
    );
    const row = rows[0];
    const entity = row ? toEntity(row.centre) : undefined;
    if (!row || !entity) return undefined;
    return {
      centre: entity,
      rings: row.rings.map((ring) =>
        ring.flatMap(([kind, props, a, aLabels, b, bLabels]) =>
          toStatement({ kind, props, a: { ...a, labels: aLabels }, b: { ...b, labels: bLabels } }),
        ),
      ),
      truncated: row.truncated,
    };
  }
}

/** A relation of a neighbourhood ring: kind, properties, and each end with its labels. */
type RingEdge = [
  kind: RelationKind,
  props: Record<string, unknown>,
  a: Record<string, unknown>,
  aLabels: string[],
  b: Record<string, unknown>,
  bLabels: string[],
];

/**
 * The entity qualifiers through which a statement involves an entity besides its ends: where
 * it happens, whom it regards, what money is for, the war it was part of (not `via`, the
 * channel it flows through).
 */
const INVOLVING: readonly QualifierName[] = ['in', 'regarding', 'purpose', 'during'];
const involvedThrough = INVOLVING.map((q) => `r.\`${q}\` = $involving`).join(' OR ');

const STATEMENT_FILTER = `($subject IS NULL OR a.id = $subject)
         AND ($object IS NULL OR b.id = $object)
         AND ($entity IS NULL OR a.id = $entity OR b.id = $entity)
         AND ($involving IS NULL OR a.id = $involving OR b.id = $involving OR ${involvedThrough})
         AND ($in IS NULL OR r.\`in\` = $in)
         AND ($via IS NULL OR r.via = $via)
         AND ($regarding IS NULL OR r.regarding = $regarding)
         AND ($year IS NULL OR r.year = $year OR r.since = $year OR r.until = $year)
         AND ($source IS NULL OR r.source = $source)
         AND ($sources IS NULL OR r.source IN $sources)
         AND r.modality IN $modalities`;

/**
 * The MATCH of a statement filter, binding `a`, `r`, `b` (subject, edge, object), started
 * from the entity it names where it names one (an index seek, not a scan of every relation
 * of the kinds), and, for a qualifier, over only the kinds that carry it. The full filter
 * still applies after it.
 *
 * Symmetric kinds read the same both ways: where the filter names an end, they are matched
 * in either direction and bound with the named entity at that end (`a` for the subject, `b`
 * for the object), so `from: "CHN", to: "KHM"` finds a partnership stored as KHM→CHN, and
 * gives it from China's side. Unanchored, every relation is matched once, as stored.
 */
function anchoredMatch(
  kinds: readonly RelationKind[] | undefined,
  filter: StatementFilter,
): string {
  const { directed, symmetric } = typesBySymmetry(kinds);
  const all = relationshipTypes(kinds) as string;
  /** One arm per sort of kind, each returning a, r, b; several are united. */
  const union = (arms: string[]) =>
    arms.length === 1
      ? (arms[0] as string)
      : `CALL () {
       ${arms.map((arm) => `${arm} RETURN a, r, b`).join('\n       UNION\n       ')}
       }`;
  const anchored = (a: string, b: string) =>
    union([
      ...(directed ? [`MATCH ${a}-[r:${directed}]->${b}`] : []),
      ...(symmetric ? [`MATCH ${a}-[r:${symmetric}]-${b}`] : []),
    ]);
  const subject = (id: string) => `(a:Entity {id: ${id}})`;
  const object = (id: string) => `(b:Entity {id: ${id}})`;
  if (filter.subject) return anchored(subject('$subject'), '(b:Entity)');
  if (filter.object) return anchored('(a:Entity)', object('$object'));
  const either = (id: string): string[] => [
    ...(directed
      ? [
          `MATCH ${subject(id)}-[r:${directed}]->(b:Entity)`,
          `MATCH (a:Entity)-[r:${directed}]->${object(id)}`,
        ]
      : []),
    ...(symmetric ? [`MATCH ${subject(id)}-[r:${symmetric}]-(b:Entity)`] : []),
  ];
  const edge = (t: string) => `(a:Entity)-[r:${t}]->(b:Entity)`;
  const carrying = (...names: QualifierName[]) =>
    relationshipTypes(
      (all.split('|') as RelationKind[]).filter((k) =>
        RELATION_KIND_SPECS[k].qualifiers.some((q) => names.includes(q)),
      ),
    );
  if (filter.entity) return union(either('$entity'));
  if (filter.involving) {
    const qualified = carrying(...INVOLVING);
    return union([
      ...either('$involving'),
      ...(qualified ? [`MATCH ${edge(qualified)} WHERE ${involvedThrough}`] : []),
    ]);
  }
  for (const name of ['in', 'via', 'regarding'] as const) {
    if (filter[name] === undefined) continue;
    const qualified = carrying(name);
    // No kind of those asked for carries the qualifier: nothing can match.
    return qualified ? `MATCH ${edge(qualified)}` : `MATCH ${edge(all)} WHERE false`;
  }
  return `MATCH ${edge(all)}`;
}

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
    sources: filter.sources ? [...filter.sources] : null,
    modalities: [...(filter.modalities ?? MODALITIES)],
  };
}

/** Hop caps are spliced into Cypher, so they are always integers between 1 and 6. */
export function clampHops(hops: number): number {
  return Math.max(1, Math.min(6, Math.trunc(Number.isFinite(hops) ? hops : 1)));
}
