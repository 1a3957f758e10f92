import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { ENTITY_KINDS, EntityKind } from '../ontology/entities';
import { CATALOGUE_ORIGIN, CATALOGUE_PRECEDENCE } from '../ontology/dataset-format';
import { canonical } from '../ontology/canonical';
import { label, relationshipType } from './allow-list';
import {
  KnownEntity,
  SourceWrite,
  StoredView,
  describesRows,
  planEntities,
} from './dataset-writer';
import { PropertyValue } from './entity-codec';

/*
 * The graph a first load writes, as CSV files for `neo4j-admin database import full`.
 *
 * The files hold exactly the nodes, relationships and properties that loading the same
 * datasets, in the same order, into an empty graph writes through Cypher (writeSource): the
 * entities are planned by the same function (planEntities), from what the earlier files said
 * of them, so that versions, merged views and the history rows come out the same. What the
 * importer's CSV cannot say exactly (an empty list, a list of one empty string, a text with a
 * line break, a list of anything but texts, a property name that is no plain identifier) goes
 * into a `__fix` column as JSON instead; after the import, {@link FIX_PROPERTY} rows are
 * rewritten through Bolt with the property types a load gives them (see applyFixes).
 */

/** The column that carries, as JSON, the properties the CSV cannot carry exactly. */
export const FIX_PROPERTY = '__fix';

/** Between the elements of a list in a CSV field (the unit separator, U+001F). */
export const ARRAY_DELIMITER = '\u001f';

/** The ID spaces nodes are referred to by. */
export type IdSpace = 'Entity' | 'Source' | 'Statement';

/** A datetime property (Neo4j's `datetime`), as ISO 8601 text in UTC. */
export class DateTimeValue {
  constructor(readonly iso: string) {}
}

type CsvValue = PropertyValue | DateTimeValue;
type CsvType = 'string' | 'long' | 'double' | 'boolean' | 'string[]' | 'datetime';

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
const LINE_BREAK = /[\r\n]/;

/** The CSV type a value is written as; undefined when the CSV cannot carry it exactly. */
function csvType(value: CsvValue): CsvType | undefined {
  if (value instanceof DateTimeValue) return 'datetime';
  if (typeof value === 'string') return LINE_BREAK.test(value) ? undefined : 'string';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) return 'long';
    return Number.isFinite(value) ? 'double' : undefined;
  }
  if (Array.isArray(value)) {
    // An empty field is no property, so [] and [''] cannot be written; nor can a delimiter.
    if (value.length === 0 || (value.length === 1 && value[0] === '')) return undefined;
    const plain = value.every(
      (v) => typeof v === 'string' && !LINE_BREAK.test(v) && !v.includes(ARRAY_DELIMITER),
    );
    return plain ? 'string[]' : undefined;
  }
  return undefined;
}

const quote = (text: string) => `"${text.replaceAll('"', '""')}"`;

function csvField(value: CsvValue, type: CsvType): string {
  if (value instanceof DateTimeValue) return value.iso;
  if (type === 'string[]') return quote((value as string[]).join(ARRAY_DELIMITER));
  if (type === 'string') return quote(value as string);
  return String(value);
}

/** One CSV file of rows with the same header: its labels or type, and its columns. */
export interface CsvGroup {
  file: string;
  /** `Entity:Country` for nodes, the relationship type for relationships. */
  tag: string;
  rows: number;
  /** Its rows have a `__fix` column. */
  fixed: boolean;
}

interface OpenGroup extends CsvGroup {
  fd: number;
  buffer: string[];
  bytes: number;
  columns: Array<{ key: string; type: CsvType }>;
}

/** What {@link CsvGraph} wrote. */
export interface CsvGraphFiles {
  nodes: CsvGroup[];
  relationships: CsvGroup[];
  nodeCount: number;
  relationshipCount: number;
  /** Rows with properties only Bolt can write (see applyFixes). */
  fixes: number;
}

/**
 * Bytes a file's buffer holds before it is written out: small, since a load of many relation
 * kinds and qualifier sets has hundreds of files open (a million relations: about 400; at
 * 1 MiB each they outgrew LOAD_HEAP_MB).
 */
const FLUSH_BYTES = 64 * 1024;

/**
 * Writes nodes and relationships as CSV files for the importer, one file per shape (labels or
 * type, and each property's name and type), as they come: memory holds a buffer per file.
 */
export class CsvGraph {
  private readonly groups = new Map<string, OpenGroup>();
  private readonly files: { nodes: CsvGroup[]; relationships: CsvGroup[] } = {
    nodes: [],
    relationships: [],
  };
  private nodeCount = 0;
  private relationshipCount = 0;
  private fixes = 0;

  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  /** A node: its labels, its id in its ID space (when relationships refer to it), its properties. */
  node(labels: readonly string[], id: { space: IdSpace; id: string } | null, props: object): void {
    const head = id ? [`id:ID(${id.space})`] : [];
    const values = id ? [quote(id.id)] : [];
    const rest = id ? withoutKey(props, 'id') : props;
    this.row('nodes', labels.join(':'), head, values, rest);
    this.nodeCount++;
  }

  /** A relationship of `type` from one node to another, by their ids. */
  relationship(
    type: string,
    from: { space: IdSpace; id: string },
    to: { space: IdSpace; id: string },
    props: object,
  ): void {
    this.row(
      'relationships',
      type,
      [`:START_ID(${from.space})`, `:END_ID(${to.space})`],
      [quote(from.id), quote(to.id)],
      props,
    );
    this.relationshipCount++;
  }

  /** Flushes and closes every file; the groups to hand the importer. Closing again does nothing. */
  close(): CsvGraphFiles {
    for (const group of this.groups.values()) {
      this.flush(group);
      closeSync(group.fd);
    }
    this.groups.clear();
    return {
      ...this.files,
      nodeCount: this.nodeCount,
      relationshipCount: this.relationshipCount,
      fixes: this.fixes,
    };
  }

  private row(
    kind: 'nodes' | 'relationships',
    tag: string,
    head: string[],
    values: string[],
    props: object,
  ): void {
    const columns: Array<{ key: string; type: CsvType; value: CsvValue }> = [];
    const fix: Record<string, PropertyValue> = {};
    let fixed = false;
    for (const [key, value] of Object.entries(props) as Array<[string, CsvValue | undefined]>) {
      if (value === null || value === undefined) continue;
      const type = PLAIN_KEY.test(key) && key !== FIX_PROPERTY ? csvType(value) : undefined;
      if (type) columns.push({ key, type, value });
      else {
        fix[key] = value as PropertyValue;
        fixed = true;
      }
    }
    columns.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const shape = `${kind}|${tag}|${head.join(',')}|${columns.map((c) => `${c.key}:${c.type}`).join(',')}|${fixed}`;
    let group = this.groups.get(shape);
    if (!group) {
      const file = path.join(this.dir, `${kind}-${this.files[kind].length}.csv`);
      const header = [
        ...head,
        ...columns.map((c) => (c.type === 'string' ? c.key : `${c.key}:${c.type}`)),
        ...(fixed ? [FIX_PROPERTY] : []),
      ];
      group = {
        file,
        tag,
        rows: 0,
        fixed,
        fd: openSync(file, 'w'),
        buffer: [`${header.join(',')}\n`],
        bytes: 0,
        columns,
      };
      this.groups.set(shape, group);
      this.files[kind].push(group);
    }
    const line = [
      ...values,
      ...columns.map((c) => csvField(c.value, c.type)),
      ...(fixed ? [quote(JSON.stringify(fix))] : []),
    ].join(',');
    group.buffer.push(`${line}\n`);
    group.bytes += line.length + 1;
    group.rows++;
    if (fixed) this.fixes++;
    if (group.bytes >= FLUSH_BYTES) this.flush(group);
  }

  private flush(group: OpenGroup): void {
    if (group.buffer.length === 0) return;
    writeSync(group.fd, group.buffer.join(''));
    group.buffer = [];
    group.bytes = 0;
  }
}

function withoutKey(props: object, key: string): Record<string, unknown> {
  const { [key]: _dropped, ...rest } = props as Record<string, unknown>;
  return rest;
}

/** The groups of {@link CsvGraph} files as `neo4j-admin database import full` arguments. */
export function importArguments(files: CsvGraphFiles): string[] {
  return [
    `--array-delimiter=U+001F`,
    ...files.nodes.map((g) => `--nodes=${g.tag}=${g.file}`),
    ...files.relationships.map((g) => `--relationships=${g.tag}=${g.file}`),
  ];
}

/**
 * Writes, as CSV for the importer, the graph that loading the sources given to {@link add}, in
 * that order, into an empty graph writes (see the top of this file): sources, statements,
 * evidence and DESCRIBES as each source comes, the entities at {@link finish}, as the last
 * source to describe each left them. `loadedAt` stands for every `datetime()` such a load
 * records.
 */
export class CsvGraphBuilder {
  private readonly csv: CsvGraph;
  private readonly at: DateTimeValue;
  private readonly known = new Map<string, KnownEntity & { entityKind: EntityKind }>();

  constructor(dir: string, loadedAt: Date) {
    this.csv = new CsvGraph(dir);
    this.at = new DateTimeValue(loadedAt.toISOString());
  }

  /**
   * Writes one source's rows.
   *
   * @throws ViewConflictError as a load would (validation refuses the same files first).
   */
  add(source: SourceWrite): void {
    const { csv, at, known } = this;
    csv.node(['Source'], { space: 'Source', id: source.id }, { ...source.props, loadedAt: at });
    const plan = planEntities(source, known, false);
    for (const { kind, row } of plan.rewrites) {
      const views = known.get(row.id)?.views ?? [];
      known.set(row.id, {
        kind,
        entityKind: kind,
        props: { ...row.props, version: row.version },
        views,
      });
    }
    for (const change of plan.changes)
      csv.node(['EntityChange'], null, { ...change, at, origin: source.id });
    // What this source says of each entity it names: a view the next sources merge with.
    const precedence = Number(source.props.precedence ?? 0);
    const file = typeof source.props.datasetFile === 'string' ? source.props.datasetFile : null;
    for (const entity of source.entities) {
      const views = known.get(entity.id)?.views as StoredView[];
      if (entity.props)
        views.push({
          source: source.id,
          precedence,
          view: canonical(entity.props),
          file,
          line: entity.line ?? null,
        });
      if (entity.catalogue)
        views.push({
          source: CATALOGUE_ORIGIN,
          precedence: CATALOGUE_PRECEDENCE,
          view: canonical(entity.catalogue),
          file: null,
          line: null,
        });
    }
    for (const { id, ...props } of describesRows(source))
      csv.relationship(
        'DESCRIBES',
        { space: 'Source', id: source.id },
        { space: 'Entity', id },
        props,
      );
    for (const statement of source.statements) {
      csv.node(
        ['Statement'],
        { space: 'Statement', id: statement.id },
        { ...statement.statement, loadedAt: at },
      );
      csv.relationship(
        relationshipType(statement.kind),
        { space: 'Entity', id: statement.subject },
        { space: 'Entity', id: statement.object },
        statement.edge,
      );
      statement.evidence.forEach((evidence, ordinal) =>
        csv.relationship(
          'EVIDENCE',
          { space: 'Statement', id: statement.id },
          { space: 'Source', id: source.id },
          { ...evidence, ordinal },
        ),
      );
    }
  }

  /** Writes the entities and closes every file. */
  finish(): CsvGraphFiles {
    for (const kind of ENTITY_KINDS)
      for (const [id, entity] of this.known)
        if (entity.entityKind === kind)
          this.csv.node(['Entity', label(kind)], { space: 'Entity', id }, entity.props);
    return this.csv.close();
  }

  /** Closes every file, without the entities (the caller removes the folder); once finished, nothing. */
  abort(): void {
    this.csv.close();
  }
}
