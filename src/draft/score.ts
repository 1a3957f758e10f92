import type { ResolvedStatement, ValidatedDataset } from '../ingest/validate';
import type { EntityInput } from '../ontology/dataset-format';
import { nameKey } from '../ontology/names';
import {
  QUALIFIERS,
  QualifierName,
  RELATION_KIND_SPECS,
  RelationKind,
} from '../ontology/relations';

/*
 * Scores a drafted dataset against a curated one of the same article: precision, recall and
 * F1 of statements (kind, subject, object), of the qualifiers of the statements both hold, of
 * the entities the statements name, and per relation kind.
 *
 * A drafted entity is the curated one when it has the same id or, failing that, when one of
 * its names (name, aliases, acronym, official name) is one of the curated entity's, of the
 * same kind: a new organisation the draft calls `third-neighbour-policy` and the curator
 * `third-neighbor-policy` meet at a shared name. Symmetric kinds match in either direction.
 */

/** Precision, recall and F1 of one comparison, with the counts behind them. */
export interface Measure {
  /** Found in both. */
  matched: number;
  /** In the draft. */
  drafted: number;
  /** In the curated dataset. */
  curated: number;
  precision: number;
  recall: number;
  f1: number;
}

/** One statement as the report lists it: kind, subject, object, in the curated dataset's ids. */
export interface ScoredStatement {
  kind: string;
  subject: string;
  object: string;
  modality: string;
  qualifiers: Record<string, unknown>;
  /** The statement's id in its own dataset. */
  id: string;
  quote: string;
}

export interface ScoreReport {
  draft: string;
  curated: string;
  statements: Measure;
  /** Qualifier values (one per list element) of the statements both hold. */
  qualifiers: Measure;
  /** Share of the statements both hold whose modality agrees. */
  modality: { agreed: number; matched: number; accuracy: number };
  /** The entities the statements name (subjects, objects and entity qualifiers). */
  entities: Measure;
  byKind: Array<{ kind: string } & Measure>;
  /** The draft's statements the curated dataset lacks (false positives). */
  wrong: ScoredStatement[];
  /** The curated statements the draft lacks (false negatives). */
  missed: ScoredStatement[];
  /** Drafted entity ids that stand for a curated entity under another id. */
  aligned: Record<string, string>;
}

export function measure(matched: number, drafted: number, curated: number): Measure {
  const precision = drafted === 0 ? (curated === 0 ? 1 : 0) : matched / drafted;
  const recall = curated === 0 ? 1 : matched / curated;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { matched, drafted, curated, precision, recall, f1 };
}

/** The entities a validated dataset speaks of, declared or from the catalogue, by id. */
function entitiesOf(dataset: ValidatedDataset): Map<string, EntityInput> {
  const byId = new Map<string, EntityInput>();
  for (const entity of dataset.catalogue) byId.set(entity.id, entity);
  for (const entity of dataset.entities) byId.set(entity.id, entity);
  return byId;
}

/** Every name an entity answers to, folded. */
function namesOf(entity: EntityInput): string[] {
  const names = [entity.name, ...(entity.aliases ?? [])];
  if ('acronym' in entity && entity.acronym) names.push(entity.acronym);
  if ('officialName' in entity && entity.officialName) names.push(entity.officialName);
  return [...new Set(names.map(nameKey).filter((key) => key !== ''))];
}

const ENTITY_QUALIFIERS = (Object.keys(QUALIFIERS) as QualifierName[]).filter(
  (name) => QUALIFIERS[name].type === 'entity',
);

/** The ids a statement names: subject, object and entity-valued qualifiers. */
function namedIds(statement: ResolvedStatement): string[] {
  const ids = [statement.subject, statement.object];
  for (const name of ENTITY_QUALIFIERS) {
    const value = (statement.qualifiers as Record<string, unknown>)[name];
    if (typeof value === 'string') ids.push(value);
  }
  return ids;
}

/**
 * Maps each entity the draft names to the curated entity it stands for: the same id, else a
 * shared name of the same kind. Ids with no counterpart map to themselves.
 */
function alignEntities(draft: ValidatedDataset, curated: ValidatedDataset): Map<string, string> {
  const draftEntities = entitiesOf(draft);
  const curatedEntities = entitiesOf(curated);
  const curatedNamed = new Set(curated.statements.flatMap(namedIds));
  const byName = new Map<string, string[]>();
  for (const [id, entity] of curatedEntities) {
    for (const key of namesOf(entity)) {
      const bucket = byName.get(`${entity.kind}:${key}`) ?? [];
      bucket.push(id);
      byName.set(`${entity.kind}:${key}`, bucket);
    }
  }
  const aligned = new Map<string, string>();
  for (const id of new Set(draft.statements.flatMap(namedIds))) {
    if (curatedEntities.has(id) || curatedNamed.has(id)) {
      aligned.set(id, id);
      continue;
    }
    const entity = draftEntities.get(id);
    const candidates = entity
      ? namesOf(entity).flatMap((key) => byName.get(`${entity.kind}:${key}`) ?? [])
      : [];
    // A name the curated dataset's statements use wins over one only declared.
    const chosen = candidates.find((c) => curatedNamed.has(c)) ?? candidates[0];
    aligned.set(id, chosen ?? id);
  }
  return aligned;
}

/** The qualifier values of a statement, one string per scalar or list element, ids mapped. */
function qualifierValues(statement: ResolvedStatement, map: (id: string) => string): string[] {
  const values: string[] = [];
  for (const [name, value] of Object.entries(statement.qualifiers as Record<string, unknown>)) {
    if (value === undefined || value === null) continue;
    const spec = QUALIFIERS[name as QualifierName];
    if (Array.isArray(value)) {
      for (const item of value) values.push(`${name}=${nameKey(String(item))}`);
    } else if (spec?.type === 'entity' && typeof value === 'string') {
      values.push(`${name}=${map(value)}`);
    } else if (typeof value === 'string') {
      values.push(`${name}=${nameKey(value)}`);
    } else values.push(`${name}=${String(value)}`);
  }
  return values;
}

/** How many values two multisets share. */
function shared(a: readonly string[], b: readonly string[]): number {
  const counts = new Map<string, number>();
  for (const value of b) counts.set(value, (counts.get(value) ?? 0) + 1);
  let n = 0;
  for (const value of a) {
    const left = counts.get(value) ?? 0;
    if (left > 0) {
      n++;
      counts.set(value, left - 1);
    }
  }
  return n;
}

function key(kind: string, subject: string, object: string): string {
  const symmetric = RELATION_KIND_SPECS[kind as RelationKind]?.symmetric ?? false;
  const [a, b] = symmetric && object < subject ? [object, subject] : [subject, object];
  return `${kind}\u0000${a}\u0000${b}`;
}

function listed(statement: ResolvedStatement, map: (id: string) => string): ScoredStatement {
  return {
    kind: statement.kind,
    subject: map(statement.subject),
    object: map(statement.object),
    modality: statement.modality,
    qualifiers: statement.qualifiers as Record<string, unknown>,
    id: statement.id,
    quote: statement.evidence[0]?.quote ?? '',
  };
}

/** Scores `draft` against `curated` (both validated, with the catalogue entries they name). */
export function scoreDraft(draft: ValidatedDataset, curated: ValidatedDataset): ScoreReport {
  const aligned = alignEntities(draft, curated);
  const toCurated = (id: string) => aligned.get(id) ?? id;
  const same = (id: string) => id;

  // Curated statements by key; each draft statement takes the unmatched one whose qualifiers
  // agree most, so that two curated statements of one key (relations established, then
  // restored) are matched one to one.
  const open = new Map<string, ResolvedStatement[]>();
  for (const statement of curated.statements) {
    const k = key(statement.kind, statement.subject, statement.object);
    const bucket = open.get(k) ?? [];
    bucket.push(statement);
    open.set(k, bucket);
  }
  const pairs: Array<[ResolvedStatement, ResolvedStatement]> = [];
  const wrong: ResolvedStatement[] = [];
  for (const statement of draft.statements) {
    const k = key(statement.kind, toCurated(statement.subject), toCurated(statement.object));
    const bucket = open.get(k);
    if (!bucket || bucket.length === 0) {
      wrong.push(statement);
      continue;
    }
    const values = qualifierValues(statement, toCurated);
    let best = 0;
    let bestShared = -1;
    bucket.forEach((candidate, i) => {
      const n = shared(values, qualifierValues(candidate, same));
      if (n > bestShared) {
        best = i;
        bestShared = n;
      }
    });
    const [match] = bucket.splice(best, 1);
    if (match) pairs.push([statement, match]);
  }
  const missed = [...open.values()].flat();

  let qualifiersMatched = 0;
  let qualifiersDrafted = 0;
  let qualifiersCurated = 0;
  let agreed = 0;
  for (const [d, c] of pairs) {
    const dv = qualifierValues(d, toCurated);
    const cv = qualifierValues(c, same);
    qualifiersMatched += shared(dv, cv);
    qualifiersDrafted += dv.length;
    qualifiersCurated += cv.length;
    if (d.modality === c.modality) agreed++;
  }

  const draftIds = new Set(draft.statements.flatMap(namedIds).map(toCurated));
  const curatedIds = new Set(curated.statements.flatMap(namedIds));
  const entitiesMatched = [...draftIds].filter((id) => curatedIds.has(id)).length;

  const kinds = [
    ...new Set([...draft.statements, ...curated.statements].map((s) => s.kind)),
  ].sort();
  const byKind = kinds.map((kind) => ({
    kind,
    ...measure(
      pairs.filter(([d]) => d.kind === kind).length,
      draft.statements.filter((s) => s.kind === kind).length,
      curated.statements.filter((s) => s.kind === kind).length,
    ),
  }));

  return {
    draft: draft.file,
    curated: curated.file,
    statements: measure(pairs.length, draft.statements.length, curated.statements.length),
    qualifiers: measure(qualifiersMatched, qualifiersDrafted, qualifiersCurated),
    modality: {
      agreed,
      matched: pairs.length,
      accuracy: pairs.length === 0 ? 0 : agreed / pairs.length,
    },
    entities: measure(entitiesMatched, draftIds.size, curatedIds.size),
    byKind,
    wrong: wrong.map((s) => listed(s, toCurated)),
    missed: missed.map((s) => listed(s, same)),
    aligned: Object.fromEntries([...aligned].filter(([from, to]) => from !== to)),
  };
}

const pct = (n: number) => n.toFixed(2);

function row(label: string, m: Measure): string {
  return `| ${label} | ${pct(m.precision)} | ${pct(m.recall)} | ${pct(m.f1)} | ${m.matched} | ${m.drafted} | ${m.curated} |`;
}

function line(s: ScoredStatement): string {
  const qualifiers = Object.entries(s.qualifiers)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? `[${v.join(', ')}]` : String(v)}`)
    .join(', ');
  const modality = s.modality === 'fact' ? '' : ` (${s.modality})`;
  return `- ${s.kind} ${s.subject} → ${s.object}${qualifiers ? ` {${qualifiers}}` : ''}${modality}: "${s.quote}"`;
}

/** The report as Markdown: the measures, per kind, and with `details` what was wrong or missed. */
export function formatScore(report: ScoreReport, details = false): string {
  const out = [
    `Score of ${report.draft} against ${report.curated}`,
    '',
    '| what | precision | recall | F1 | matched | drafted | curated |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    row('statements (kind, subject, object)', report.statements),
    row('qualifiers of matched statements', report.qualifiers),
    row('entities named', report.entities),
    ...report.byKind.map((k) => row(k.kind, k)),
    '',
    `Modality agrees on ${report.modality.agreed} of ${report.modality.matched} matched statements (${pct(report.modality.accuracy)}).`,
  ];
  const aligned = Object.entries(report.aligned);
  if (aligned.length > 0)
    out.push(`Aligned by name: ${aligned.map(([d, c]) => `${d} = ${c}`).join(', ')}.`);
  if (details) {
    out.push('', `Wrong (${report.wrong.length}):`, ...report.wrong.map(line));
    out.push('', `Missed (${report.missed.length}):`, ...report.missed.map(line));
  }
  return out.join('\n');
}
