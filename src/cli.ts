#!/usr/bin/env node
import 'reflect-metadata';
import { Command } from 'commander';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Worker, isMainThread } from 'node:worker_threads';
import { Config, ConfigError, NEO4J_VERSION, PROJECT_ROOT, loadConfig, loadDotEnv } from './config';
import worldCountries from 'world-countries';
import { EntityInput, datasetJsonSchema } from './ontology/dataset-format';
import { withGeneratedPart } from './ontology/document';
import {
  LoadOptions,
  announced,
  configuredLoadOptions,
  disposeLoad,
  formatReport,
  loadFiles,
  prepareLoad,
} from './ingest/load';
import { formatProblem } from './ingest/parse';
import { readGraphVersion } from './graph/graph-version';
import { BulkLoadError, bulkLoad } from './ingest/bulk-load';
import { readCatalogue, sharedIdsMarkdown } from './ingest/catalogue';
import { draftArticle } from './draft/draft';
import { graphEntities } from './draft/graph-entities';
import { DraftLlmError, llmCandidates } from './draft/llm';
import { formatScore, scoreDraft } from './draft/score';
import { REVIEW_BELOW, draftYaml } from './draft/write';
import { createProgress } from './ingest/progress';
import { coverageOf, entityNames, formatCoverage } from './ingest/coverage';
import { ValidationReport, readLocatedText, validateEach, validateFiles } from './ingest/validate';
import { AppError } from './errors';
import { purgeSource } from './graph/dataset-writer';
import { migrateProject } from './graph/migrations';
import { createLogger } from './logger';
import { connectGraph } from './neo4j/connect';
import { LocalNeo4j, LocalNeo4jError } from './neo4j/local-neo4j';
import { generateWorld } from './generate/world';
import { signToken } from './server/auth';
import { buildAppSchema, printAppSchema } from './server/schema';
import { DatasetError, serve } from './server/serve';

const SCHEMA_FILE = path.join(PROJECT_ROOT, 'schema', 'schema.graphql');
const DATASET_SCHEMA_FILE = path.join(PROJECT_ROOT, 'schema', 'dataset.schema.json');
const ONTOLOGY_DOC = path.join(PROJECT_ROOT, 'docs', 'ontology.md');
const SHARED_IDS_DOC = path.join(PROJECT_ROOT, 'docs', 'shared-ids.md');
/** The repository's reference catalogue, which docs/shared-ids.md lists. */
const CATALOGUE_DIR = path.join(PROJECT_ROOT, 'catalogue');

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** A mistake in how a command was called. */
class UsageError extends Error {}

/** The configured load options, with the folders of `--sources` when it was given. */
function loadOptions(config: Config, sources: string[] | undefined): LoadOptions {
  return configuredLoadOptions(
    config.ingest,
    sources?.map((dir) => path.resolve(dir)),
  );
}

/**
 * Prints validation problems, or the warnings when there is none; true when there were
 * problems (and the exit status is set). A load says that it wrote nothing; a validation
 * never writes.
 */
function reportProblems(result: ValidationReport, command: 'validate' | 'load'): boolean {
  if (result.problems.length === 0) {
    for (const warning of result.warnings) console.error(`warning: ${warning}`);
    return false;
  }
  for (const problem of result.problems) console.error(formatProblem(problem));
  const total = result.problems.length + result.moreProblems;
  console.error(
    `${total} problem${total === 1 ? '' : 's'}${result.moreProblems > 0 ? ` (${result.moreProblems} more not shown; MAX_PROBLEMS)` : ''}${command === 'load' ? '; nothing was written' : ''}.`,
  );
  process.exitCode = 1;
  return true;
}

function context() {
  const config = loadConfig();
  return { config, logger: createLogger(config.logLevel) };
}

function localNeo4j() {
  const { config, logger } = context();
  return new LocalNeo4j(config.local, logger, config.neo4j.password);
}

/** Builds the command-line interface; exported for tests. */
export function buildCli(): Command {
  const program = new Command('diplograph')
    .description('GraphQL knowledge graph of foreign relations, over Neo4j.')
    .showHelpAfterError();

  program
    .command('serve')
    .description('Ensure Neo4j, apply migrations and serve the API (what `npm start` runs).')
    .action(async () => {
      const { config, logger } = context();
      await serve(config, logger);
    });

  program
    .command('migrate')
    .description('Apply the Cypher migrations in cypher/ that the graph has not recorded yet.')
    .action(async () => {
      const { config, logger } = context();
      const executor = await connectGraph(config, logger);
      try {
        const { applied } = await migrateProject(executor, logger);
        console.log(
          applied.length === 0
            ? 'Migrations: already current.'
            : `Migrations: applied ${applied.map((m) => `V${m.version}`).join(', ')}.`,
        );
      } finally {
        await executor.close();
      }
    });

  program
    .command('emit-schema')
    .description(
      "Write schema/schema.graphql (the GraphQL SDL), schema/dataset.schema.json (the dataset format), the tables of docs/ontology.md and docs/shared-ids.md (the catalogue's ids), or with --check fail when one is stale.",
    )
    .option('--check', 'compare instead of writing; exit 1 when a committed file is stale')
    .action(async (options: { check?: boolean }) => {
      const outputs: Array<[string, string]> = [
        [SCHEMA_FILE, printAppSchema(await buildAppSchema())],
        [DATASET_SCHEMA_FILE, `${JSON.stringify(datasetJsonSchema(), null, 2)}\n`],
        [ONTOLOGY_DOC, withGeneratedPart(readFileSync(ONTOLOGY_DOC, 'utf8'))],
        [SHARED_IDS_DOC, sharedIdsMarkdown(readCatalogue(CATALOGUE_DIR))],
      ];
      for (const [file, content] of outputs) {
        const shown = path.relative(process.cwd(), file);
        if (!options.check) {
          writeFileSync(file, content);
          console.log(`Wrote ${shown}.`);
          continue;
        }
        let committed = '';
        try {
          committed = readFileSync(file, 'utf8');
        } catch {
          // Missing counts as stale.
        }
        if (committed === content) console.log(`${shown} is current.`);
        else {
          console.error(`${shown} is stale: run \`npm run schema\` and commit it.`);
          process.exitCode = 1;
        }
      }
    });

  program
    .command('validate')
    .description('Check dataset files: shapes, types, references and, with --sources, every quote.')
    .argument('<files...>', 'dataset files (YAML)')
    .option('--sources <dir>', 'folder of the source texts the datasets cite (repeatable)', collect)
    .action((files: string[], options: { sources?: string[] }) => {
      const { config } = context();
      // One file at a time: memory follows the largest file, not the whole batch.
      const result = validateEach(files, loadOptions(config, options.sources));
      if (reportProblems(result, 'validate')) return;
      for (const dataset of result.summaries) {
        console.log(
          `${dataset.file}: valid: ${dataset.entities} entities, ${dataset.statements} statements, ${dataset.quotes} quotes ${dataset.quotesVerified ? `verified against ${dataset.sourceText}` : 'not verified'}.`,
        );
      }
    });

  program
    .command('coverage')
    .description(
      'Print every sentence of the source text of each dataset with the statements that cite it, the share cited, and the uncited sentences that name two or more known entities.',
    )
    .argument('<files...>', 'dataset files (YAML)')
    .option(
      '--sources <dir>',
      'folder of the source texts (repeatable; default SOURCES_DIR); each text is needed',
      collect,
    )
    .option('--json', 'print the reports as JSON')
    .option('--strict', 'exit 1 when an uncited sentence names two or more known entities (for CI)')
    .action(
      (files: string[], options: { sources?: string[]; json?: boolean; strict?: boolean }) => {
        const { config } = context();
        // Coverage reads each text, so a missing one is a problem here whatever its folder.
        const validation = { ...loadOptions(config, options.sources), requireSources: true };
        const result = validateFiles(files, validation);
        if (reportProblems(result, 'validate')) return;
        const reports = result.datasets.map((dataset) =>
          coverageOf(
            dataset,
            readLocatedText(validation.sourcesDirs ?? [], dataset.source, validation.limits),
            // Its own entities, and those it names from the catalogue without declaring.
            entityNames([
              ...dataset.entities,
              ...dataset.catalogue.filter((e) => !dataset.entities.some((d) => d.id === e.id)),
            ]),
          ),
        );
        console.log(
          options.json
            ? JSON.stringify(reports, null, 2)
            : reports.map(formatCoverage).join('\n\n'),
        );
        if (options.strict && reports.some((r) => r.gaps.length > 0)) process.exitCode = 1;
      },
    );

  program
    .command('draft')
    .description(
      'Draft a dataset from an article, offline: sections, entities and statements, each statement with a verbatim quote, its confidence and the cue that proposed it, for a person to review.',
    )
    .argument('<article>', 'the article: a path, or a file name found in --sources')
    .requiredOption('--out <file>', 'where to write the draft (YAML)')
    .option(
      '--sources <dir>',
      'folder of source texts, where the article is looked up and validated (repeatable; default SOURCES_DIR)',
      collect,
    )
    .option(
      '--known <files...>',
      'datasets whose entities the draft links to (and declares when it names them)',
    )
    .option(
      '--graph',
      'also link to the entities already in the graph (NEO4J_URI, or the local Neo4j, started if need be)',
    )
    .option(
      '--llm',
      'also ask the chat API at DRAFT_LLM_URL for candidates (each kept only if its quote is verbatim in the article)',
    )
    .action(
      async (
        article: string,
        options: {
          out: string;
          sources?: string[];
          known?: string[];
          llm?: boolean;
          graph?: boolean;
        },
      ) => {
        const { config, logger } = context();
        const llm = config.draft.llm;
        if (options.llm && !llm) {
          console.error('diplograph: --llm needs DRAFT_LLM_URL (an OpenAI-compatible chat API)');
          process.exitCode = 1;
          return;
        }
        const validation = loadOptions(config, options.sources);
        const dirs = validation.sourcesDirs ?? [];
        const file = existsSync(article)
          ? path.resolve(article)
          : dirs.map((dir) => path.join(dir, article)).find((candidate) => existsSync(candidate));
        if (!file) {
          console.error(
            `diplograph: ${article} is neither a file nor in ${dirs.join(', ') || 'any --sources folder'}`,
          );
          process.exitCode = 1;
          return;
        }
        let known: EntityInput[] = [];
        if (options.known && options.known.length > 0) {
          const result = validateFiles(options.known, { ...validation, sourcesDirs: [] });
          if (reportProblems(result, 'validate')) return;
          known = result.datasets.flatMap((d) => d.entities);
        }
        if (options.graph) {
          const executor = await connectGraph(config, logger);
          try {
            known = [...known, ...(await graphEntities(executor))];
          } finally {
            await executor.close();
          }
        }
        const draft = await draftArticle(readFileSync(file, 'utf8'), file, {
          catalogue: validation.catalogue ?? readCatalogue(CATALOGUE_DIR),
          known,
          capitals: worldCountries,
          extra: options.llm && llm ? llmCandidates(llm) : undefined,
        });
        if (draft.sentences === 0) {
          console.error(
            `diplograph: ${article} has no sentence to draft from; nothing was written`,
          );
          process.exitCode = 1;
          return;
        }
        // The draft must validate against its article, as a curator will validate it: it is
        // written beside --out first, and takes its place only if it does.
        const pending = path.join(
          path.dirname(path.resolve(options.out)),
          `.${path.basename(options.out)}.${process.pid}.draft`,
        );
        writeFileSync(pending, draftYaml(draft, 'diplograph draft'));
        try {
          const check = validateFiles([pending], {
            ...validation,
            sourcesDirs: [path.dirname(file), ...dirs],
          });
          if (reportProblems(check, 'validate')) {
            console.error(
              `diplograph: the draft does not validate; ${options.out} was not written`,
            );
            return;
          }
          renameSync(pending, options.out);
        } finally {
          rmSync(pending, { force: true });
        }
        const low = draft.statements.filter((st) => st.confidence < REVIEW_BELOW).length;
        console.log(
          `${options.out}: ${draft.statements.length} statements (${low} marked REVIEW) and ${draft.entities.length} new entities from ${draft.sentences} sentences of ${path.basename(file)}; it validates against the article.`,
        );
      },
    );

  program
    .command('score')
    .description(
      'Score a drafted dataset against a curated one of the same article: precision, recall and F1 of statements (kind, subject, object), of qualifiers, of entities, and per relation kind.',
    )
    .argument('<draft>', 'the drafted dataset (YAML)')
    .argument('<curated>', 'the curated dataset of the same article (YAML)')
    .option(
      '--sources <dir>',
      'folder of the source texts, to verify the quotes too (repeatable)',
      collect,
    )
    .option('--details', 'list the wrong and the missed statements')
    .option('--json', 'print the report as JSON')
    .action(
      (
        draftFile: string,
        curatedFile: string,
        options: { sources?: string[]; details?: boolean; json?: boolean },
      ) => {
        const { config } = context();
        const validation = loadOptions(config, options.sources);
        const [draft, curated] = [draftFile, curatedFile].map((file) =>
          validateFiles([file], validation),
        );
        if (!draft || !curated) return;
        if (reportProblems(draft, 'validate') || reportProblems(curated, 'validate')) return;
        const [drafted] = draft.datasets;
        const [reference] = curated.datasets;
        if (!drafted || !reference) return;
        if (drafted.source.text !== reference.source.text)
          console.error(
            `warning: the draft cites ${drafted.source.text} and the curated dataset ${reference.source.text}: are they the same article?`,
          );
        const report = scoreDraft(drafted, reference);
        console.log(
          options.json ? JSON.stringify(report, null, 2) : formatScore(report, options.details),
        );
      },
    );

  program
    .command('load')
    .description(
      'Validate dataset files and load them into Neo4j, all or nothing: in one transaction, or, for a first load of LOAD_STAGE_ROWS rows or more into an empty graph, staged in committed batches that the API shows only once all are written.',
    )
    .argument('<files...>', 'dataset files (YAML)')
    .option(
      '--sources <dir>',
      'folder of the source texts: verify quotes, store offsets (repeatable)',
      collect,
    )
    .option(
      '--force',
      'rewrite every entity and statement, even those the graph already holds exactly',
    )
    .option('--batch-size <n>', 'rows per UNWIND batch (default LOAD_BATCH_SIZE)')
    .option(
      '--commit-per-file',
      'commit each file on its own: less server memory, but a failure leaves earlier files loaded',
    )
    .option(
      '--bulk',
      "first load into the local Neo4j's empty database with neo4j-admin's import tool, the server stopped (see the README)",
    )
    .action(
      async (
        files: string[],
        options: {
          sources?: string[];
          force?: boolean;
          batchSize?: string;
          commitPerFile?: boolean;
          bulk?: boolean;
        },
      ) => {
        const { config, logger } = context();
        if (options.bulk) {
          const other = (
            [
              ['force', '--force'],
              ['batchSize', '--batch-size'],
              ['commitPerFile', '--commit-per-file'],
            ] as const
          ).find(([o]) => options[o] !== undefined);
          if (other)
            throw new UsageError(
              `--bulk imports every file into an empty database at once: ${other[1]} does not apply`,
            );
          if (config.neo4j.uri !== undefined)
            throw new UsageError(
              "--bulk writes the local Neo4j's store files with its import tool, so it needs NEO4J_URI unset; for a Neo4j of your own, load without --bulk",
            );
        }
        const batchSize =
          options.batchSize === undefined ? config.ingest.batchSize : Number(options.batchSize);
        if (!Number.isInteger(batchSize) || batchSize < 1)
          throw new UsageError(`--batch-size: "${options.batchSize}" is not a positive integer`);
        if (options.bulk) {
          const outcome = await bulkLoad(
            localNeo4j(),
            config,
            files,
            loadOptions(config, options.sources),
            logger,
            createProgress('validating and writing CSV', process.stderr, logger),
          );
          if (reportProblems(outcome.validation, 'load') || !outcome.result) return;
          const { sources, nodes, relationships, ms } = outcome.result;
          const total = Object.values(ms).reduce((a, b) => a + b, 0);
          console.log(
            `Bulk-loaded ${sources.length} source${sources.length === 1 ? '' : 's'} (${sources.join(', ')}): ${nodes} nodes and ${relationships} relationships in ${total.toLocaleString('en')} ms (validation and CSV ${ms.validation}, import ${ms.import}, start ${ms.start}, fixes ${ms.fixes}, migrations ${ms.migrations}). The local Neo4j runs.`,
          );
          return;
        }
        const validating = Date.now();
        const prepared = prepareLoad(files, loadOptions(config, options.sources));
        logger.info(
          {
            files: files.length,
            ms: Date.now() - validating,
            peakRssBytes: process.resourceUsage().maxRSS * 1024,
          },
          'validated',
        );
        try {
          if (reportProblems(prepared.validation, 'load')) return;
          const executor = await connectGraph(config, logger);
          try {
            await migrateProject(executor, logger);
            const result = await loadFiles(executor, files, {
              ...loadOptions(config, options.sources),
              batchSize,
              force: options.force,
              commitPerFile: options.commitPerFile,
              progress: createProgress('loading', process.stderr, logger),
              logger,
              prepared,
            });
            for (const file of result.unchanged)
              console.log(`${file}: unchanged (already loaded).`);
            for (const report of result.written) {
              console.log(formatReport(report));
              for (const warning of report.warnings) console.warn(`warning: ${warning}`);
            }
          } finally {
            await executor.close();
          }
        } finally {
          disposeLoad(prepared);
        }
      },
    );

  program
    .command('unload')
    .description('Remove everything a source brought into the graph (no history kept).')
    .argument('<source-id>', 'the id of the source, as in its dataset')
    .action(async (sourceId: string) => {
      const { config, logger } = context();
      const executor = await connectGraph(config, logger);
      try {
        const removed = await purgeSource(executor, sourceId);
        if (removed === undefined) throw new UsageError(`no source "${sourceId}" is loaded`);
        await announced(await readGraphVersion(executor), {
          staging: config.ingest.staging,
          logger,
        });
        console.log(
          removed.citedByEditors === 0
            ? `${sourceId}: removed, with ${removed.statements} statements.`
            : `${sourceId}: its dataset removed, with ${removed.statements} statements; the source itself stays, cited by ${removed.citedByEditors} relation${removed.citedByEditors === 1 ? '' : 's'} editors added.`,
        );
      } finally {
        await executor.close();
      }
    });

  program
    .command('generate')
    .description(
      'Write a synthetic world (datasets and the source texts they quote), deterministically, for benchmarks.',
    )
    .requiredOption('--out <dir>', 'folder to write into')
    .option('--countries <n>', 'countries (at most the 249 of ISO 3166-1)', '250')
    .option('--organisations <n>', 'organisations', '200')
    .option('--agreements <n>', 'agreements', '100')
    .option('--issues <n>', 'issues', '100')
    .option('--projects <n>', 'projects', '0')
    .option('--events <n>', 'events', '0')
    .option('--relations <n>', 'relations (statements)', '10000')
    .option('--per-file <n>', 'most statements per dataset file', '20000')
    .option('--seed <n>', 'seed of the generator', '1')
    .action(async (options: Record<string, string>) => {
      const number = (name: string, min: number) => {
        const value = Number(options[name]);
        if (!Number.isInteger(value) || value < min)
          throw new UsageError(
            `--${name}: "${options[name]}" is not an integer of at least ${min}`,
          );
        return value;
      };
      const started = Date.now();
      const world = await generateWorld(path.resolve(options.out as string), {
        countries: number('countries', 2),
        organisations: number('organisations', 1),
        agreements: number('agreements', 1),
        issues: number('issues', 1),
        projects: number('projects', 0),
        events: number('events', 0),
        relations: number('relations', 0),
        perFile: number('perFile', 1),
        seed: number('seed', 0),
      });
      console.log(
        `Wrote ${world.entities} entities and ${world.statements} statements in ${world.datasets.length} dataset files to ${options.out} (source texts in ${world.sourcesDir}) in ${Date.now() - started} ms.`,
      );
    });

  program
    .command('token')
    .description('Sign a bearer token with AUTH_JWT_SECRET, for development and scripts.')
    .option('--role <role>', 'reader or editor', 'editor')
    .option('--subject <name>', 'who the token speaks for (recorded on edits)', 'developer')
    .option('--expires <span>', 'lifetime, such as 30m, 12h or 7d', '12h')
    .action(async (options: { role: string; subject: string; expires: string }) => {
      const { config } = context();
      if (!config.auth.jwtSecret)
        throw new UsageError('set AUTH_JWT_SECRET (32 characters or more) to sign tokens');
      if (options.role !== 'reader' && options.role !== 'editor')
        throw new UsageError(`--role: "${options.role}" is not reader or editor`);
      if (!/^\d+[smhdw]$/.test(options.expires))
        throw new UsageError(`--expires: "${options.expires}" is not a span such as 30m or 12h`);
      console.log(
        await signToken(config.auth.jwtSecret, {
          subject: options.subject,
          roles: [options.role],
          expiresIn: options.expires,
          issuer: config.auth.issuer,
          audience: config.auth.audience,
          rolesClaim: config.auth.rolesClaim,
        }),
      );
    });

  const neo4j = program
    .command('neo4j')
    .description(
      `Manage the local Neo4j ${NEO4J_VERSION} Community (used when NEO4J_URI is unset).`,
    );

  neo4j
    .command('install')
    .description(
      'Resolve the Neo4j jars with Maven (downloaded once into ~/.m2) without starting it.',
    )
    .action(async () => {
      const local = localNeo4j();
      const classpath = await local.resolveClasspath();
      console.log(
        `Neo4j ${NEO4J_VERSION}: ${classpath.split(path.delimiter).length} jars resolved.`,
      );
    });

  neo4j
    .command('start')
    .description(
      'Provision (first time) and start it; returns once Bolt answers. A no-op when it runs.',
    )
    .action(async () => {
      const local = localNeo4j();
      const started = await local.start();
      console.log(
        `Neo4j ${NEO4J_VERSION} ${started.alreadyRunning ? 'was already running' : 'started'} (pid ${started.pid}) at ${started.uri}, user ${started.user}; password in ${path.join(local.config.home, 'password')} unless NEO4J_PASSWORD is set.`,
      );
    });

  neo4j
    .command('stop')
    .description('Stop it and wait until its process has gone.')
    .action(async () => {
      const stopped = await localNeo4j().stop();
      console.log(
        stopped.wasRunning ? `Neo4j stopped (pid ${stopped.pid}).` : 'Neo4j was not running.',
      );
    });

  neo4j
    .command('status')
    .description('Say whether it runs; exit status 0 when it does, 3 when it does not.')
    .option('--json', 'print the status as JSON')
    .action((options: { json?: boolean }) => {
      const status = localNeo4j().status();
      if (options.json) console.log(JSON.stringify(status));
      else if (status.state === 'running')
        console.log(
          `Neo4j ${status.version} is running (pid ${status.pid}) at ${status.uri}; home ${status.home}.`,
        );
      else
        console.log(
          `Neo4j is not running${status.stalePidFile ? ' (a stale pid file was removed)' : ''}; home ${status.home}.`,
        );
      process.exitCode = status.state === 'running' ? 0 : 3;
    });

  return program;
}

/** Prints an error for a person: what went wrong and what to do, without a stack trace. */
function report(error: unknown): void {
  if (
    error instanceof ConfigError ||
    error instanceof LocalNeo4jError ||
    error instanceof UsageError ||
    error instanceof DatasetError ||
    error instanceof BulkLoadError ||
    error instanceof DraftLlmError
  ) {
    console.error(`diplograph: ${error.message}`);
  } else if (error instanceof AppError) {
    const cause = error.originalError?.message;
    console.error(`diplograph: ${error.message}${cause ? ` (${cause})` : ''}`);
  } else if ((error as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
    console.error(
      `diplograph: ${(error as Error).message}: the address is in use; set HOST or PORT`,
    );
  } else if (error instanceof Error) {
    console.error(`diplograph: ${error.message}`);
    if (process.env.LOG_LEVEL === 'debug' || process.env.LOG_LEVEL === 'trace')
      console.error(error.stack);
  } else {
    console.error(`diplograph: ${String(error)}`);
  }
}

/**
 * Commands that read whole datasets run in a worker thread whose heap is capped
 * (LOAD_HEAP_MB): V8 otherwise lets garbage grow the heap to gigabytes before it collects
 * (validating 1,000,000 relations: 908 MB of RSS uncapped, 385 MB with a 320 MB heap, in the
 * same 35 s). A thread, not a child process, so that ending the process ends the load.
 */
const CAPPED_COMMANDS = new Set(['load', 'validate', 'coverage']);

function runCapped(argv: string[], command: string): void {
  let heapMb: number;
  try {
    heapMb = loadConfig().ingest.heapMb;
  } catch (error) {
    report(error);
    process.exit(1);
  }
  const worker = new Worker(__filename, {
    argv: argv.slice(2),
    resourceLimits: { maxOldGenerationSizeMb: heapMb },
  });
  worker.on('error', (error: Error & { code?: string }) => {
    if (error.code === 'ERR_WORKER_OUT_OF_MEMORY')
      console.error(
        `diplograph: ${command} ran out of memory: its heap is capped at LOAD_HEAP_MB (${heapMb} MB); raise it for larger files`,
      );
    else report(error);
    process.exitCode = 1;
  });
  worker.on('exit', (code) => {
    if (code !== 0) process.exitCode = code;
  });
}

/** Runs the CLI; failures are reported for a person and end the process with status 1. */
export function main(argv: string[]): void {
  loadDotEnv();
  const command = argv[2];
  if (isMainThread && command !== undefined && CAPPED_COMMANDS.has(command)) {
    runCapped(argv, command);
    return;
  }
  buildCli()
    .parseAsync(argv)
    .catch((error: unknown) => {
      report(error);
      process.exit(1);
    });
}

if (require.main === module) main(process.argv);
