import { Modality, RelationKind } from '../ontology/relations';
import { canonical } from '../ontology/canonical';
import { EntityRecord, NodeRow, PropertyValue, toEntity } from './entity-codec';

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
  /** Present when the query read it; otherwise it is loaded by statement id. */
  evidence?: EvidenceRecord[];
}

/** An evidence record as Cypher projects it from its `EVIDENCE` edge `ev` and source `src`. */
export const EVIDENCE_MAP = `{source: src.id, sourceTitle: src.title, section: ev.section, heading: ev.heading,
  quote: ev.quote, start: ev.start, end: ev.end, ordinal: ev.ordinal}`;

/**
 * A subquery collecting, in order, the evidence of the statement whose id is `id` (an
 * expression on the variable `scope`) as `column`.
 */
export const evidenceSubquery = (scope: string, id: string, column: string) => `CALL (${scope}) {
  OPTIONAL MATCH (:Statement {id: ${id}})-[ev:EVIDENCE]->(src:Source)
  WITH ev, src ORDER BY ev.ordinal
  RETURN collect(CASE WHEN ev IS NULL THEN NULL ELSE ${EVIDENCE_MAP} END) AS ${column}
}`;

/** A statement as loads and edits write it. */
export interface StatementWrite {
  id: string;
  kind: RelationKind;
  subject: string;
  object: string;
  /** The dataset's source, or the editorial origin. */
  source: string;
  modality: string;
  qualifiers: Readonly<Record<string, unknown>>;
}

/**
 * The properties of a statement's node (its qualifiers as one canonical JSON text) and of
 * its typed edge (the qualifiers as properties, for traversals to filter on), written once
 * for loads and edits alike.
 */
export function statementProperties(statement: StatementWrite): {
  node: Record<string, PropertyValue>;
  edge: Record<string, PropertyValue>;
} {
  const { id, kind, subject, object, source, modality, qualifiers } = statement;
  return {
    node: { id, kind, subject, object, source, modality, qualifiers: canonical(qualifiers) },
    edge: {
      ...(qualifiers as Record<string, PropertyValue>),
      statementId: id,
      source,
      modality,
    },
  };
}

/** Edge properties that are bookkeeping, not qualifiers. */
const EDGE_META = new Set(['statementId', 'source', 'modality']);

/** A typed edge as the statement queries return it. */
export interface EdgeRow extends Record<string, unknown> {
  kind: RelationKind;
  props: Record<string, unknown>;
  a: NodeRow;
  b: NodeRow;
  evidence?: Array<EvidenceRecord & { ordinal: number }>;
}

/** Drops the ordering key the queries sort evidence by. */
export function stripOrdinal({
  ordinal: _ordinal,
  ...evidence
}: EvidenceRecord & { ordinal: number }): EvidenceRecord {
  return evidence;
}

/** Turns an edge row into a statement; none when either end is of no known kind. */
export function toStatement(row: EdgeRow): StatementRecord[] {
  const subject = toEntity(row.a);
  const object = toEntity(row.b);
  if (!subject || !object) return [];
  return [statementOf(row.kind, row.props, subject, object, row.evidence?.map(stripOrdinal))];
}

/** A statement from its edge's type and properties and its two ends, already read. */
export function statementOf(
  kind: RelationKind,
  props: Record<string, unknown>,
  subject: EntityRecord,
  object: EntityRecord,
  evidence?: EvidenceRecord[],
): StatementRecord {
  const qualifiers: Record<string, QualifierValue> = {};
  for (const key in props) {
    const value = props[key];
    if (!EDGE_META.has(key) && value !== null) qualifiers[key] = value as QualifierValue;
  }
  return {
    id: String(props.statementId),
    kind,
    subject,
    object,
    qualifiers,
    modality: props.modality as Modality,
    source: String(props.source),
    evidence,
  };
}
