import { createHash } from 'node:crypto';
import { canonical } from '../ontology/canonical';
import { EntityInput } from '../ontology/dataset-format';
import { EntityKind, kindFromLabels } from '../ontology/entities';
import { NamedEntity, searchKeys } from '../ontology/names';

/*
 * What an entity node holds, in one place: its property names, and the conversions from a
 * node to a record (reads), from a dataset entity to node properties (loads and edits) and
 * from a record back to a dataset entity (edits merge changes into it).
 */

/** A value Neo4j can store as a property. */
export type PropertyValue = string | number | boolean | string[] | null;

/** An entity node as plain data. Kind-specific fields are null on other kinds. */
export interface EntityRecord {
  id: string;
  kind: EntityKind;
  name: string;
  aliases: string[];
  description: string | null;
  wikidataId: string | null;
  iso2: string | null;
  /** For countries, the id again. */
  iso3: string | null;
  officialName: string | null;
  demonyms: string[];
  acronym: string | null;
  /** Organisation, agreement, project or event type. */
  type: string | null;
  /** Agreement or project status. */
  status: string | null;
  category: string | null;
  dacCode: number | null;
  /** The years a project or event spans. */
  startYear: number | null;
  endYear: number | null;
  /** Bumped by every edit through the API; 1 when never edited. */
  version: number;
}

/** A node as Cypher returns it with `e {.*, labels: labels(e)}`. */
export type NodeRow = Record<string, unknown> & { labels: string[] };

/** The node properties an {@link EntityRecord} is made of (not the search keys and hashes). */
export const ENTITY_PROPERTIES = [
  'id',
  'name',
  'aliases',
  'description',
  'wikidataId',
  'iso2',
  'officialName',
  'demonyms',
  'acronym',
  'type',
  'status',
  'category',
  'dacCode',
  'startYear',
  'endYear',
  'version',
];

/**
 * The projection queries use to return an entity node: every property of a record, or only
 * `properties` (each one of {@link ENTITY_PROPERTIES}) where a look-ahead knows the client
 * reads no others. Labels always come, for the kind.
 */
export const ENTITY_PROJECTION = (variable: string, properties?: readonly string[]) =>
  `${variable} {${[
    ...(properties ?? ENTITY_PROPERTIES)
      .filter((p) => ENTITY_PROPERTIES.includes(p))
      .map((p) => `.${p}`),
    `labels: labels(${variable})`,
  ].join(', ')}}`;

/** Turns a projected node into an {@link EntityRecord}; undefined for a node of no known kind. */
export function toEntity(row: NodeRow): EntityRecord | undefined {
  const kind = kindFromLabels(row.labels);
  if (!kind) return undefined;
  const text = (key: string) => (typeof row[key] === 'string' ? (row[key] as string) : null);
  return {
    id: String(row.id),
    kind,
    // Absent only from a projection the client's selection narrowed, which never reads it.
    name: typeof row.name === 'string' ? row.name : '',
    aliases: Array.isArray(row.aliases) ? (row.aliases as string[]) : [],
    description: text('description'),
    wikidataId: text('wikidataId'),
    iso2: text('iso2'),
    iso3: kind === EntityKind.COUNTRY ? String(row.id) : null,
    officialName: text('officialName'),
    demonyms: Array.isArray(row.demonyms) ? (row.demonyms as string[]) : [],
    acronym: text('acronym'),
    type: text('type'),
    status: text('status'),
    category: text('category'),
    dacCode: typeof row.dacCode === 'number' ? row.dacCode : null,
    startYear: typeof row.startYear === 'number' ? row.startYear : null,
    endYear: typeof row.endYear === 'number' ? row.endYear : null,
    version: typeof row.version === 'number' ? row.version : 1,
  };
}

/**
 * An entity node as a Cypher map built from an expression (`startNode(r)`), which map
 * projections cannot start from: every property of a record, or only `properties`.
 */
export const ENTITY_MAP = (expression: string, properties?: readonly string[]) =>
  `{${(properties ?? ENTITY_PROPERTIES)
    .filter((p) => ENTITY_PROPERTIES.includes(p))
    .map((p) => `${p}: ${expression}.${p}`)
    .join(', ')}}`;

/** Node properties that are bookkeeping or derived, not content a change record shows. */
export const ENTITY_BOOKKEEPING: ReadonlySet<string> = new Set([
  'id',
  'version',
  'createdAt',
  'createdBy',
  'updatedAt',
  'updatedBy',
  'editedFields',
  'contentHash',
  'lookupKeys',
  'aliasText',
]);

/** The node properties an entity's search keys derive from: editing one recomputes them. */
export const NAME_FIELDS: ReadonlySet<string> = new Set<keyof NamedEntity>([
  'name',
  'aliases',
  'iso2',
  'acronym',
  'officialName',
  'demonyms',
]);

/** The search keys of an entity from its node properties (see {@link searchKeys}). */
export function searchKeysOf(
  props: Readonly<Record<string, unknown>>,
): ReturnType<typeof searchKeys> {
  return searchKeys({
    id: String(props.id ?? ''),
    name: String(props.name ?? ''),
    aliases: Array.isArray(props.aliases) ? (props.aliases as string[]) : [],
    iso2: typeof props.iso2 === 'string' ? props.iso2 : null,
    acronym: typeof props.acronym === 'string' ? props.acronym : null,
    officialName: typeof props.officialName === 'string' ? props.officialName : null,
    demonyms: Array.isArray(props.demonyms) ? (props.demonyms as string[]) : null,
  });
}

/**
 * The node property each field of an {@link EntityRecord} is read from: `iso3` is a country's
 * id, `kind` comes from the labels (null).
 */
export const RECORD_PROPERTIES: Readonly<Record<keyof EntityRecord, string | null>> = {
  id: 'id',
  kind: null,
  name: 'name',
  aliases: 'aliases',
  description: 'description',
  wikidataId: 'wikidataId',
  iso2: 'iso2',
  iso3: 'id',
  officialName: 'officialName',
  demonyms: 'demonyms',
  acronym: 'acronym',
  type: 'type',
  status: 'status',
  category: 'category',
  dacCode: 'dacCode',
  startYear: 'startYear',
  endYear: 'endYear',
  version: 'version',
};

/**
 * The node properties of a dataset entity: what the dataset gives, plus its search keys
 * (`lookupKeys`, `aliasText`: see {@link searchKeys}).
 */
export function entityProps(entity: EntityInput): Record<string, PropertyValue> {
  const { kind: _kind, aliases, ...rest } = entity;
  const props: Record<string, PropertyValue> = { aliases: aliases ?? [] };
  for (const [key, value] of Object.entries(rest)) props[key] = value as PropertyValue;
  return { ...props, ...searchKeys(entity) };
}

/**
 * An entity as the graph holds it, in the dataset's form (fields a kind does not have left
 * out, nulls dropped), for merging changes into and checking with the dataset's rules.
 */
export function asDatasetEntity(entity: EntityRecord): Record<string, unknown> {
  const of = (kinds: readonly EntityKind[], value: unknown) =>
    kinds.includes(entity.kind) ? value : null;
  const { COUNTRY, ORGANISATION, AGREEMENT, ISSUE, PROJECT, EVENT } = EntityKind;
  const fields: Record<string, unknown> = {
    kind: entity.kind,
    id: entity.id,
    name: entity.name,
    aliases: entity.aliases,
    description: entity.description,
    wikidataId: entity.wikidataId,
    iso2: of([COUNTRY], entity.iso2),
    officialName: of([COUNTRY], entity.officialName),
    demonyms: of([COUNTRY], entity.demonyms.length > 0 ? entity.demonyms : null),
    acronym: of([ORGANISATION, AGREEMENT], entity.acronym),
    type: of([ORGANISATION, AGREEMENT, PROJECT, EVENT], entity.type),
    status: of([AGREEMENT, PROJECT], entity.status),
    category: of([ISSUE], entity.category),
    dacCode: of([ISSUE], entity.dacCode),
    startYear: of([PROJECT, EVENT], entity.startYear),
    endYear: of([PROJECT, EVENT], entity.endYear),
  };
  return Object.fromEntries(
    Object.entries(fields).filter(([, v]) => v !== null && v !== undefined),
  );
}

/** What one dataset says of an entity, as its DESCRIBES relationship keeps it. */
export interface EntityView {
  source: string;
  /** The source's precedence (`source.precedence`, 0 by default): higher wins a scalar. */
  precedence: number;
  props: Readonly<Record<string, unknown>>;
}

/** Properties a view holds that are derived from the others, not said by the dataset. */
const DERIVED = new Set(['contentHash', 'lookupKeys', 'aliasText']);

/** What a dataset itself says of an entity: its view without the derived properties. */
export function saidOf(props: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(props).filter(([key]) => !DERIVED.has(key)));
}

/**
 * The entity node's content merged from what every dataset describing it says: aliases
 * unite (in view order, without repeats); any other property comes from the first view that
 * gives it, views ordered by precedence (highest first), then by source id. Validation refuses
 * two views of one precedence that disagree on a property, so the order only breaks ties
 * that are not conflicts. The search keys and the content hash are those of the result.
 */
export function mergeViews(views: readonly EntityView[]): Record<string, PropertyValue> {
  const ordered = [...views].sort(
    (a, b) =>
      b.precedence - a.precedence || (a.source < b.source ? -1 : a.source > b.source ? 1 : 0),
  );
  const merged: Record<string, PropertyValue> = {};
  const aliases: string[] = [];
  for (const view of ordered) {
    for (const [key, value] of Object.entries(view.props)) {
      if (DERIVED.has(key) || value === null || value === undefined) continue;
      if (key === 'aliases') {
        for (const alias of value as string[]) if (!aliases.includes(alias)) aliases.push(alias);
      } else if (!(key in merged)) merged[key] = value as PropertyValue;
    }
  }
  const content = { ...merged, aliases, ...searchKeysOf({ ...merged, aliases }) };
  return { ...content, contentHash: contentHash(content) };
}

/** The hash of an entity's content, which tells a load whether the node needs rewriting. */
export function contentHash(props: Readonly<Record<string, unknown>>): string {
  return createHash('sha256').update(canonical(props)).digest('hex');
}
