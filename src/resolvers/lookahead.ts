import {
  FieldNode,
  FragmentDefinitionNode,
  GraphQLObjectType,
  GraphQLOutputType,
  GraphQLSchema,
  getNamedType,
  isObjectType,
} from 'graphql';
import { collectSubfields } from 'graphql/execution/collectFields';
import { getArgumentValues } from 'graphql/execution/values';
import { RECORD_PROPERTIES } from '../graph/entity-codec';
import { RelationsPlan, relationsPlan } from '../graph/relations-tree';
import { ENTITY_KINDS, EntityKind } from '../ontology/entities';
import { Direction, Modality, RelationKind } from '../ontology/relations';
import { decodeCursor, isOffset, pageSize } from './pagination';

/*
 * Look-ahead: reads a client's selection below a field to find the `relations` it asks for
 * on the entities that field returns, nested as deep as they go, so that one Cypher
 * statement reads them all (see RelationsPlan). The selection is walked with graphql-js's
 * own field collection, so fragments, type conditions, aliases and @skip/@include count
 * exactly as execution will count them, and a nested resolver finds its page under the same
 * key the look-ahead stored it.
 */

/** The parts of a resolver's `info` the look-ahead reads. */
export interface SelectionContext {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variableValues: Record<string, unknown>;
}

/** Response keys of a selection, grouped, with the field name they select. */
function subfields(
  context: SelectionContext,
  type: GraphQLObjectType,
  nodes: readonly FieldNode[],
): Array<{ name: string; nodes: readonly FieldNode[] }> {
  const collected = collectSubfields(
    context.schema,
    context.fragments,
    context.variableValues,
    type,
    nodes,
  );
  return [...collected.values()].map((group) => ({
    name: (group[0] as FieldNode).name.value,
    nodes: group,
  }));
}

/**
 * The selections on a connection's items, through `nodes` and `edges { node }`, and whether
 * `totalCount` is selected.
 */
function connectionItems(
  context: SelectionContext,
  connection: GraphQLObjectType,
  nodes: readonly FieldNode[],
): { items: Array<readonly FieldNode[]>; withTotal: boolean } {
  const items: Array<readonly FieldNode[]> = [];
  let withTotal = false;
  for (const sub of subfields(context, connection, nodes)) {
    if (sub.name === 'totalCount') withTotal = true;
    if (sub.name === 'nodes') items.push(sub.nodes);
    if (sub.name === 'edges') {
      const edge = fieldType(connection, 'edges');
      if (!edge) continue;
      for (const inner of subfields(context, edge, sub.nodes))
        if (inner.name === 'node') items.push(inner.nodes);
    }
  }
  return { items, withTotal };
}

function fieldType(type: GraphQLObjectType, name: string): GraphQLObjectType | undefined {
  const field = type.getFields()[name];
  const named = field ? getNamedType(field.type) : undefined;
  return named && isObjectType(named) ? named : undefined;
}

/**
 * The plan of one `relations` field (all the nodes of one response key) on an entity of
 * `parentType`: its page, and, nested, the plans of the entities at the other ends. Throws
 * the API's own errors for a bad `first` or `after`, as the resolver would.
 */
export function relationsPlanOf(
  context: SelectionContext,
  parentType: GraphQLObjectType,
  nodes: readonly FieldNode[],
  maxPageSize: number,
): RelationsPlan {
  const field = parentType.getFields().relations;
  const connection = fieldType(parentType, 'relations');
  if (!field || !connection) throw new Error(`${parentType.name} has no relations field`);
  const args = getArgumentValues(field, nodes[0] as FieldNode, context.variableValues) as {
    first: number;
    after?: string | null;
    kinds?: RelationKind[] | null;
    direction: Direction;
    modalities: Modality[];
  };
  const first = pageSize(args.first, maxPageSize);
  const offset = args.after ? decodeCursor(args.after, 'relations-of', isOffset) + 1 : 0;

  const { items: relationSelections, withTotal } = connectionItems(context, connection, nodes);
  const relation = fieldType(connection, 'nodes');
  const children: RelationsPlan[] = [];
  let withEvidence = false;
  let withQualifiers = false;
  let withSource = false;
  // Both ends read the same projection: one end is the entity this page belongs to, but at
  // a nested level that entity is the other end of the page above, projected with this.
  const properties = new Set<string>(['id']);
  let everyProperty = false;
  if (relation) {
    for (const selection of relationSelections)
      for (const sub of subfields(context, relation, selection)) {
        if (sub.name === 'evidence') withEvidence = true;
        if (sub.name === 'qualifiers') withQualifiers = true;
        if (sub.name === 'source') withSource = true;
        if (sub.name === 'from' || sub.name === 'to') {
          children.push(...entityPlans(context, sub.nodes, maxPageSize));
          const read = entityProperties(context, sub.nodes);
          if (read) for (const p of read) properties.add(p);
          else everyProperty = true;
        }
      }
  }
  const merged = merge(children);
  for (const child of merged) {
    if (child.options.properties) for (const p of child.options.properties) properties.add(p);
    else everyProperty = true;
  }
  return relationsPlan(
    {
      kinds: args.kinds ?? undefined,
      direction: args.direction,
      modalities: args.modalities,
      offset,
      // One more than shown tells whether a next page exists without counting.
      limit: first + 1,
      withTotal,
      withEvidence,
      withoutQualifiers: !withQualifiers,
      withoutSource: !withSource,
      properties: everyProperty ? undefined : [...properties].sort(),
    },
    merged,
  );
}

/**
 * The plans of the `relations` fields selected on an entity-valued field (`nodes`, `to`,
 * ...), for each kind the entity may turn out to be. A field whose arguments are bad gets
 * no plan: its resolver reports the error when it runs.
 */
export function entityPlans(
  context: SelectionContext,
  nodes: readonly FieldNode[],
  maxPageSize: number,
  kinds: readonly EntityKind[] = ENTITY_KINDS,
): RelationsPlan[] {
  const plans: RelationsPlan[] = [];
  for (const kind of kinds) {
    const type = context.schema.getType(kind);
    if (!isObjectType(type)) continue;
    for (const sub of subfields(context, type, nodes)) {
      if (sub.name !== 'relations') continue;
      try {
        const plan = relationsPlanOf(context, type, sub.nodes, maxPageSize);
        plans.push({ ...plan, kinds: [kind] });
      } catch {
        // Left to the resolver, which raises the same error in its place in the response.
      }
    }
  }
  return merge(plans);
}

/**
 * What each entity field reads of the node: the record field's property (the entity codec's
 * table), or, for the fields the schema adds, their record field's or none (field resolvers
 * below need only the id; the kind comes from the labels, which every projection has).
 */
const FIELD_PROPERTIES: Readonly<Record<string, string | null>> = {
  ...RECORD_PROPERTIES,
  __typename: null,
  relations: RECORD_PROPERTIES.id,
  parties: RECORD_PROPERTIES.id,
  statusHistory: RECORD_PROPERTIES.id,
  organisationType: RECORD_PROPERTIES.type,
  agreementType: RECORD_PROPERTIES.type,
  projectType: RECORD_PROPERTIES.type,
  eventType: RECORD_PROPERTIES.type,
  projectStatus: RECORD_PROPERTIES.status,
};

/**
 * The node properties a selection on an entity-valued field reads, whatever kind the entity
 * turns out to be; undefined (read them all) when it selects a field this table does not know.
 */
export function entityProperties(
  context: SelectionContext,
  nodes: readonly FieldNode[],
): Set<string> | undefined {
  const read = new Set<string>();
  for (const kind of ENTITY_KINDS) {
    const type = context.schema.getType(kind);
    if (!isObjectType(type)) return undefined;
    for (const sub of subfields(context, type, nodes)) {
      const property = FIELD_PROPERTIES[sub.name];
      if (property === undefined) return undefined;
      if (property !== null) read.add(property);
    }
  }
  return read;
}

/**
 * The plans for the items of an entity connection (`countries { nodes ... edges { node } }`).
 */
export function connectionItemPlans(
  context: SelectionContext,
  connection: GraphQLObjectType,
  nodes: readonly FieldNode[],
  kind: EntityKind,
  maxPageSize: number,
): RelationsPlan[] {
  const { items } = connectionItems(context, connection, nodes);
  // Every item is of the list's kind: no plan needs a guard on it.
  return merge(items.flatMap((item) => entityPlans(context, item, maxPageSize, [kind]))).map(
    (plan) => ({ ...plan, kinds: undefined }),
  );
}

/**
 * The node properties the items of an entity connection read (see {@link entityProperties}),
 * or undefined for all of them.
 */
export function connectionItemProperties(
  context: SelectionContext,
  connection: GraphQLObjectType,
  nodes: readonly FieldNode[],
): string[] | undefined {
  const read = new Set<string>();
  for (const item of connectionItems(context, connection, nodes).items) {
    const properties = entityProperties(context, item);
    if (!properties) return undefined;
    for (const p of properties) read.add(p);
  }
  return [...read].sort();
}

/** One plan per key; a read two kinds need is made once, for both. */
function merge(plans: readonly RelationsPlan[]): RelationsPlan[] {
  const byKey = new Map<string, RelationsPlan>();
  for (const plan of plans) {
    const known = byKey.get(plan.key);
    if (!known) {
      byKey.set(plan.key, plan);
      continue;
    }
    const kinds =
      known.kinds && plan.kinds ? [...new Set([...known.kinds, ...plan.kinds])] : undefined;
    byKey.set(plan.key, {
      ...known,
      kinds: kinds && kinds.length < ENTITY_KINDS.length ? kinds : undefined,
    });
  }
  return [...byKey.values()];
}

/**
 * The nodes selecting the field at the end of `path` (field names, from the field being
 * resolved down), merged over aliases and fragments; empty when the client does not select it.
 * Every field along the path but the last must be of an object type.
 */
export function selectedAt(
  info: SelectionContext & { returnType: GraphQLOutputType; fieldNodes: readonly FieldNode[] },
  path: readonly string[],
): FieldNode[] {
  let nodes: readonly FieldNode[] = info.fieldNodes;
  let type = getNamedType(info.returnType);
  for (const name of path) {
    if (!isObjectType(type)) return [];
    nodes = subfields(info, type, nodes)
      .filter((sub) => sub.name === name)
      .flatMap((sub) => [...sub.nodes]);
    if (nodes.length === 0) return [];
    const next = type.getFields()[name];
    if (!next) return [];
    type = getNamedType(next.type);
  }
  return [...nodes];
}
