import { Config } from '../config';
import { GraphExecutor } from '../graph/executor';
import { Logger } from '../logger';
import { LocalNeo4j } from './local-neo4j';

/**
 * Connects to the configured Neo4j: the one at NEO4J_URI, or else the local one, which is
 * provisioned and started first. Returns once the database answers.
 */
export async function connectGraph(
  config: Config,
  logger: Logger,
  waitMs = 60_000,
): Promise<GraphExecutor> {
  let uri = config.neo4j.uri;
  let user = config.neo4j.user;
  let password = config.neo4j.password;
  if (uri === undefined) {
    const local = await new LocalNeo4j(config.local, logger, config.neo4j.password).start();
    ({ uri, user, password } = local);
  }
  const executor = GraphExecutor.connect({
    ...config.neo4j,
    uri,
    user,
    password: password ?? '',
  });
  const deadline = Date.now() + waitMs;
  for (let attempt = 1; ; attempt++) {
    try {
      const info = await executor.ping(5_000);
      logger.info({ uri, database: config.neo4j.database, ...info }, 'connected to Neo4j');
      return executor;
    } catch (error) {
      if (Date.now() > deadline) {
        await executor.close();
        throw error;
      }
      if (attempt === 1) logger.warn({ uri }, 'waiting for Neo4j to answer');
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
}
