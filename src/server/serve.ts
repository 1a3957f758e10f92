import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Config } from '../config';
import { GraphExecutor } from '../graph/executor';
import { migrateProject } from '../graph/migrations';
import { configuredLoadOptions, loadFiles, recoverAbandonedLoad } from '../ingest/load';
import { formatProblem } from '../ingest/parse';
import { createProgress } from '../ingest/progress';
import { Logger } from '../logger';
import { connectGraph } from '../neo4j/connect';
import { startServer } from './app';

/** The migrations folder shipped with the project. */

/**
 * Loads the datasets of DATA_DIR that the graph lacks or that changed since they were loaded
 * (by checksum); the others are left as they are.
 */
export async function loadDefaultDatasets(
  executor: GraphExecutor,
  config: Config,
  logger: Logger,
): Promise<void> {
  const dir = config.ingest.dataDir;
  const files = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
        .map((f) => path.join(dir, f))
    : [];
  const options = {
    ...configuredLoadOptions(config.ingest),
    progress: createProgress('loading datasets', process.stderr, logger),
    logger,
  };
  if (files.length === 0) {
    logger.warn({ dir }, 'no datasets to load');
    await recoverAbandonedLoad(executor, options);
    return;
  }
  const result = await loadFiles(executor, files, options);
  const { problems, moreProblems, warnings } = result.validation;
  if (problems.length > 0) {
    throw new DatasetError(
      `the datasets in ${dir} are invalid; nothing was loaded:\n${problems.map(formatProblem).join('\n')}${moreProblems > 0 ? `\n(${moreProblems} more)` : ''}`,
    );
  }
  // Said at every start, not only when a load writes: it tells where the texts go.
  for (const warning of warnings) logger.warn(warning);
  for (const file of result.unchanged) logger.info({ file }, 'dataset unchanged');
  for (const report of result.written) {
    logger.info({ ...report }, 'dataset loaded');
    for (const warning of report.warnings)
      logger.warn({ source: report.source, warning }, 'near-duplicate entity');
  }
}

/** The default datasets could not be loaded. */
export class DatasetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatasetError';
  }
}

/**
 * `npm start`: ensures Neo4j (starting the local one when NEO4J_URI is unset), applies the
 * migrations, loads the default datasets when absent or changed, serves the API, and stops gracefully on SIGINT/SIGTERM: the HTTP server first
 * (in-flight requests finish), then the driver. The local Neo4j keeps running for the next
 * start; `diplograph neo4j stop` ends it.
 */
export async function serve(config: Config, logger: Logger): Promise<void> {
  const executor = await connectGraph(config, logger);
  try {
    await migrateProject(executor, logger);
    await loadDefaultDatasets(executor, config, logger);
  } catch (error) {
    await executor.close();
    throw error;
  }

  const server = await startServer({
    executor,
    logger,
    host: config.host,
    port: config.port,
    production: config.env === 'production',
    shutdownTimeoutMs: config.shutdownTimeoutMs,
    api: config.api,
    auth: config.auth,
    staging: config.ingest.staging,
  }).catch(async (error: unknown) => {
    await executor.close();
    throw error;
  });

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    server
      .stop()
      .then(() => executor.close())
      .then(() => {
        logger.info('stopped');
        process.exit(0);
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'error during shutdown');
        process.exit(1);
      });
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}
