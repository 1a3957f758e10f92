import { EntityKind, kindFromLabels } from '../ontology/entities';
import { MODALITIES, Modality, RELATION_KINDS, RelationKind } from '../ontology/relations';
import { GraphExecutor } from './executor';

/** An end of a statement. */
export interface EntityRef {
  id: string;
  kind: EntityKind;
  name: string;
}

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

/** A statement as read from the graph. */
export interface StatementRecord {
  id: string;
  kind: RelationKind;
  subject: EntityRef;
  object: EntityRef;
  qualifiers: Record<string, string | number | boolean | string[]>;
  modality: Modality;
  source: string;
  evidence: EvidenceRecord[];
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
  source?: string;
  modalities?: readonly Modality[];
  limit?: number;
}

const EDGE_META = new Set(['statementId', 'source', 'modality']);

interface Row extends Record<string, unknown> {
  id: string;
  kind: RelationKind;
  props: Record<string, unknown>;
  subject: { id: string; name: string; labels: string[] };
  object: { id: string; name: string; labels: string[] };
  evidence: Array<EvidenceRecord & { ordinal: number }>;
}

/** Reads statements: the typed edges, their qualifiers and their evidence. */
export class StatementRepository {
  constructor(private readonly executor: GraphExecutor) {}

  /** Statements matching the filter, ordered by kind, subject and object. */
  async find(filter: StatementFilter = {}): Promise<StatementRecord[]> {
    const kinds = (filter.kinds ?? RELATION_KINDS).filter((k) => RELATION_KINDS.includes(k));
    if (kinds.length === 0) return [];
    // Relationship types come from the closed vocabulary only.
    const types = kinds.join('|');
    const rows = await this.executor.read<Row>(
      `MATCH (a:Entity)-[r:${types}]->(b:Entity)
       WHERE ($subject IS NULL OR a.id = $subject)
         AND ($object IS NULL OR b.id = $object)
         AND ($entity IS NULL OR a.id = $entity OR b.id = $entity)
         AND ($in IS NULL OR r.\`in\` = $in)
         AND ($via IS NULL OR r.via = $via)
         AND ($regarding IS NULL OR r.regarding = $regarding)
         AND ($year IS NULL OR r.year = $year)
         AND ($source IS NULL OR r.source = $source)
         AND r.modality IN $modalities
       WITH a, r, b
       ORDER BY type(r), a.id, b.id, r.statementId
       LIMIT $limit
       CALL (r) {
         OPTIONAL MATCH (:Statement {id: r.statementId})-[ev:EVIDENCE]->(src:Source)
         WITH ev, src ORDER BY ev.ordinal
         RETURN collect(CASE WHEN ev IS NULL THEN NULL ELSE {
           source: src.id, sourceTitle: src.title, section: ev.section, heading: ev.heading,
           quote: ev.quote, start: ev.start, end: ev.end, ordinal: ev.ordinal } END) AS evidence
       }
       RETURN r.statementId AS id, type(r) AS kind, properties(r) AS props,
              {id: a.id, name: a.name, labels: labels(a)} AS subject,
              {id: b.id, name: b.name, labels: labels(b)} AS object,
              evidence`,
      {
        subject: filter.subject ?? null,
        object: filter.object ?? null,
        entity: filter.entity ?? null,
        in: filter.in ?? null,
        via: filter.via ?? null,
        regarding: filter.regarding ?? null,
        year: filter.year ?? null,
        source: filter.source ?? null,
        modalities: [...(filter.modalities ?? MODALITIES)],
        limit: Math.max(1, Math.min(filter.limit ?? 1000, 10_000)),
      },
    );
    return rows.map(toRecord);
  }
}

function toRecord(row: Row): StatementRecord {
  const qualifiers: StatementRecord['qualifiers'] = {};
  for (const [key, value] of Object.entries(row.props)) {
    if (!EDGE_META.has(key)) qualifiers[key] = value as StatementRecord['qualifiers'][string];
  }
  const ref = (end: Row['subject']): EntityRef => ({
    id: end.id,
    name: end.name,
    kind: kindFromLabels(end.labels) as EntityKind,
  });
  return {
    id: row.id,
    kind: row.kind,
    subject: ref(row.subject),
    object: ref(row.object),
    qualifiers,
    modality: row.props.modality as Modality,
    source: row.props.source as string,
    evidence: row.evidence.map(({ ordinal: _ordinal, ...e }) => e),
  };
}
