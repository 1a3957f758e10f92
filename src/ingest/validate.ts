import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ENTITY_KINDS, EntityKind } from '../ontology/entities';
import { canonical } from '../ontology/canonical';
import { nameKey } from '../ontology/names';
import { Modality, QualifierName, RelationKind } from '../ontology/relations';
import {
  entityProblems,
  nearDuplicateWarning,
  isReference,
  sectionProblem,
  statementRules,
  viewConflict,
} from '../ontology/rules';
import {
  EntityInput,
  SourceInput,
  CATALOGUE_PRECEDENCE,
  StatementInput,
  datasetSchema,
  entitySchema,
  sourceSchema,
  statementSchemas,
} from '../ontology/dataset-format';
import { Catalogue, entriesChecksum } from './catalogue';
import {
  DEFAULT_PARSE_LIMITS,
  ParseLimits,
  ParsedFile,
  Problem,
  parseDatasetFile,
  shapeProblems,
} from './parse';
import { describeDifferences, nearestPassage } from './quote-diff';
import { SourceText, findQuote, locateSections } from './source-text';

/** One evidence record, with its offsets in the source text when the text was supplied. */
export interface ResolvedEvidence {
  section: string;
  quote: string;
  /** Code point offsets of the quote in the whole text; null when quotes were not verified. */
  start: number | null;
  end: number | null;
}

/** A statement ready to load: global id, typed qualifiers, evidence, content hash. */
export interface ResolvedStatement {
  /** `<source id>:<statement id>`, unique across datasets. */
  id: string;
  kind: RelationKind;
  subject: string;
  object: string;
  qualifiers: Partial<Record<QualifierName, string | number | boolean | string[]>>;
  modality: Modality;
  evidence: ResolvedEvidence[];
  /** sha256 of everything above: a changed hash means a changed statement. */
  hash: string;
}

/** A dataset that passed validation. */
export interface ValidatedDataset {
  file: string;
  /** Changes when the file or the supplied source text changes. */
  checksum: string;
  source: SourceInput & { sha256: string | null };
  entities: EntityInput[];
  /** The line of each entity's declaration, in the order of `entities`. */
  entityLines: number[];
  /** What the catalogue says of each of its entities the dataset names or declares, by id. */
  catalogue: EntityInput[];
  statements: ResolvedStatement[];
  quotesVerified: boolean;
}

/** Options of {@link validateFiles}. */
export interface ValidateOptions {
  /** Folders holding the source texts, searched in order; without any, quotes are not verified. */
  sourcesDirs?: readonly string[];
  /**
   * Whether a source text missing from every folder is a problem (the default, when folders
   * were asked for by name) or only a warning that its dataset's quotes were not verified
   * (for the default folder, which a fresh clone has empty).
   */
  requireSources?: boolean;
  limits?: ParseLimits;
  /** Most problems reported; the rest are counted. */
  maxProblems?: number;
  /**
   * The reference catalogue: datasets may name its entities without declaring them, and it
   * describes every entity of it a dataset names. Without one, every entity must be declared.
   */
  catalogue?: Catalogue;
}

/** What validation found about one valid dataset: enough to report it and to skip it when loaded. */
export interface DatasetSummary {
  file: string;
  sourceId: string;
  /** The dataset's {@link ValidatedDataset.checksum}. */
  checksum: string;
  sourceText: string;
  entities: number;
  statements: number;
  quotes: number;
  quotesVerified: boolean;
}

/**
 * An entity declared by some file of a validation: what later files and statements are
 * checked against. Kept instead of the entity itself so that memory grows with the number of
 * entities only, not with the size of the datasets.
 */
interface DeclaredEntity {
  /** Undefined when its declaration is malformed: it exists, of no known kind. */
  kind?: EntityKind;
  name?: string;
  /** The category of an issue (some relation kinds accept only some). */
  category?: string;
  /** The type of an organisation (some relation kinds accept only some). */
  type?: string;
  /** What the declaring dataset says of it, and its precedence, for the conflict rule. */
  props?: Readonly<Record<string, unknown>>;
  precedence?: number;
  file: string;
  /** Line of the declaring `id`, for messages that point at both declarations. */
  line: number;
  /** Which parse of which file declared it: tells "twice in one file" from "in two files". */
  token: number;
}

/** What validation found, without the datasets themselves (see {@link validateEach}). */
export interface ValidationReport {
  problems: Problem[];
  /** How many problems there were beyond `maxProblems`. */
  moreProblems: number;
  warnings: string[];
  /** One per valid file, in order; meaningful only when `problems` is empty. */
  summaries: DatasetSummary[];
}

/** What validation found. `datasets` is complete only when `problems` is empty. */
export interface ValidationResult extends ValidationReport {
  datasets: ValidatedDataset[];
}

/** What the rules read of an entity: its kind and name, an issue's category, an organisation's type. */
function factsOf(entity: EntityInput): Pick<DeclaredEntity, 'kind' | 'name' | 'category' | 'type'> {
  return {
    kind: entity.kind,
    name: entity.name,
    category: entity.kind === EntityKind.ISSUE ? entity.category : undefined,
    type: entity.kind === EntityKind.ORGANISATION ? entity.type : undefined,
  };
}

/** Each parse of a file gets a token of its own (see {@link DeclaredEntity.token}). */
let nextToken = 0;

/** Where a problem falls in the order the whole-batch validation has always reported. */
type OrderKey = readonly [phase: number, file: number, seq: number];

const PARSE_PHASE = 0;
const ENTITY_PHASE = 1;
const STATEMENT_PHASE = 2;

/**
 * Collects problems in the order of the original three phases (every file's parse and shape
 * problems, then every file's entity problems, then every file's statement problems) although
 * files are checked one at a time, and keeps only the first `max` of them, so that a hostile
 * batch cannot make the list itself unbounded.
 */
class ProblemSink {
  private kept: Array<{ key: OrderKey; problem: Problem }> = [];
  private seq = 0;
  count = 0;

  constructor(private readonly max: number) {}

  /** A place in the order, taken now for a problem that may only be known later. */
  reserve(phase: number, file: number): OrderKey {
    return [phase, file, this.seq++];
  }

  add(key: OrderKey, problem: Problem): void {
    this.count++;
    this.kept.push({ key, problem });
    if (this.kept.length > 2 * this.max + 1000) this.trim();
  }

  private trim(): void {
    this.kept.sort((a, b) => compareKeys(a.key, b.key));
    this.kept.length = Math.min(this.kept.length, this.max);
  }

  problems(): Problem[] {
    this.trim();
    return this.kept.map((k) => k.problem);
  }
}

function compareKeys(a: OrderKey, b: OrderKey): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** A reference whose target was not declared yet when its statement was read. */
interface PendingCheck {
  key: OrderKey;
  id: string;
  problemAt: Omit<Problem, 'message'>;
  message: (target: DeclaredEntity | undefined) => string | undefined;
}

/**
 * Validates dataset files together: their shapes and types, then the domain rules (ids,
 * references, kinds, ISO codes, qualifier types) and, when source texts are supplied, that
 * every quote occurs verbatim in its section. References may cross files of the same call.
 *
 * Holds every dataset in memory; for many or large files use {@link validateEach}, which this
 * is built on and which reports the same problems in the same order.
 */
export function validateFiles(
  files: readonly string[],
  options: ValidateOptions = {},
): ValidationResult {
  const datasets: ValidatedDataset[] = [];
  const report = validateEach(files, options, (dataset) => datasets.push(dataset));
  return { ...report, datasets: report.problems.length === 0 ? datasets : [] };
}

/**
 * Validates dataset files one at a time, in one pass: each file is parsed, checked, handed
 * to `onDataset` (when it has no problem of its own) and dropped before the next is read, so
 * memory grows with the largest file and the number of entities, not with the whole batch.
 * Across files only the declared entities and the source ids are kept; a reference to an
 * entity that a later file declares is checked when that file has been read (at the end).
 * The problems, their locations and their order are those of checking all files at once.
 *
 * `onDataset` may see a dataset that a later file makes invalid (a clash, a dangling
 * reference): nothing may be written before the returned report says there is no problem.
 */
export function validateEach(
  files: readonly string[],
  options: ValidateOptions = {},
  onDataset: (dataset: ValidatedDataset) => void = () => undefined,
): ValidationReport {
  const sink = new ProblemSink(options.maxProblems ?? 50);
  const limits = options.limits ?? DEFAULT_PARSE_LIMITS;
  const declared = new Map<string, DeclaredEntity>();
  const sources = new Map<string, string>();
  const pending: PendingCheck[] = [];
  const summaries: DatasetSummary[] = [];
  const warnings: string[] = [];
  /** The first entity declared under each kind and normalised name: another id is suspect. */
  const byName = new Map<string, { id: string; at: string }>();
  let parsedCount = 0;
  const { catalogue } = options;
  if (catalogue) {
    for (const problem of catalogue.problems) sink.add(sink.reserve(PARSE_PHASE, -1), problem);
    for (const [id, entry] of catalogue.entries) {
      const key = `${entry.entity.kind}:${nameKey(entry.entity.name)}`;
      if (!byName.has(key)) byName.set(key, { id, at: `${entry.file}:${entry.line}` });
    }
  }
  /** An entity a file declared or, failing that, the catalogue lists. */
  const known = (id: string): DeclaredEntity | undefined => {
    const found = declared.get(id);
    if (found) return found;
    const entry = catalogue?.entries.get(id);
    if (!entry) return undefined;
    return { ...factsOf(entry.entity), file: entry.file, line: entry.line, token: -1 };
  };

  files.forEach((fileName, index) => {
    const result = parseDatasetFile(fileName, limits);
    for (const problem of result.problems) sink.add(sink.reserve(PARSE_PHASE, index), problem);
    if (!result.parsed) return;
    const shape = datasetSchema.safeParse(result.parsed.data);
    let dataset: CheckedParts;
    if (shape.success) dataset = shape.data;
    else {
      for (const problem of shapeProblems(result.parsed, shape.error))
        sink.add(sink.reserve(PARSE_PHASE, index), problem);
      // The parts that are well-formed are checked too, so that one run reports all.
      const parts = wellFormedParts(result.parsed.data);
      if (!parts) return;
      dataset = parts;
    }
    parsedCount++;
    const file = result.parsed;
    const token = nextToken++;

    // Entities, checked against those of the files before this one.
    const before = sink.count;
    const entityAt = (p: Array<string | number>, message: string) =>
      sink.add(sink.reserve(ENTITY_PHASE, index), { file: file.file, ...file.locate(p), message });
    const source = dataset.source;
    if (source) {
      const seenSource = sources.get(source.id);
      if (seenSource !== undefined) {
        entityAt(['source', 'id'], `duplicate source id "${source.id}": ${seenSource} has it too`);
      }
      sources.set(source.id, file.file);
    }
    dataset.entities.forEach((entity, i) => {
      if (!entity) return;
      const p = ['entities', i, 'id'];
      if ('malformed' in entity) {
        // Its problems are reported: it is declared, of its kind if that much is right.
        if (!declared.has(entity.id))
          declared.set(entity.id, {
            kind: entity.kind,
            file: file.file,
            line: file.locate(p).line,
            token,
          });
        return;
      }
      const previous = declared.get(entity.id);
      if (previous && previous.token === token) {
        entityAt(p, `duplicate entity id "${entity.id}" (first declared at line ${previous.line})`);
        return;
      }
      const precedence = dataset.source?.precedence ?? 0;
      const listed = catalogue?.entries.get(entity.id);
      if (listed) {
        // Below every dataset, the catalogue never wins a property; only a kind can clash.
        const clash = viewConflict(
          entity.id,
          { kind: entity.kind, props: entity, precedence },
          {
            kind: listed.entity.kind,
            props: listed.entity,
            precedence: CATALOGUE_PRECEDENCE,
            at: `the catalogue (${listed.file}:${listed.line})`,
          },
        );
        if (clash) entityAt(p, clash);
      }
      if (previous?.kind !== undefined && previous.props) {
        const conflict = viewConflict(
          entity.id,
          { kind: entity.kind, props: entity, precedence },
          {
            kind: previous.kind,
            props: previous.props,
            precedence: previous.precedence ?? 0,
            at: `${previous.file}:${previous.line}`,
          },
        );
        if (conflict) entityAt(p, conflict);
      }
      for (const problem of entityProblems(entity))
        entityAt(['entities', i, ...problem.path], problem.message);
      if (!previous) {
        const line = file.locate(p).line;
        const key = `${entity.kind}:${nameKey(entity.name)}`;
        const same = byName.get(key);
        if (same && same.id !== entity.id)
          warnings.push(
            `${file.file}:${line}: ${nearDuplicateWarning(entity.id, entity.kind, same.id, same.at)}`,
          );
        else if (!same) byName.set(key, { id: entity.id, at: `${file.file}:${line}` });
        declared.set(entity.id, {
          ...factsOf(entity),
          props: entity,
          precedence,
          file: file.file,
          line: file.locate(p).line,
          token,
        });
      }
    });

    if (!source) return;
    const checked = checkStatements(
      file,
      { ...dataset, source },
      index,
      sink,
      known,
      pending,
      options,
      warnings,
    );
    if (shape.success && sink.count === before) {
      const summary: DatasetSummary = {
        file: file.file,
        sourceId: source.id,
        checksum: checked.dataset.checksum,
        sourceText: source.text,
        entities: dataset.entities.length,
        statements: checked.dataset.statements.length,
        quotes: checked.dataset.statements.reduce((n, s) => n + s.evidence.length, 0),
        quotesVerified: checked.dataset.quotesVerified,
      };
      summaries.push(summary);
      onDataset(checked.dataset);
    }
  });

  // References to entities that a file after theirs declared, now that every file is read.
  for (const check of pending) {
    const message = check.message(known(check.id));
    if (message !== undefined) sink.add(check.key, { ...check.problemAt, message });
  }

  if ((options.sourcesDirs ?? []).length === 0 && parsedCount > 0) {
    warnings.unshift('quotes were not verified: no source texts were given (--sources DIR)');
  }
  const problems = sink.problems();
  return {
    problems,
    moreProblems: sink.count - problems.length,
    warnings,
    summaries: sink.count === 0 ? summaries : [],
  };
}
/**
 * Checks one file's sections, source text and statements, and resolves the statements.
 * References to entities not declared yet are left in `pending` with their place in the order.
 */
function checkStatements(
  file: ParsedFile,
  dataset: CheckedParts & { source: SourceInput },
  index: number,
  sink: ProblemSink,
  known: (id: string) => DeclaredEntity | undefined,
  pending: PendingCheck[],
  options: ValidateOptions,
  warnings: string[],
): { dataset: ValidatedDataset } {
  const at = (p: Array<string | number>, message: string) =>
    sink.add(sink.reserve(STATEMENT_PHASE, index), {
      file: file.file,
      ...file.locate(p),
      message,
    });
  // Checks `check` against the entity `id` now if it is declared, else once every file is read.
  const against = (
    id: string,
    where: Array<string | number>,
    check: (target: DeclaredEntity | undefined) => string | undefined,
  ) => {
    const target = known(id);
    if (target) {
      const message = check(target);
      if (message !== undefined) at(where, message);
      return;
    }
    pending.push({
      key: sink.reserve(STATEMENT_PHASE, index),
      id,
      problemAt: { file: file.file, ...file.locate(where) },
      message: check,
    });
  };

  const sectionIds = new Set<string>();
  dataset.source.sections.forEach((section, i) => {
    if (sectionIds.has(section.id))
      at(['source', 'sections', i, 'id'], `duplicate section id "${section.id}"`);
    sectionIds.add(section.id);
    if (section.heading === null && i > 0) {
      at(['source', 'sections', i, 'heading'], 'only the first section may have no heading (null)');
    }
  });

  let sourceText: SourceText | undefined;
  if (options.sourcesDirs && options.sourcesDirs.length > 0) {
    sourceText = readSourceText(
      options.sourcesDirs,
      dataset,
      at,
      options.limits ?? DEFAULT_PARSE_LIMITS,
      (options.requireSources ?? true)
        ? undefined
        : (message) =>
            warnings.push(
              `${file.file}: quotes were not verified: ${message}; put it there (SOURCES_DIR) to verify them`,
            ),
    );
  }

  const statements: ResolvedStatement[] = [];
  /** Every entity id the dataset declares or names: those in the catalogue take its view. */
  const named = new Set(dataset.entities.flatMap((e) => (e ? [e.id] : [])));
  /** The index of each statement id's first statement (its line is found only if needed). */
  const statementIndexes = new Map<string, number>();
  dataset.statements.forEach((statement, i) => {
    if (!statement) return;
    const p = (...rest: Array<string | number>) => ['statements', i, ...rest];
    const qualifiers = (statement.qualifiers ?? {}) as ResolvedStatement['qualifiers'];
    const facts = { ...statement, qualifiers };
    for (const rule of statementRules(facts)) {
      if (isReference(rule)) {
        named.add(rule.id);
        against(rule.id, p(...rule.path), rule.check);
      } else at(p(...rule.path), rule.message);
    }

    const evidence: ResolvedEvidence[] = statement.evidence.map((record, j) => {
      const wrongSection = sectionProblem(record.section, dataset.source);
      if (wrongSection) {
        at(p('evidence', j, 'section'), wrongSection);
        return { ...record, start: null, end: null };
      }
      if (!sourceText) return { ...record, start: null, end: null };
      const found = findQuote(sourceText, record.section, record.quote);
      if ('start' in found) return { ...record, start: found.start, end: found.end };
      at(
        p('evidence', j, 'quote'),
        `quote not found verbatim in section "${record.section}" of ${dataset.source.text}${found.otherSection ? ` (it is in section "${found.otherSection}")` : `; ${nearestHint(sourceText, record.section, record.quote)}`}`,
      );
      return { ...record, start: null, end: null };
    });

    const modality = statement.modality ?? 'fact';
    const localId =
      statement.id ??
      derivedId(statement.kind, statement.subject, statement.object, qualifiers, modality);
    const first = statementIndexes.get(localId);
    if (first !== undefined) {
      const firstLine = file.locate(['statements', first]).line;
      at(
        statement.id ? p('id') : p(),
        `duplicate statement ${statement.id ? `id "${localId}"` : `(same kind, subject, object and qualifiers as line ${firstLine})`}`,
      );
    } else statementIndexes.set(localId, i);
    const resolved = {
      id: `${dataset.source.id}:${localId}`,
      kind: statement.kind,
      subject: statement.subject,
      object: statement.object,
      qualifiers,
      modality,
      evidence,
    };
    statements.push({ ...resolved, hash: sha256(canonical(resolved)) });
  });

  const catalogued = [...named].sort().flatMap((id) => {
    const entry = options.catalogue?.entries.get(id);
    return entry ? [entry.entity] : [];
  });
  return {
    dataset: {
      file: file.file,
      checksum: sha256(
        `${file.checksum}:${sourceText?.sha256 ?? 'unverified'}:${catalogued.length > 0 ? entriesChecksum(catalogued) : 'none'}`,
      ),
      catalogue: catalogued,
      source: { ...dataset.source, sha256: sourceText?.sha256 ?? null },
      entities: dataset.entities.filter(
        (e): e is EntityInput => e !== undefined && !('malformed' in e),
      ),
      entityLines: dataset.entities.flatMap((e, i) =>
        e !== undefined && !('malformed' in e) ? [file.locate(['entities', i, 'id']).line] : [],
      ),
      statements,
      quotesVerified: sourceText !== undefined,
    },
  };
}

/**
 * The text of a source, its sections located, from the first of `dirs` that holds it, as
 * validation reads it; throws an error saying why when no folder holds it, it cannot be read
 * or a heading is not in it.
 */
export function readLocatedText(
  dirs: readonly string[],
  source: SourceInput,
  limits: ParseLimits = DEFAULT_PARSE_LIMITS,
): SourceText {
  const messages: string[] = [];
  const text = readSourceText(dirs, { source }, (_path, message) => messages.push(message), limits);
  if (!text || messages.length > 0) throw new Error(messages.join('; '));
  return text;
}

/** What an author needs to mend a quote: the nearest passage of its section and how they differ. */
function nearestHint(source: SourceText, sectionId: string, quote: string): string {
  const section = source.sections.get(sectionId);
  const nearest = section && nearestPassage(source.text, section.start, section.end, quote);
  return nearest ? describeDifferences(nearest, source.text) : 'nothing in that section is near it';
}

function readSourceText(
  dirs: readonly string[],
  dataset: { source: SourceInput },
  at: (p: Array<string | number>, message: string) => void,
  limits: ParseLimits,
  /** Where a missing text is reported when it is not a problem. */
  missing?: (message: string) => void,
): SourceText | undefined {
  const candidates = dirs.map((dir) => path.join(dir, dataset.source.text));
  const textFile = candidates.find((candidate) => existsSync(candidate));
  if (textFile === undefined) {
    const message = `source text ${dataset.source.text} is in none of ${dirs.join(', ')}`;
    if (missing) missing(message);
    else at(['source', 'text'], message);
    return undefined;
  }
  let text: string;
  try {
    if (statSync(textFile).size > limits.maxBytes) {
      at(['source', 'text'], `source text ${textFile} is larger than ${limits.maxBytes} bytes`);
      return undefined;
    }
    text = readFileSync(textFile, 'utf8');
  } catch (error) {
    at(
      ['source', 'text'],
      `cannot read the source text ${textFile} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
    return undefined;
  }
  const located = locateSections(text, dataset.source.sections);
  for (const id of located.missing) {
    const i = dataset.source.sections.findIndex((s) => s.id === id);
    at(
      ['source', 'sections', i, 'heading'],
      `heading of section "${id}" is not a line of ${dataset.source.text} (after the previous heading)`,
    );
  }
  return located.text;
}

/**
 * A dataset's parts as checked: those of a valid dataset, or the well-formed parts of one
 * with shape problems, where a malformed entity is only its id and kind (when they can be
 * read) and a malformed statement is absent, at the index it had, so that problems keep their
 * places.
 */
interface CheckedParts {
  source?: SourceInput;
  entities: ReadonlyArray<EntityInput | MalformedEntity | undefined>;
  statements: ReadonlyArray<StatementInput | undefined>;
}

/** An entity declaration with shape problems: what can be read of it. */
interface MalformedEntity {
  malformed: true;
  id: string;
  kind?: EntityKind;
}

/** The well-formed parts of a dataset that failed its schema; undefined when its lists are not lists. */
function wellFormedParts(data: unknown): CheckedParts | undefined {
  const { source, entities, statements } = data as Record<string, unknown>;
  if (!Array.isArray(entities) || !Array.isArray(statements)) return undefined;
  const parsedSource = sourceSchema.safeParse(source);
  return {
    source: parsedSource.success ? parsedSource.data : undefined,
    entities: entities.map((entity: unknown) => {
      const parsed = entitySchema.safeParse(entity);
      if (parsed.success) return parsed.data;
      const { id, kind } = (entity ?? {}) as { id?: unknown; kind?: unknown };
      if (typeof id !== 'string') return undefined;
      const known = ENTITY_KINDS.find((k) => k === kind);
      return { malformed: true as const, id, kind: known };
    }),
    statements: statements.map((statement: unknown) => {
      const parsed = statementSchemas.safeParse(statement);
      return parsed.success ? parsed.data : undefined;
    }),
  };
}

function derivedId(
  kind: string,
  subject: string,
  object: string,
  qualifiers: object,
  modality: string,
): string {
  const slug = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
  return `${slug(kind)}-${slug(subject)}-${slug(object)}-${sha256(canonical({ qualifiers, modality })).slice(0, 8)}`;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
