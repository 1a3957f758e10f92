import 'reflect-metadata';
import { GraphExecutor } from '../src/graph/executor';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { startServer } from '../src/server/app';
import { startFloor, startNeo4jGraphQL } from './contenders';

/*
 * One contender of the query benchmark in a process of its own, as it would run in
 * production (NODE_ENV=production, its own heap and event loop): the parent forks this file
 * with the contender's name and talks to it over the IPC channel. It answers
 * {url} once listening, {roundTrips} when asked, and stops on {stop}.
 */

type Message = { type: 'roundTrips' } | { type: 'stop' };

async function main(): Promise<void> {
  const name = process.argv[2];
  const uri = process.env.NEO4J_URI ?? '';
  const user = process.env.NEO4J_USER ?? 'neo4j';
  const password = process.env.NEO4J_PASSWORD ?? '';
  let url: string;
  let roundTrips: () => number;
  let stop: () => Promise<void>;
  if (name === 'ours' || name === 'ours-cached') {
    const config = loadConfig(process.env);
    const executor = GraphExecutor.connect({ ...config.neo4j, uri, user, password });
    const server = await startServer({
      executor,
      logger: createLogger('warn'),
      host: '127.0.0.1',
      port: 0,
      production: true,
      shutdownTimeoutMs: 1_000,
      // The uncached rows run with no response cache; `ours-cached` has the default one.
      api: {
        metrics: false,
        maxCost: 10_000_000,
        responseCacheBytes: name === 'ours' ? 0 : config.api.responseCacheBytes,
      },
      staging: config.ingest.staging,
    });
    url = `${server.url}/graphql`;
    // Ours says its round trips in a response header; the parent reads that.
    roundTrips = () => 0;
    stop = async () => {
      await server.stop();
      await executor.close();
    };
  } else if (name === '@neo4j/graphql' || name === 'floor') {
    const contender = await (name === 'floor' ? startFloor : startNeo4jGraphQL)(
      uri,
      user,
      password,
    );
    ({ url } = contender);
    roundTrips = () => contender.roundTrips();
    stop = () => contender.stop();
  } else {
    throw new Error(`no contender is called ${String(name)}`);
  }
  process.on('message', (message: Message) => {
    if (message.type === 'roundTrips') process.send?.({ roundTrips: roundTrips() });
    if (message.type === 'stop') void stop().then(() => process.exit(0));
  });
  // A parent that died (a failed run) leaves no contender behind.
  process.on('disconnect', () => process.exit(0));
  process.send?.({ url });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
