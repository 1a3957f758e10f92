import path from 'node:path';
import { Config, PROJECT_ROOT } from '../config';
import { applyMigrations, readMigrations } from '../graph/migrations';
import { Logger } from '../logger';
import { connectGraph } from '../neo4j/connect';
import { startServer } from './app';

/** The migrations folder shipped with the project. */
export const MIGRATIONS_DIR = path.join(PROJECT_ROOT, 'cypher');

/**
 * `npm start`: ensures Neo4j (starting the local one when NEO4J_URI is unset), applies the
 * migrations, serves the API, and stops gracefully on SIGINT/SIGTERM: the HTTP server first
 * (in-flight requests finish), then the driver. The local Neo4j keeps running for the next
 * start; `diplograph neo4j stop` ends it.
 */
export async function serve(config: Config, logger: Logger): Promise<void> {
  const migrations = readMigrations(MIGRATIONS_DIR);
  const executor = await connectGraph(config, logger);
  try {
    const applied = await applyMigrations(executor, migrations, (m) =>
      logger.info({ version: m.version, migration: m.name }, 'applying migration'),
    );
    logger.info({ applied: applied.length, total: migrations.length }, 'migrations current');
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
