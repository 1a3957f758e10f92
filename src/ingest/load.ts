import { createHash } from 'node:crypto';
import {
  PropertyValue,
  SourceWrite,
  WriteReport,
  loadedChecksums,
  lockIngest,
  writeSource,
} from '../graph/dataset-writer';
import { GraphExecutor } from '../graph/executor';
import { nameKey } from '../ontology/names';
import { EntityInput } from './dataset-format';
import { Progress, silentProgress } from './progress';
import {
  ValidateOptions,
  ValidatedDataset,
  ValidationResult,
  canonical,
  validateFiles,
} from './validate';

/**
 * The version of how datasets are stored in the graph. Part of each loaded source's
 * checksum, so that a change of storage reloads every dataset at the next start.
 */
export const STORAGE_VERSION = 2;

/** Options of {@link loadFiles}. */
export interface LoadOptions extends ValidateOptions {
  /** Rows per UNWIND statement. */
  batchSize: number;
  /** Rewrite everything, even datasets and statements the graph already holds exactly. */
  force?: boolean;
  /** Timeout of the one transaction that writes everything. */
  transactionTimeoutMs: number;
  progress?: Progress;
}

/** What a load did. Nothing was written when `validation.problems` is not empty. */
export interface LoadResult {
  validation: ValidationResult;
  written: WriteReport[];
  /** Files skipped because the graph already holds exactly them. */
  unchanged: string[];
}

/**
 * Validates the files together and, only when all of them are valid, writes them in one
 * transaction: every file or none, even if Neo4j fails half-way. Files whose checksum the
 * graph already records are skipped (unless `force`), so loading twice changes nothing.
 */
export async function loadFiles(
  executor: GraphExecutor,
  files: readonly string[],
  options: LoadOptions,
): Promise<LoadResult> {
  const validation = validateFiles(files, options);
  if (validation.problems.length > 0) return { validation, written: [], unchanged: [] };

  const checksums = await loadedChecksums(executor);
  const pending = validation.datasets.filter(
    (d) => options.force || checksums.get(d.source.id) !== `${STORAGE_VERSION}:${d.checksum}`,
  );
  const unchanged = validation.datasets.filter((d) => !pending.includes(d)).map((d) => d.file);
  if (pending.length === 0) return { validation, written: [], unchanged };

  const writes = pending.map(toSourceWrite);
  const progress = options.progress ?? silentProgress;
  const total = writes.reduce(
    (n, w) =>
      n +
      w.entities.length +
      w.statements.length +
      w.statements.reduce((e, s) => e + s.evidence.length, 0),
    0,
  );
  const written = await executor.writeTransaction(async (run) => {
    // The driver may retry this function after a transient error: start the count afresh.
    progress.start(total);
    await lockIngest(run);
    const reports: WriteReport[] = [];
    for (const write of writes)
      reports.push(
        await writeSource(run, write, options.batchSize, (n) => progress.tick(n), options.force),
      );
    return reports;
  }, options.transactionTimeoutMs);
  progress.done();
  return { validation, written, unchanged };
}

/** Turns a validated dataset into the rows the graph layer writes. */
export function toSourceWrite(dataset: ValidatedDataset): SourceWrite {
  const { source } = dataset;
  return {
    id: source.id,
    props: {
      title: source.title,
      publisher: source.publisher ?? null,
      url: source.url ?? null,
      language: source.language ?? null,
      textFile: source.text,
      sectionIds: source.sections.map((s) => s.id),
      sectionHeadings: source.sections.map((s) => s.heading ?? ''),
      sha256: source.sha256,
      checksum: `${STORAGE_VERSION}:${dataset.checksum}`,
      quotesVerified: dataset.quotesVerified,
      entityCount: dataset.entities.length,
      statementCount: dataset.statements.length,
      datasetFile: dataset.file,
    },
    entities: dataset.entities.map((entity) => {
      const props = entityProps(entity);
      return {
        id: entity.id,
        kind: entity.kind,
        props: { ...props, contentHash: hash(props) },
        hash: hash(props),
      };
    }),
    statements: dataset.statements.map((s) => {
      const common = { statementId: s.id, source: source.id, modality: s.modality };
      return {
        id: s.id,
        kind: s.kind,
        subject: s.subject,
        object: s.object,
        hash: s.hash,
        statement: {
          id: s.id,
          kind: s.kind,
          subject: s.subject,
          object: s.object,
          source: source.id,
          modality: s.modality,
          qualifiers: canonical(s.qualifiers),
          hash: s.hash,
        },
        edge: { ...common, ...(s.qualifiers as Record<string, PropertyValue>) },
        evidence: s.evidence.map((e) => ({
          section: e.section,
          heading: source.sections.find((x) => x.id === e.section)?.heading ?? null,
          quote: e.quote,
          start: e.start,
          end: e.end,
        })),
      };
    }),
  };
}

/**
 * The node properties of an entity: what the dataset gives, plus `lookupKeys` (every name it
 * answers to, in {@link nameKey} form) and `aliasText` (aliases as one string, for the
 * full-text index, which does not index lists).
 */
export function entityProps(entity: EntityInput): Record<string, PropertyValue> {
  const { kind: _kind, aliases, ...rest } = entity;
  const props: Record<string, PropertyValue> = { aliases: aliases ?? [] };
  for (const [key, value] of Object.entries(rest)) props[key] = value as PropertyValue;
  const names = [entity.id, entity.name, ...(aliases ?? [])];
  if ('iso2' in entity) names.push(entity.iso2);
  if ('acronym' in entity && entity.acronym) names.push(entity.acronym);
  props.lookupKeys = [...new Set(names.map(nameKey).filter((key) => key !== ''))];
  props.aliasText = (aliases ?? []).join(' | ');
  return props;
}

function hash(value: unknown): string {
  return createHash('sha256').update(canonical(value)).digest('hex');
}

/** One line saying what a load changed for one source. */
export function formatReport(report: WriteReport): string {
  const { entities: e, statements: s } = report;
  return `${report.source}: entities ${e.written} written, ${e.unchanged} unchanged, ${e.removed} removed; statements ${s.added} added, ${s.updated} updated, ${s.unchanged} unchanged, ${s.retracted} retracted; ${report.evidence} evidence records written.`;
}
