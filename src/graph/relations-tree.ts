import { DENSE_DEGREE_DEFAULT } from '../config';
import { ENTITY_KINDS, EntityKind } from '../ontology/entities';
import {
  Direction,
  MODALITIES,
  Modality,
  RELATION_KINDS,
  RELATION_KIND_SPECS,
  RelationKind,
} from '../ontology/relations';
import { label, relationshipTypes, typesBySymmetry } from './allow-list';
import {
  ENTITY_PROJECTION,
  ENTITY_PROPERTIES,
  EntityRecord,
  NodeRow,
  toEntity,
} from './entity-codec';
import {
  EvidenceRecord,
  StatementRecord,
  evidenceSubquery,
  statementOf,
  stripOrdinal,
} from './statement-record';

/** Which relations of an entity to read, and which page of them. */
export interface RelationsOptions {
  kinds?: readonly RelationKind[];
  direction: Direction;
  modalities?: readonly Modality[];
  offset: number;
  limit: number;
  /** Also count each entity's matching relations (else `total` is -1). */
  withTotal: boolean;
  /** Also read each relation's evidence (else it is loaded when asked for). */
  withEvidence?: boolean;
  /** Leave out the qualifiers, which the client's selection does not read. */
  withoutQualifiers?: boolean;
  /** Leave out each relation's source, which the client's selection does not read. */
  withoutSource?: boolean;
  /**
   * The entity properties to read of the other ends, when the client's selection reads no
   * others (below this page and the pages nested in it); all when absent.
   */
  properties?: readonly string[];
}

/**
 * A page of an entity's relations to read and, for the entities at their other ends, the
 * pages of theirs a client selected too: a nested selection compiled into one statement.
 */
export interface RelationsPlan {
  options: RelationsOptions;
  /** The entity kinds it applies to (a fragment's type condition); every kind when absent. */
  kinds?: readonly EntityKind[];
  /** Plans for the entity at the other end of each relation read. */
  children: readonly RelationsPlan[];
  /** Equal keys mean equal reads: it names the read whatever kinds it applies to. */
  key: string;
}

/** One entity's page of relations. */
export interface RelationsPage {
  statements: StatementRecord[];
  /** All its matching relations, or -1 when not counted. */
  total: number;
}

/** Receives every page a compiled read returns, the nested ones included. */
export type PageSink = (plan: RelationsPlan, entityId: string, page: RelationsPage) => void;

/** Makes a plan, with its key. */
export function relationsPlan(
  options: RelationsOptions,
  children: readonly RelationsPlan[] = [],
  kinds?: readonly EntityKind[],
): RelationsPlan {
  // Property names are spliced into the Cypher text: only the record's own pass.
  if (options.properties)
    options = {
      ...options,
      properties: options.properties.filter((p) => ENTITY_PROPERTIES.includes(p)),
    };
  const key = JSON.stringify([
    options.kinds ?? null,
    options.direction,
    options.modalities ?? null,
    options.offset,
    options.limit,
    options.withTotal,
    options.withEvidence ?? false,
    options.withoutQualifiers ?? false,
    options.withoutSource ?? false,
    options.properties ?? null,
    children.map((child) => [child.key, child.kinds ?? null]),
  ]);
  return { options, children, kinds, key };
}

/**
 * Subqueries to splice after a clause that binds the entity `variable`: for each plan, the
 * page of relations it asks for (and, nested, the pages of the entities at the other ends),
 * as one value per plan in `values`, null where the plan's kinds exclude the entity. Labels,
 * types and variable names come from the allow-list and counters; every value is a
 * parameter (in `params`, named after the plan's place in the tree).
 */
export interface RelationsTail {
  clause: string;
  /** A Cypher list expression of the plans' values, to return beside the entity. */
  values: string;
  params: Record<string, unknown>;
}

/** Compiles plans into subqueries on `variable`; see {@link RelationsTail}. */
export function relationsTail(
  variable: string,
  plans: readonly RelationsPlan[],
  denseDegree: number = DENSE_DEGREE_DEFAULT,
): RelationsTail {
  const params: Record<string, unknown> = {};
  const { clause, values } = subqueries(variable, 1, plans, 't', params, denseDegree);
  return { clause, values: `[${values.join(', ')}]`, params };
}

/*
 * Each page is read one of two ways, chosen per entity by its degree (which Neo4j keeps, so
 * asking costs no expansion):
 * - sparse: expand every matching relation, sort by statement id, keep the page;
 * - dense: seek the `Statement` indexes on (subject | object, kind, id), which hold each
 *   entity's statements of a kind in statement id order, so a page reads its own rows and no
 *   more, then find the other end by id. A statement without `retractedAt` has its typed edge
 *   (the writers keep the two together), so both ways give the same page.
 * Sorting a page out of thousands of relations is what grew with the graph; seeking costs more
 * per row than expanding, so small entities keep the expansion.
 */
function subqueries(
  self: string,
  depth: number,
  plans: readonly RelationsPlan[],
  path: string,
  params: Record<string, unknown>,
  denseDegree: number,
): { clause: string; values: string[] } {
  const clauses: string[] = [];
  const values: string[] = [];
  plans.forEach((plan, i) => {
    const at = `${path}_${i}`;
    const { options } = plan;
    const types = relationshipTypes(options.kinds);
    const condition = plan.kinds?.map((kind) => `${self}:${label(kind)}`).join(' OR ');
    if (!types) {
      values.push(`{total: 0, edges: []}`);
      return;
    }
    const [r, other, x, out] = [`r${depth}`, `o${depth}`, `x${depth}`, `w${depth}`];
    const { pattern, condition: along } = directedPattern(
      self,
      r,
      other,
      types,
      options.direction,
      options.kinds,
    );
    const outgoing = {
      OUTGOING: 'true',
      INCOMING: 'false',
      BOTH: `startNode(${r}) = ${self}`,
    }[options.direction];
    // Entities the plan does not apply to are filtered before expanding their relations.
    const guard = condition ? `WITH ${self} WHERE ${condition}\n` : '';
    params[`${at}_m`] = [...(options.modalities ?? MODALITIES)];
    params[`${at}_s`] = options.offset;
    params[`${at}_l`] = options.limit;
    const seeks = statementSeeks(options);
    params[`${at}_d`] = denseDegree * (seeks.subject.length + seeks.object.length);
    const nested = subqueries(other, depth + 1, plan.children, at, params, denseDegree);
    const evidence = options.withEvidence ? evidenceSubquery(x, `${x}[1]`, `${at}_v`) : '';
    const degree = `COUNT { (${self})-[:${types}]-() }`;
    if (options.withTotal) {
      clauses.push(`CALL (${self}) {
${guard}MATCH ${pattern} WHERE ${r}.modality IN $${at}_m${along}
RETURN count(${r}) AS ${at}_n
}`);
    }
    // The degree is read once, and each branch keeps the entities it is for.
    const g = `g${depth}`;
    clauses.push(`CALL (${self}) {
${guard}WITH ${self}, ${degree} AS ${g}
CALL (${self}, ${g}) {
WITH ${self} WHERE ${g} <= $${at}_d
MATCH ${pattern} WHERE ${r}.modality IN $${at}_m${along}
WITH ${self}, ${r}, ${other} ORDER BY ${r}.statementId SKIP $${at}_s LIMIT $${at}_l
RETURN ${other}, [${edgeFields(r, options).join(', ')}] AS ${x}, ${outgoing} AS ${out}
UNION ALL
WITH ${self} WHERE ${g} > $${at}_d
${densePage(self, depth, at, seeks, options, params)}
}
${evidence}
${nested.clause}
RETURN collect(${x} + [${otherProjection(other, options)}, ${out}, ${options.withEvidence ? `${at}_v` : 'null'}, [${nested.values.join(', ')}]]) AS ${at}_e
}`);
    const value = `{total: ${options.withTotal ? `${at}_n` : '-1'}, edges: ${at}_e}`;
    values.push(condition ? `CASE WHEN ${condition} THEN ${value} END` : value);
  });
  return { clause: clauses.join('\n'), values };
}

/**
 * The kinds to seek with the entity as subject and as object: a direction's own side for every
 * kind, and the other side too for symmetric kinds (which read the same both ways).
 */
export function statementSeeks(options: RelationsOptions): {
  subject: RelationKind[];
  object: RelationKind[];
} {
  const kinds = [...new Set(options.kinds ?? RELATION_KINDS)].filter((k) =>
    RELATION_KINDS.includes(k),
  );
  const symmetric = kinds.filter((k) => RELATION_KIND_SPECS[k].symmetric);
  const { direction } = options;
  return {
    subject: direction === 'INCOMING' ? symmetric : kinds,
    object: direction === 'OUTGOING' ? symmetric : kinds,
  };
}

/**
 * The dense way to a page (see {@link subqueries}): for each kind and side, the first
 * offset + limit statements in the index's order; of those, the page; then the other ends.
 * Returns the same columns as the sparse way.
 */
function densePage(
  self: string,
  depth: number,
  at: string,
  seeks: { subject: RelationKind[]; object: RelationKind[] },
  options: RelationsOptions,
  params: Record<string, unknown>,
): string {
  const [st, side, k, other, x, out] = [
    `s${depth}`,
    `d${depth}`,
    `k${depth}`,
    `o${depth}`,
    `x${depth}`,
    `w${depth}`,
  ];
  params[`${at}_sl`] = options.offset + options.limit;
  const branches: string[] = [];
  for (const [end, kinds, isSubject] of [
    ['subject', seeks.subject, true],
    ['object', seeks.object, false],
  ] as const) {
    if (kinds.length === 0) continue;
    params[`${at}_k${end[0]}`] = kinds;
    branches.push(`UNWIND $${at}_k${end[0]} AS ${k}
CALL (${self}, ${k}) {
MATCH (${st}:Statement) USING INDEX ${st}:Statement(${end}, kind, id)
WHERE ${st}.${end} = ${self}.id AND ${st}.kind = ${k} AND ${st}.id IS NOT NULL
  AND ${st}.retractedAt IS NULL AND ${st}.modality IN $${at}_m
WITH ${st} ORDER BY ${st}.${end}, ${st}.kind, ${st}.id LIMIT $${at}_sl
RETURN ${st}, ${isSubject} AS ${side}
}
RETURN ${st}, ${side}`);
  }
  const outgoing = { OUTGOING: 'true', INCOMING: 'false', BOTH: side }[options.direction];
  return `CALL (${self}) {
${branches.join('\nUNION ALL\n')}
}
WITH ${self}, ${st}, ${side} ORDER BY ${st}.id SKIP $${at}_s LIMIT $${at}_l
MATCH (${other}:Entity {id: CASE WHEN ${side} THEN ${st}.object ELSE ${st}.subject END})
RETURN ${other}, [${statementFields(st, options).join(', ')}] AS ${x}, ${outgoing} AS ${out}`;
}

/**
 * The pattern that follows relations of `types` from `self` in a direction, and a condition to
 * add to its WHERE. Symmetric kinds read the same both ways, so they are followed in either
 * direction whatever the direction asked: where the kinds mix directed and symmetric ones,
 * the pattern is undirected and the condition keeps the directed ones that point the right
 * way (types spliced from the allow-list only).
 */
function directedPattern(
  self: string,
  r: string,
  other: string,
  types: string,
  direction: Direction,
  kinds: readonly RelationKind[] | undefined,
): { pattern: string; condition: string } {
  const undirected = `(${self})-[${r}:${types}]-(${other}:Entity)`;
  if (direction === 'BOTH') return { pattern: undirected, condition: '' };
  const { directed, symmetric } = typesBySymmetry(kinds);
  if (!symmetric) {
    return {
      pattern:
        direction === 'OUTGOING'
          ? `(${self})-[${r}:${types}]->(${other}:Entity)`
          : `(${self})<-[${r}:${types}]-(${other}:Entity)`,
      condition: '',
    };
  }
  if (!directed) return { pattern: undirected, condition: '' };
  const end = direction === 'OUTGOING' ? 'startNode' : 'endNode';
  const symmetricList = `[${symmetric
    .split('|')
    .map((t) => `'${t}'`)
    .join(', ')}]`;
  return {
    pattern: undirected,
    condition: ` AND (${end}(${r}) = ${self} OR type(${r}) IN ${symmetricList})`,
  };
}

/**
 * The first values of a relation's list (see {@link EdgeValue}) read from its typed edge `r`:
 * what the selection reads and the question does not already fix. A page of one kind has no
 * type to send, a page of one modality no modality (filled in by {@link decodeRelations}).
 */
function edgeFields(r: string, options: RelationsOptions): string[] {
  return [
    options.kinds?.length === 1 ? 'null' : `type(${r})`,
    `${r}.statementId`,
    options.withoutSource ? 'null' : `${r}.source`,
    options.modalities?.length === 1 ? 'null' : `${r}.modality`,
    options.withoutQualifiers ? 'null' : `properties(${r})`,
  ];
}

/**
 * The same values read from the relation's `Statement` node `st`, whose qualifiers are one
 * JSON text; with them, the source and modality the edge's properties would have carried.
 */
function statementFields(st: string, options: RelationsOptions): string[] {
  const qualifiers = !options.withoutQualifiers;
  return [
    options.kinds?.length === 1 ? 'null' : `${st}.kind`,
    `${st}.id`,
    options.withoutSource && !qualifiers ? 'null' : `${st}.source`,
    options.modalities?.length === 1 && !qualifiers ? 'null' : `${st}.modality`,
    qualifiers ? `${st}.qualifiers` : 'null',
  ];
}

/**
 * The kind every entity at the other end of the relations read must be, when the relation
 * kinds and the direction leave only one; undefined otherwise.
 */
export function fixedOtherKind(options: RelationsOptions): EntityKind | undefined {
  const kinds = new Set<EntityKind>();
  for (const kind of options.kinds ?? RELATION_KINDS) {
    const spec = RELATION_KIND_SPECS[kind];
    const either = spec.symmetric || options.direction === 'BOTH';
    if (either || options.direction === 'OUTGOING') for (const k of spec.objects) kinds.add(k);
    if (either || options.direction === 'INCOMING') for (const k of spec.subjects) kinds.add(k);
  }
  return kinds.size === 1 ? [...kinds][0] : undefined;
}

/**
 * The other end of a relation: with the properties named, a list of its kind (null when
 * {@link fixedOtherKind} knows it) and those properties in order (no map keys to send and
 * decode for each of thousands); else the map every query uses.
 */
function otherProjection(variable: string, options: RelationsOptions): string {
  const { properties } = options;
  if (!properties) return ENTITY_PROJECTION(variable);
  const kind = fixedOtherKind(options)
    ? 'null'
    : `head([l IN labels(${variable}) WHERE l IN ${JSON.stringify(ENTITY_KINDS.map(label))}])`;
  return `[${[kind, ...properties.map((p) => `${variable}.${p}`)].join(', ')}]`;
}

function otherRow(
  value: NodeRow | unknown[],
  properties: readonly string[] | undefined,
  fixedKind: EntityKind | undefined,
): NodeRow {
  if (!Array.isArray(value)) return value;
  const row: NodeRow = { labels: [String(value[0] ?? fixedKind)] };
  properties?.forEach((p, i) => (row[p] = value[i + 1]));
  return row;
}

/**
 * One relation of a page, as a list rather than a map: thousands come back in one answer, and
 * the driver decodes every key of every map again.
 */
type EdgeValue = [
  kind: RelationKind | null,
  statementId: string,
  source: string | null,
  modality: string | null,
  /** The edge's properties, or the statement node's qualifiers as JSON. */
  qualifiers: Record<string, unknown> | string | null,
  other: NodeRow | unknown[],
  outgoing: boolean,
  evidence: Array<EvidenceRecord & { ordinal: number }> | null,
  nested: Array<PageValue | null>,
];

interface PageValue {
  total: number;
  edges: EdgeValue[];
}

/**
 * Whether a relation read from an entity is given with that entity as its subject (`from`):
 * a directed one when it is, a symmetric one (which reads the same both ways) from the side
 * of the entity whose relations are read, unless only its incoming relations were asked for.
 */
function fromSelf(kind: RelationKind, outgoing: boolean, direction: Direction): boolean {
  if (!RELATION_KIND_SPECS[kind].symmetric) return outgoing;
  return direction !== 'INCOMING';
}

/**
 * Turns the values a {@link RelationsTail} returned for one entity into pages, handing each
 * (the nested ones first) to `sink`.
 */
export function decodeRelations(
  self: EntityRecord,
  plans: readonly RelationsPlan[],
  values: ReadonlyArray<unknown>,
  sink: PageSink,
): void {
  plans.forEach((plan, i) => {
    const value = values[i] as PageValue | null | undefined;
    if (!value) return;
    const statements: StatementRecord[] = [];
    const { options } = plan;
    const onlyKind = options.kinds?.length === 1 ? options.kinds[0] : undefined;
    const onlyModality = options.modalities?.length === 1 ? options.modalities[0] : undefined;
    const fixedKind = fixedOtherKind(options);
    for (const edge of value.edges) {
      const [kindRead, statementId, source, modality, qualifiers, end, outgoing] = edge;
      const [evidenceRows, nested] = [edge[7], edge[8]];
      const kind = (kindRead ?? onlyKind) as RelationKind;
      const props =
        qualifiers !== null && typeof qualifiers === 'object'
          ? qualifiers
          : {
              ...(qualifiers === null ? {} : (JSON.parse(qualifiers) as Record<string, unknown>)),
              statementId,
              // Not read when the selection does not ask for it.
              source: source ?? '',
              modality: modality ?? onlyModality,
            };
      const other = toEntity(otherRow(end, options.properties, fixedKind));
      if (!other) continue;
      const evidence = evidenceRows?.map(stripOrdinal);
      statements.push(
        fromSelf(kind, outgoing, plan.options.direction)
          ? statementOf(kind, props, self, other, evidence)
          : statementOf(kind, props, other, self, evidence),
      );
      if (plan.children.length > 0) decodeRelations(other, plan.children, nested, sink);
    }
    // Subqueries keep the order of their input in practice, but Cypher does not promise it.
    statements.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    sink(plan, self.id, { statements, total: value.total });
  });
}
