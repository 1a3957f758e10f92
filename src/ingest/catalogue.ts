import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { canonical } from '../ontology/canonical';
import { EntityInput, catalogueSchema } from '../ontology/dataset-format';
import { Problem, entityProblems } from '../ontology/rules';
import { DEFAULT_PARSE_LIMITS, ParseLimits, parseDatasetFile, shapeProblems } from './parse';

/*
 * The reference catalogue: shared entities (every ISO 3166-1 country, and the organisations,
 * agreements and issues the series keeps naming) in files of their own, in the form datasets
 * declare entities. A dataset may name a catalogue entity without declaring it; whatever it
 * names that the catalogue holds is described by the catalogue too, as a view below every
 * dataset's (CATALOGUE_PRECEDENCE), so that a dataset that says otherwise wins and aliases
 * unite.
 */

/** One catalogue entry and where it is written. */
export interface CatalogueEntry {
  entity: EntityInput;
  file: string;
  line: number;
}

/** The catalogue as validation and loads use it. */
export interface Catalogue {
  dir: string;
  entries: ReadonlyMap<string, CatalogueEntry>;
  /** Problems in the catalogue's own files: validation reports them, and nothing loads. */
  problems: readonly Problem[];
}

/** The catalogue files of a folder: its `*.yaml`, in name order; none when it does not exist. */
export function catalogueFiles(dir: string): string[] {
  try {
    if (!statSync(dir).isDirectory()) return [];
  } catch {
    return [];
  }
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => path.join(dir, name));
}

const cache = new Map<string, { stamp: string; catalogue: Catalogue }>();

/**
 * Reads the catalogue in `dir` (see {@link catalogueFiles}), checked as datasets' entities are
 * (shapes, ISO codes, years) and for ids given twice. Read again only when a file changed.
 */
export function readCatalogue(dir: string, limits: ParseLimits = DEFAULT_PARSE_LIMITS): Catalogue {
  const files = catalogueFiles(dir);
  const stamp = files
    .map((file) => {
      const stat = statSync(file);
      return `${file}:${stat.size}:${stat.mtimeMs}`;
    })
    .join('|');
  const cached = cache.get(dir);
  if (cached && cached.stamp === stamp) return cached.catalogue;

  const entries = new Map<string, CatalogueEntry>();
  const problems: Problem[] = [];
  for (const file of files) {
    const result = parseDatasetFile(file, limits);
    problems.push(...result.problems);
    if (!result.parsed) continue;
    const parsed = result.parsed;
    const shape = catalogueSchema.safeParse(parsed.data);
    if (!shape.success) {
      problems.push(...shapeProblems(parsed, shape.error));
      continue;
    }
    shape.data.entities.forEach((entity, i) => {
      const at = (p: ReadonlyArray<string | number>, message: string) =>
        problems.push({ file, ...parsed.locate(['entities', i, ...p]), message });
      for (const problem of entityProblems(entity)) at(problem.path, problem.message);
      const line = parsed.locate(['entities', i, 'id']).line;
      const previous = entries.get(entity.id);
      if (previous) {
        at(
          ['id'],
          `duplicate catalogue id "${entity.id}" (also at ${previous.file}:${previous.line})`,
        );
        return;
      }
      entries.set(entity.id, { entity, file, line });
    });
  }
  const catalogue: Catalogue = { dir, entries, problems };
  cache.set(dir, { stamp, catalogue });
  return catalogue;
}

/** A fingerprint of catalogue entries: a dataset's checksum changes when what it takes does. */
export function entriesChecksum(entities: readonly EntityInput[]): string {
  return createHash('sha256').update(canonical(entities)).digest('hex');
}

/** docs/shared-ids.md: every id of the catalogue, by kind, generated from its files. */
export function sharedIdsMarkdown(catalogue: Catalogue): string {
  const byKind = new Map<string, CatalogueEntry[]>();
  for (const entry of catalogue.entries.values()) {
    const list = byKind.get(entry.entity.kind) ?? [];
    list.push(entry);
    byKind.set(entry.entity.kind, list);
  }
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const lines = [
    '# Shared ids',
    '',
    '<!-- generated from catalogue/ by `npm run schema`: do not edit by hand -->',
    '',
    'The reference catalogue (`catalogue/`) holds the entities the articles of the series share.',
    'A dataset names them by these ids without declaring them; one that declares them anyway',
    'says what it wants of them (the catalogue is below every dataset, and aliases unite). See',
    '[authoring.md](authoring.md).',
  ];
  for (const [kind, entries] of [...byKind].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(
      '',
      `## ${kind} (${entries.length})`,
      '',
      '| id | name | also known as |',
      '|---|---|---|',
    );
    for (const { entity } of [...entries].sort((a, b) => a.entity.id.localeCompare(b.entity.id))) {
      const also = [
        ...(entity.kind === 'Country' ? [entity.iso2, entity.officialName ?? ''] : []),
        ...('acronym' in entity && entity.acronym ? [entity.acronym] : []),
        ...(entity.aliases ?? []),
      ].filter((name, i, all) => name !== '' && name !== entity.name && all.indexOf(name) === i);
      lines.push(`| \`${entity.id}\` | ${cell(entity.name)} | ${cell(also.join(', '))} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}
