import { ENTITY_KINDS, EntityKind } from '../ontology/entities';
import { nameKey } from '../ontology/names';
import { RELATION_KINDS } from '../ontology/relations';
import { ENTITY_PROJECTION, EntityRecord, NodeRow, toEntity } from './entity-codec';
import { GraphReader } from './executor';
import { label } from './allow-list';

/** The condition that one of the sources in `$sources` describes the entity `v`. */
const DESCRIBED_BY_SOURCES = (v: string) =>
  `EXISTS { MATCH (s:Source)-[:DESCRIBES]->(${v}) WHERE s.id IN $sources }`;

/** A search candidate as its statement returns it. */
interface SearchRow {
  e: NodeRow;
  score: number;
  keys: string[] | null;
  description: string | null;
}

/** Most Lucene candidates a search with a narrow `kinds` asks for before it gives up. */
const SEARCH_MAX_CANDIDATES = 5_000;

/** Filters of entity lists. */
export interface EntityListFilter {
  /** Part of a name or alias, compared as {@link nameKey}s. */
  nameContains?: string;
  type?: string;
  category?: string;
  /** Only entities that are members of this organisation. */
  memberOf?: string;
}

export type SortField = 'NAME' | 'ID';
export type SortDirection = 'ASC' | 'DESC';

/** Where a page starts: the sort key and id of the last entity of the previous page. */
export interface Keyset {
  key: string;
  id: string;
}

/**
 * How a search hit matches what was typed, best first: the whole text is one of its names
 * (name, alias, acronym, id, ISO code); every word of the text is a whole word of its names
 * or description; only some words, prefixes or near spellings match.
 */
export type SearchMatch = 'EXACT' | 'ALL_TERMS' | 'PARTIAL';

const MATCH_RANK: Record<SearchMatch, number> = { EXACT: 0, ALL_TERMS: 1, PARTIAL: 2 };

/** A hit of the full-text search. */
export interface SearchHit {
  entity: EntityRecord;
  match: SearchMatch;
  /** Lucene's relevance, which orders hits of the same match. */
  score: number;
}

/** How an entity whose names (as {@link nameKey}s) and description are these matches `text`. */
export function searchMatch(
  text: string,
  keys: readonly string[],
  description: string | null,
): SearchMatch {
  const key = nameKey(text);
  if (key !== '' && keys.includes(key)) return 'EXACT';
  const words = new Set([...keys, nameKey(description ?? '')].flatMap((k) => k.split(' ')));
  const wanted = key.split(' ').filter((w) => w !== '');
  return wanted.length > 0 && wanted.every((w) => words.has(w)) ? 'ALL_TERMS' : 'PARTIAL';
}

/**
 * Subqueries run for each entity a list returns, on the variable `e` (the relations a client
 * selected below it, compiled by relations-tree), and who receives their values.
 */
export interface RowTail {
  clause: string;
  /** A Cypher expression of the subqueries' values. */
  values: string;
  params: Record<string, unknown>;
  receive(entity: EntityRecord, values: unknown[]): void;
}

/** Entities: look-ups, lists, search, statistics. */
export class EntityRepository {
  constructor(private readonly reader: GraphReader) {}

  /**
   * The entity with this id and, in the same statement, what `tail` reads below it (the
   * relations a client selected, as deep as they go); undefined for an unknown id.
   */
  async byIdWith(id: string, tail: RowTail): Promise<EntityRecord | undefined> {
    const rows = await this.reader.read<{ e: NodeRow; values: unknown[] | null }>(
      `MATCH (e:Entity {id: $id})
       ${tail.clause}
       RETURN ${ENTITY_PROJECTION('e')} AS e, ${tail.values} AS values`,
      { ...tail.params, id },
    );
    const row = rows[0];
    const entity = row ? toEntity(row.e) : undefined;
    if (entity && row?.values) tail.receive(entity, row.values);
    return entity;
  }

  /** The entities with these ids, in one round trip. */
  async byIds(ids: readonly string[]): Promise<Map<string, EntityRecord>> {
    const rows = await this.reader.read<{ e: NodeRow }>(
      `UNWIND $ids AS id MATCH (e:Entity {id: id}) RETURN ${ENTITY_PROJECTION('e')} AS e`,
      { ids: [...new Set(ids)] },
    );
    const found = new Map<string, EntityRecord>();
    for (const row of rows) {
      const entity = toEntity(row.e);
      if (entity) found.set(entity.id, entity);
    }
    return found;
  }

  /**
   * The first `limit` entities answering to this name, alias, id or code, ignoring case and
   * accents, exact names first.
   */
  async lookup(
    name: string,
    kinds: readonly EntityKind[] = ENTITY_KINDS,
    limit = 20,
  ): Promise<EntityRecord[]> {
    const key = nameKey(name);
    if (key === '') return [];
    const rows = await this.reader.read<{ e: NodeRow }>(
      `MATCH (e:Entity)
       WHERE $key IN e.lookupKeys AND any(l IN labels(e) WHERE l IN $kinds)
       RETURN ${ENTITY_PROJECTION('e')} AS e
       ORDER BY CASE WHEN toLower(e.name) = $lower OR toLower(e.id) = $lower THEN 0 ELSE 1 END, e.name, e.id
       LIMIT $limit`,
      { key, lower: name.trim().toLowerCase(), kinds: [...kinds], limit },
    );
    return rows.map((r) => toEntity(r.e)).filter((e): e is EntityRecord => e !== undefined);
  }

  /**
   * One page of entities of a kind, in key order, after `after`; asks for `limit` rows
   * (callers ask for one more than they show, to know whether a next page exists).
   */
  async list(
    kind: EntityKind,
    filter: EntityListFilter,
    sort: { field: SortField; direction: SortDirection },
    limit: number,
    after?: Keyset,
    tail?: RowTail,
    /** The properties to read (the id, the name and the labels always); all when absent. */
    properties?: readonly string[],
  ): Promise<EntityRecord[]> {
    const read = properties ? [...new Set(['id', 'name', ...properties])] : undefined;
    const sortKey = sort.field === 'NAME' ? 'e.name' : 'e.id';
    const op = sort.direction === 'ASC' ? '>' : '<';
    const order = `ORDER BY ${sortKey} ${sort.direction}, e.id ${sort.direction}`;
    const rows = await this.reader.read<{ e: NodeRow; values: unknown[] | null }>(
      `MATCH (e:${label(kind)})
       WHERE ${FILTER_CLAUSE}
         AND ($afterKey IS NULL OR ${sortKey} ${op} $afterKey OR (${sortKey} = $afterKey AND e.id ${op} $afterId))
       WITH e ${order}
       LIMIT $limit
       ${tail?.clause ?? ''}
       RETURN ${ENTITY_PROJECTION('e', read)} AS e, ${tail?.values ?? 'null'} AS values
       ${order}`,
      {
        ...tail?.params,
        ...filterParams(filter),
        afterKey: after?.key ?? null,
        afterId: after?.id ?? null,
        limit,
      },
    );
    return rows.flatMap((row) => {
      const entity = toEntity(row.e);
      if (!entity) return [];
      if (tail && row.values) tail.receive(entity, row.values);
      return [entity];
    });
  }

  /** How many entities of a kind pass the filter. */
  async count(kind: EntityKind, filter: EntityListFilter): Promise<number> {
    const rows = await this.reader.read<{ n: number }>(
      `MATCH (e:${label(kind)}) WHERE ${FILTER_CLAUSE} RETURN count(e) AS n`,
      filterParams(filter),
    );
    return rows[0]?.n ?? 0;
  }

  /**
   * Full-text search over names, aliases and descriptions, best first: exact name matches,
   * then hits with every word, then partial and fuzzy ones (see {@link SearchMatch}), each
   * group by Lucene's score. Exact matches are found by their names, not only through the
   * index, so a long list of fuzzy hits cannot push them out.
   */
  async search(
    text: string,
    kinds: readonly EntityKind[],
    limit: number,
    /** Only entities these sources describe (all when absent). */
    sources?: readonly string[],
  ): Promise<SearchHit[]> {
    const query = luceneQuery(text);
    if (query === '') return [];
    // Lucene cannot keep to some kinds: its candidates are taken from every kind, then kept to
    // the kinds asked for. When too few are left while Lucene had more, ask it for more, so
    // that a narrow `kinds` never cuts the answer short.
    const narrow = ENTITY_KINDS.some((k) => !kinds.includes(k)) || sources !== undefined;
    let fetch = Math.max(limit * 4, 40);
    let rows = await this.searchRows(text, query, kinds, fetch, sources);
    while (
      narrow &&
      rows.hits.length < limit &&
      rows.candidates >= fetch &&
      fetch < SEARCH_MAX_CANDIDATES
    ) {
      fetch = Math.min(fetch * 8, SEARCH_MAX_CANDIDATES);
      rows = await this.searchRows(text, query, kinds, fetch, sources);
    }
    const hits = rows.hits.flatMap((r) => {
      const entity = toEntity(r.e);
      return entity
        ? [{ entity, score: r.score, match: searchMatch(text, r.keys ?? [], r.description) }]
        : [];
    });
    return hits
      .sort(
        (a, b) =>
          MATCH_RANK[a.match] - MATCH_RANK[b.match] ||
          b.score - a.score ||
          a.entity.name.localeCompare(b.entity.name) ||
          (a.entity.id < b.entity.id ? -1 : 1),
      )
      .slice(0, limit);
  }

  /**
   * Lucene's first `fetch` candidates for the query and the entities whose names are the text,
   * kept to `kinds`; `candidates` says how many Lucene gave (fewer than `fetch`: it had no more).
   */
  private async searchRows(
    text: string,
    query: string,
    kinds: readonly EntityKind[],
    fetch: number,
    sources: readonly string[] | undefined,
  ): Promise<{
    candidates: number;
    hits: SearchRow[];
  }> {
    const rows = await this.reader.read<{
      candidates: number;
      hits: SearchRow[];
    }>(
      `CALL db.index.fulltext.queryNodes('entity_search', $query, {limit: $fetch}) YIELD node, score
       WITH collect({node: node, score: score}) AS found
       CALL (found) {
         UNWIND found AS f
         RETURN f.node AS node, f.score AS score
         UNION
         MATCH (node:Entity) WHERE $key IN node.lookupKeys
         RETURN node, 0.0 AS score
       }
       WITH size(found) AS candidates, node, max(score) AS score
       RETURN candidates,
              collect(CASE WHEN any(l IN labels(node) WHERE l IN $kinds)${sources ? ` AND ${DESCRIBED_BY_SOURCES('node')}` : ''}
                THEN {e: ${ENTITY_PROJECTION('node')}, score: score, keys: node.lookupKeys, description: node.description}
              END) AS hits`,
      {
        query,
        key: nameKey(text),
        kinds: [...kinds],
        fetch,
        sources: sources ? [...sources] : null,
      },
    );
    return rows[0] ?? { candidates: 0, hits: [] };
  }

  /** Entity counts per kind and relation counts per kind, from Neo4j's count store. */
  async counts(
    /** Only entities these sources describe and relations they state (all when absent). */
    sources?: readonly string[],
  ): Promise<{ entities: Record<string, number>; relations: Record<string, number> }> {
    const entityParts = ENTITY_KINDS.map(
      (k) =>
        `CALL () { MATCH (n:${label(k)}) ${sources ? `WHERE ${DESCRIBED_BY_SOURCES('n')} ` : ''}RETURN count(n) AS ${k} }`,
    );
    const relationParts = RELATION_KINDS.map(
      (k) =>
        `CALL () { MATCH ()-[r:${k}]->() ${sources ? 'WHERE r.source IN $sources ' : ''}RETURN count(r) AS ${k} }`,
    );
    const [row] = await this.reader.read<{
      entities: Record<string, number>;
      relations: Record<string, number>;
    }>(
      `${[...entityParts, ...relationParts].join('\n')}
       RETURN {${ENTITY_KINDS.map((k) => `${k}: ${k}`).join(', ')}} AS entities,
              {${RELATION_KINDS.map((k) => `${k}: ${k}`).join(', ')}} AS relations`,
      { sources: sources ? [...sources] : null },
    );
    return row ?? { entities: {}, relations: {} };
  }

  /** The entities with the most relations (of the vocabulary), most first. */
  async mostConnected(
    limit: number,
    kinds: readonly EntityKind[],
    /** Counting only relations these sources state, of entities with one (all when absent). */
    sources?: readonly string[],
  ): Promise<Array<{ entity: EntityRecord; degree: number }>> {
    const rows = await this.reader.read<{ e: NodeRow; degree: number }>(
      `MATCH (e:Entity)
       WHERE any(l IN labels(e) WHERE l IN $kinds)
       WITH e, COUNT { (e)-[r:${RELATION_KINDS.join('|')}]-(:Entity) ${sources ? 'WHERE r.source IN $sources ' : ''}} AS degree
       ${sources ? 'WHERE degree > 0' : ''}
       ORDER BY degree DESC, e.id
       LIMIT $limit
       RETURN ${ENTITY_PROJECTION('e')} AS e, degree`,
      { limit, kinds: [...kinds], sources: sources ? [...sources] : null },
    );
    return rows.flatMap((r) => {
      const entity = toEntity(r.e);
      return entity ? [{ entity, degree: r.degree }] : [];
    });
  }
}

const FILTER_CLAUSE = `($nameContains IS NULL OR any(k IN e.lookupKeys WHERE k CONTAINS $nameContains))
         AND ($type IS NULL OR e.type = $type)
         AND ($category IS NULL OR e.category = $category)
         AND ($memberOf IS NULL OR EXISTS { (e)-[:MEMBER_OF]->(:Entity {id: $memberOf}) })`;

function filterParams(filter: EntityListFilter) {
  const contains = filter.nameContains === undefined ? '' : nameKey(filter.nameContains);
  return {
    nameContains: contains === '' ? null : contains,
    type: filter.type ?? null,
    category: filter.category ?? null,
    memberOf: filter.memberOf ?? null,
  };
}

/**
 * Turns what a person typed into a Lucene query: words only (every Lucene operator is
 * dropped), each matched exactly (boosted), as a prefix, and, from four letters on, fuzzily.
 */
export function luceneQuery(text: string): string {
  const words = text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '')
    .slice(0, 12);
  return words
    .map((w) => (w.length >= 4 ? `(${w}^3 OR ${w}* OR ${w}~1)` : `(${w}^3 OR ${w}*)`))
    .join(' ');
}
