import { ApolloServer, ApolloServerPlugin } from '@apollo/server';
import { ApolloServerErrorCode, unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { GraphQLFormattedError } from 'graphql';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { AppError, ErrorCode } from '../errors';
import { GraphExecutor } from '../graph/executor';
import { Logger } from '../logger';
import { RequestContext, createContext } from './context';
import { mountPlayground } from './playground';
import { buildAppSchema } from './schema';

/** What {@link startServer} needs. */
export interface ServerOptions {
  executor: GraphExecutor;
  logger: Logger;
  host: string;
  port: number;
  production: boolean;
  /** How long in-flight requests may run once a stop begins. */
  shutdownTimeoutMs: number;
  /** Serve the GraphQL playground at / (default: when not in production). */
  playground?: boolean;
  /** Timeout of the Neo4j probe behind /ready. */
  readyTimeoutMs?: number;
}

/** A running API server. */
export interface RunningServer {
  url: string;
  port: number;
  /** Stops accepting, lets in-flight requests finish (up to the timeout), then resolves. */
  stop(): Promise<void>;
}

/** Apollo's own codes whose messages are safe to show as they are. */
const PUBLIC_APOLLO_CODES = new Set<string>([
  ApolloServerErrorCode.GRAPHQL_PARSE_FAILED,
  ApolloServerErrorCode.GRAPHQL_VALIDATION_FAILED,
  ApolloServerErrorCode.BAD_USER_INPUT,
  ApolloServerErrorCode.BAD_REQUEST,
  ApolloServerErrorCode.OPERATION_RESOLUTION_FAILURE,
  ApolloServerErrorCode.PERSISTED_QUERY_NOT_FOUND,
  ApolloServerErrorCode.PERSISTED_QUERY_NOT_SUPPORTED,
]);

/**
 * Keeps our errors and Apollo's client errors as they are, without stack traces, and
 * replaces everything else with a generic message: no Cypher, driver text or internal name
 * reaches a client.
 */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof AppError && original.code !== ErrorCode.INTERNAL_SERVER_ERROR) {
    return {
      message: original.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { ...original.extensions },
    };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && PUBLIC_APOLLO_CODES.has(code)) {
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  return {
    message: 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}

function loggingPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = process.hrtime.bigint();
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            const original = unwrapResolverError(error);
            const code = original instanceof AppError ? original.code : error.extensions?.code;
            if (
              code === undefined ||
              code === ErrorCode.INTERNAL_SERVER_ERROR ||
              code === ErrorCode.SERVICE_UNAVAILABLE ||
              code === ErrorCode.TIMEOUT
            ) {
              contextValue.logger.error(
                {
                  err:
                    original instanceof AppError ? (original.originalError ?? original) : original,
                  code,
                },
                'request failed',
              );
            }
          }
        },
        async willSendResponse({ operationName, response }) {
          const ms = Number(process.hrtime.bigint() - started) / 1e6;
          const roundTrips = contextValue.reader.roundTrips;
          response.http.headers.set('x-neo4j-round-trips', String(roundTrips));
          contextValue.logger.info(
            { operationName, ms: Math.round(ms * 10) / 10, roundTrips },
            'graphql request',
          );
        },
      };
    },
  };
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Builds the schema, starts Apollo and the HTTP routes, and listens. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { executor, logger } = options;
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  const schema = await buildAppSchema();
  const apollo = new ApolloServer<RequestContext>({
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: !options.production,
    // serve() owns the signals: it stops this server, then closes the driver.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({
        httpServer,
        stopGracePeriodMillis: options.shutdownTimeoutMs,
      }),
      ApolloServerPluginLandingPageDisabled(),
      loggingPlugin(),
    ],
  });
  await apollo.start();

  app.use((req, res, next) => {
    const given = req.header('x-request-id');
    const id = given && REQUEST_ID.test(given) ? given : randomUUID();
    res.locals.requestId = id;
    res.setHeader('x-request-id', id);
    next();
  });

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/ready', async (_req, res) => {
    try {
      const info = await executor.ping(options.readyTimeoutMs ?? 2_000);
      res.json({ status: 'ready', neo4j: { version: info.version, edition: info.edition } });
    } catch (error) {
      const message =
        error instanceof AppError ? error.message : 'The graph database is unavailable';
      res.status(503).json({ status: 'unavailable', reason: message });
    }
  });

  if (options.playground ?? !options.production) mountPlayground(app);

  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ res }) => createContext(executor, logger, String(res.locals.requestId)),
    }),
  );

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, options.host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const port = (httpServer.address() as AddressInfo).port;
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `http://${shownHost}:${port}`;
  logger.info({ url: `${url}/graphql` }, 'API server listening');

  let stopping: Promise<void> | undefined;
  return {
    url,
    port,
    stop() {
      stopping ??= apollo.stop();
      return stopping;
    },
  };
}
