import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import iso3166 from 'iso-3166-1';
import { z } from 'zod';
import { EntityKind } from '../ontology/entities';
import {
  Modality,
  QUALIFIERS,
  QualifierName,
  RELATION_KIND_SPECS,
  RelationKind,
} from '../ontology/relations';
import { Dataset, EntityInput, SourceInput, datasetSchema } from './dataset-format';
import { DEFAULT_PARSE_LIMITS, ParseLimits, ParsedFile, Problem, parseDatasetFile } from './parse';
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
  statements: ResolvedStatement[];
  quotesVerified: boolean;
}

/** Options of {@link validateFiles}. */
export interface ValidateOptions {
  /** Folders holding the source texts, searched in order; without any, quotes are not verified. */
  sourcesDirs?: readonly string[];
  limits?: ParseLimits;
  /** Most problems reported; the rest are counted. */
  maxProblems?: number;
}

/** What validation found. `datasets` is complete only when `problems` is empty. */
export interface ValidationResult {
  datasets: ValidatedDataset[];
  problems: Problem[];
  /** How many problems there were beyond `maxProblems`. */
  moreProblems: number;
  warnings: string[];
}

interface Declared {
  entity: EntityInput;
  file: ParsedFile;
  path: Array<string | number>;
}

/**
 * Validates dataset files together: their shapes and types, then the domain rules (ids,
 * references, kinds, ISO codes, qualifier types) and, when source texts are supplied, that
 * every quote occurs verbatim in its section. References may cross files of the same call.
 */
export function validateFiles(
  files: readonly string[],
  options: ValidateOptions = {},
): ValidationResult {
  const problems: Problem[] = [];
  const warnings: string[] = [];
  const parsed: Array<{ file: ParsedFile; dataset: Dataset }> = [];

  for (const file of files) {
    const result = parseDatasetFile(file, options.limits ?? DEFAULT_PARSE_LIMITS);
    problems.push(...result.problems);
    if (!result.parsed) continue;
    const shape = datasetSchema.safeParse(result.parsed.data);
    if (!shape.success) {
      problems.push(...shapeProblems(result.parsed, shape.error));
      continue;
    }
    parsed.push({ file: result.parsed, dataset: shape.data });
  }

  // Entities declared anywhere in this call, checked for clashes across files.
  const declared = new Map<string, Declared>();
  const sources = new Map<string, ParsedFile>();
  for (const { file, dataset } of parsed) {
    const at = (p: Array<string | number>, message: string, key = false) =>
      problems.push({ file: file.file, ...file.locate(p, key), message });
    const seenSource = sources.get(dataset.source.id);
    if (seenSource) {
      at(
        ['source', 'id'],
        `duplicate source id "${dataset.source.id}": ${seenSource.file} has it too`,
      );
    }
    sources.set(dataset.source.id, file);
    dataset.entities.forEach((entity, i) => {
      const p = ['entities', i, 'id'];
      const previous = declared.get(entity.id);
      if (previous && previous.file === file) {
        at(
          p,
          `duplicate entity id "${entity.id}" (first declared at line ${file.locate(previous.path).line})`,
        );
        return;
      }
      if (
        previous &&
        (previous.entity.kind !== entity.kind || previous.entity.name !== entity.name)
      ) {
        at(
          p,
          `entity "${entity.id}" is declared as ${entity.kind} "${entity.name}" here but as ${previous.entity.kind} "${previous.entity.name}" in ${previous.file.file}:${previous.file.locate(previous.path).line}`,
        );
      }
      if (entity.kind === EntityKind.COUNTRY) {
        const iso = iso3166.whereAlpha3(entity.id);
        if (!iso) at(p, `"${entity.id}" is not an ISO 3166-1 alpha-3 country code`);
        else if (iso.alpha2 !== entity.iso2) {
          at(
            ['entities', i, 'iso2'],
            `the alpha-2 code of ${entity.id} is "${iso.alpha2}", not "${entity.iso2}"`,
          );
        }
      }
      if (!previous) declared.set(entity.id, { entity, file, path: p });
    });
  }

  const datasets: ValidatedDataset[] = [];
  for (const { file, dataset } of parsed) {
    const before = problems.length;
    const at = (p: Array<string | number>, message: string) =>
      problems.push({ file: file.file, ...file.locate(p), message });

    const sectionIds = new Set<string>();
    dataset.source.sections.forEach((section, i) => {
      if (sectionIds.has(section.id))
        at(['source', 'sections', i, 'id'], `duplicate section id "${section.id}"`);
      sectionIds.add(section.id);
      if (section.heading === null && i > 0) {
        at(
          ['source', 'sections', i, 'heading'],
          'only the first section may have no heading (null)',
        );
      }
    });

    let sourceText: SourceText | undefined;
    if (options.sourcesDirs && options.sourcesDirs.length > 0) {
      sourceText = readSourceText(
        options.sourcesDirs,
        dataset,
        file,
        at,
        options.limits ?? DEFAULT_PARSE_LIMITS,
      );
    }

    const statements: ResolvedStatement[] = [];
    const statementLines = new Map<string, number>();
    dataset.statements.forEach((statement, i) => {
      const p = (...rest: Array<string | number>) => ['statements', i, ...rest];
      const spec = RELATION_KIND_SPECS[statement.kind];
      const qualifiers = (statement.qualifiers ?? {}) as ResolvedStatement['qualifiers'];
      const reference = (
        id: string,
        allowed: readonly EntityKind[],
        where: Array<string | number>,
        role: string,
      ) => {
        const target = declared.get(id);
        if (!target) {
          at(where, `${role} "${id}" is not a declared entity (dangling reference)`);
        } else if (!allowed.includes(target.entity.kind)) {
          at(
            where,
            `${role} of ${statement.kind} must be ${allowed.join(' or ')}, but "${id}" is ${target.entity.kind}`,
          );
        }
      };
      reference(statement.subject, spec.subjects, p('subject'), 'subject');
      reference(statement.object, spec.objects, p('object'), 'object');
      const objectEntity = declared.get(statement.object)?.entity;
      if (
        spec.objectCategories &&
        objectEntity?.kind === EntityKind.ISSUE &&
        !spec.objectCategories.includes(objectEntity.category)
      ) {
        at(
          p('object'),
          `object of ${statement.kind} must be an issue of category ${spec.objectCategories.join(' or ')}, but "${objectEntity.id}" is ${objectEntity.category}`,
        );
      }
      if (statement.subject === statement.object)
        at(p('object'), 'subject and object are the same entity');
      for (const [name, value] of Object.entries(qualifiers)) {
        const qualifier = QUALIFIERS[name as QualifierName];
        if (qualifier.type === 'entity')
          reference(String(value), qualifier.kinds, p('qualifiers', name), `qualifier ${name}`);
      }
      if (
        typeof qualifiers.since === 'number' &&
        typeof qualifiers.until === 'number' &&
        qualifiers.until < qualifiers.since
      ) {
        at(
          p('qualifiers', 'until'),
          `until (${qualifiers.until}) is before since (${qualifiers.since})`,
        );
      }

      const evidence: ResolvedEvidence[] = statement.evidence.map((record, j) => {
        if (!sectionIds.has(record.section)) {
          at(
            p('evidence', j, 'section'),
            `section "${record.section}" is not declared in source.sections`,
          );
          return { ...record, start: null, end: null };
        }
        if (!sourceText) return { ...record, start: null, end: null };
        const found = findQuote(sourceText, record.section, record.quote);
        if ('start' in found) return { ...record, start: found.start, end: found.end };
        at(
          p('evidence', j, 'quote'),
          `quote not found verbatim in section "${record.section}" of ${dataset.source.text}${found.otherSection ? ` (it is in section "${found.otherSection}")` : ''}`,
        );
        return { ...record, start: null, end: null };
      });

      const modality = statement.modality ?? 'fact';
      const localId =
        statement.id ??
        derivedId(statement.kind, statement.subject, statement.object, qualifiers, modality);
      const line = file.locate(p()).line;
      const firstLine = statementLines.get(localId);
      if (firstLine !== undefined) {
        at(
          statement.id ? p('id') : p(),
          `duplicate statement ${statement.id ? `id "${localId}"` : `(same kind, subject, object and qualifiers as line ${firstLine})`}`,
        );
      }
      statementLines.set(localId, line);
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

    if (problems.length === before) {
      datasets.push({
        file: file.file,
        checksum: sha256(`${file.checksum}:${sourceText?.sha256 ?? 'unverified'}`),
        source: { ...dataset.source, sha256: sourceText?.sha256 ?? null },
        entities: dataset.entities,
        statements,
        quotesVerified: sourceText !== undefined,
      });
    }
  }

  if ((options.sourcesDirs ?? []).length === 0 && parsed.length > 0) {
    warnings.push('quotes were not verified: no source texts were given (--sources DIR)');
  }
  const max = options.maxProblems ?? 50;
  return {
    datasets: problems.length === 0 ? datasets : [],
    problems: problems.slice(0, max),
    moreProblems: Math.max(0, problems.length - max),
    warnings,
  };
}

function readSourceText(
  dirs: readonly string[],
  dataset: Dataset,
  file: ParsedFile,
  at: (p: Array<string | number>, message: string) => void,
  limits: ParseLimits,
): SourceText | undefined {
  const candidates = dirs.map((dir) => path.join(dir, dataset.source.text));
  const textFile = candidates.find((candidate) => existsSync(candidate));
  if (textFile === undefined) {
    at(['source', 'text'], `source text ${dataset.source.text} is in none of ${dirs.join(', ')}`);
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

/** Turns zod's issues into located problems. */
function shapeProblems(file: ParsedFile, error: z.ZodError): Problem[] {
  return error.issues.map((issue) => {
    const p = issue.path.filter((s): s is string | number => typeof s !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      const key = issue.keys[0] as string;
      return {
        file: file.file,
        ...file.locate([...p, key], true),
        message: `${describePath(p)}unknown field "${issue.keys.join('", "')}"`,
      };
    }
    const message =
      issue.code === 'invalid_union' && 'discriminator' in issue
        ? `unknown ${String(issue.discriminator)}; expected one of ${(issue as { options?: unknown[] }).options?.join(', ')}`
        : issue.message;
    const missing = issue.code === 'invalid_type' && valueAt(file.data, p) === undefined;
    return {
      file: file.file,
      ...file.locate(p, missing),
      message: missing
        ? `${describePath(p.slice(0, -1))}missing required field "${String(p.at(-1))}"`
        : `${describePath(p)}${message}`,
    };
  });
}

function valueAt(data: unknown, p: ReadonlyArray<string | number>): unknown {
  let value: unknown = data;
  for (const segment of p) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[segment];
  }
  return value;
}

function describePath(p: ReadonlyArray<string | number>): string {
  if (p.length === 0) return '';
  return `${p.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('')}: `;
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

/** JSON with sorted keys, so that equal content gives equal text. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
        )
      : v,
  );
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
