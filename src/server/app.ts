import { ApolloServer, ApolloServerPlugin } from '@apollo/server';
import { ApolloServerErrorCode, unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import express from 'express';
import { GraphQLError, GraphQLFormattedError, GraphQLSchema, OperationTypeNode } from 'graphql';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { AppError, ErrorCode } from '../errors';
import { GraphExecutor } from '../graph/executor';
import { Config, StagingOptions, loadConfig } from '../config';
import { Logger } from '../logger';
import type { AuthConfig } from '../config';
import { requireRole } from '../resolvers/access';
import { Authenticator } from './auth';
import { RequestContext, createContext } from '../resolvers/context';
import { mountExplorer } from './explorer';
import { jitGateway } from './jit';
import { enforceLimits } from './limits';
import { Metrics } from './metrics';
import { mountPlayground } from './playground';
import { buildAppSchema } from './schema';
import { GraphWatch } from './graph-watch';
import { graphqlHttp } from './graphql-http';
import { ResponseCache } from './response-cache';

/** What {@link startServer} needs. */
export interface ServerOptions {
  executor: GraphExecutor;
  logger: Logger;
  host: string;
  port: number;
  production: boolean;
  /** How long in-flight requests may run once a stop begins. */
  shutdownTimeoutMs: number;
  /** Limits and switches of the API; unset ones take their defaults (see config.ts). */
  api?: Partial<Config['api']>;
  /** How bearer tokens are checked; without it, nobody can edit. */
  auth?: AuthConfig;
  /** Timeout of the Neo4j probe behind /ready. */
  readyTimeoutMs?: number;
  /** How staged loads are watched (LOAD_CHECK_MS, LOAD_STALE_MS); unset: as configured. */
  staging?: Pick<StagingOptions, 'checkMs' | 'staleMs'>;
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

/** What a client is told of an error, short of its locations and path. */
interface ClientError {
  message: string;
  extensions: Record<string, unknown>;
}

/**
 * The one reading of an error that both the response and the log use: ours and Apollo's
 * client errors as they are (without stack traces), two of Apollo's and graphql-js's refusals
 * that carry no code given one, and everything else the generic internal error: no Cypher,
 * driver text or internal name reaches a client.
 */
export function clientError(error: unknown, formatted?: GraphQLFormattedError): ClientError {
  const original = unwrapResolverError(error);
  if (original instanceof AppError && original.code !== ErrorCode.INTERNAL_SERVER_ERROR) {
    // Without `http`: it only sets the response status.
    return {
      message: original.message,
      extensions: withoutKeys(original.extensions, ['http', 'stacktrace']),
    };
  }
  if (original instanceof GraphQLError) {
    // graphql-js gives up validating a document whose fields or fragments cost too much to
    // compare, saying only "Validation aborted.": say why, as the other limits do.
    if (original.message === 'Validation aborted.') {
      return {
        message:
          'The document is too costly to validate: too many fields or fragment spreads to compare with each other',
        extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, limit: 'validation' },
      };
    }
    const code = original.extensions.code;
    // Apollo's own refusals of a request (a persisted query's hash that does not match its
    // query, an unknown version) come with status 400 and no code: the client's mistake.
    if (
      code === undefined &&
      (original.extensions.http as { status?: number } | undefined)?.status === 400
    ) {
      return { message: original.message, extensions: { code: ApolloServerErrorCode.BAD_REQUEST } };
    }
    const shown = formatted?.extensions?.code ?? code;
    if (typeof shown === 'string' && PUBLIC_APOLLO_CODES.has(shown)) {
      return {
        message: formatted?.message ?? original.message,
        extensions: withoutKeys(formatted?.extensions ?? original.extensions, [
          'stacktrace',
          'http',
        ]),
      };
    }
  }
  return {
    message: 'Internal server error',
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}

/** Apollo's formatError: {@link clientError}, with the locations and path of the error. */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
): GraphQLFormattedError {
  return { ...clientError(error, formatted), locations: formatted.locations, path: formatted.path };
}

function withoutKeys(object: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([key]) => !keys.includes(key)));
}

/**
 * Before anything runs: mutations need the editor role, reads the reader role when
 * configured, and every operation must stay within the depth, alias and cost limits.
 */
function guardPlugin(
  schema: GraphQLSchema,
  api: Config['api'],
  auth: Authenticator,
): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, operationName, request, contextValue }) {
          if (operation?.operation === 'mutation') {
            requireRole(contextValue.principal, 'editor', auth.enabled, 'Editing');
          } else if (auth.config.requireReader) {
            requireRole(contextValue.principal, 'reader', auth.enabled, 'Reading');
          }
          enforceLimits(schema, document, operationName ?? undefined, request.variables ?? {}, {
            depth: api.maxDepth,
            aliases: api.maxAliases,
            cost: api.maxCost,
          });
        },
      };
    },
  };
}

/** Records on the context what was answered, for the HTTP layer to decide what it may keep. */
function answerPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      let operation: OperationTypeNode | undefined;
      return {
        async didResolveOperation(request) {
          operation = request.operation?.operation;
        },
        async willSendResponse({ response, contextValue }) {
          if (!operation) return;
          contextValue.outcome.answer = {
            operation,
            errors:
              response.body.kind !== 'single' ||
              (response.body.singleResult.errors?.length ?? 0) > 0,
          };
        },
      };
    },
  };
}

/** One log line per request (id, operation, duration, Neo4j round trips) and the metrics. */
function observabilityPlugin(metrics: Metrics | undefined): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = process.hrtime.bigint();
      let firstError: string | undefined;
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            const original = unwrapResolverError(error);
            const code = clientError(error).extensions.code as string;
            firstError ??= code;
            if (
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
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          const roundTrips = contextValue.reader.roundTrips;
          response.http.headers.set('x-neo4j-round-trips', String(roundTrips));
          if (metrics) {
            const operation = metrics.operationLabel(operationName);
            metrics.requests.inc({ operation, outcome: firstError ?? 'ok' });
            metrics.duration.observe({ operation }, seconds);
            metrics.roundTrips.observe(roundTrips);
          }
          contextValue.logger.info(
            {
              operationName,
              ms: Math.round(seconds * 10_000) / 10,
              roundTrips,
              outcome: firstError ?? 'ok',
            },
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
  const defaults = loadConfig({ NODE_ENV: options.production ? 'production' : 'development' });
  const api = { ...defaults.api, ...options.api };
  const staging = options.staging ?? defaults.ingest.staging;
  const gate = new GraphWatch(executor, staging.checkMs, staging.staleMs);
  // Not awaited: a database that does not answer yet must not hold the server's start.
  void gate.start();
  const cache = api.responseCacheBytes > 0 ? new ResponseCache(api.responseCacheBytes) : undefined;
  // No answer outlives the version it was read at.
  gate.onChange(() => cache?.clear());
  const auth = new Authenticator(options.auth ?? { rolesClaim: 'roles', requireReader: false });
  const metrics = api.metrics ? new Metrics(executor) : undefined;
  if (cache) metrics?.watchCache(cache);
  const app = express();
  app.disable('x-powered-by');
  // ETags are made by graphql-http.ts, from the graph's version, not from the bytes sent.
  app.set('etag', false);
  const httpServer = http.createServer(app);
  const schema = await buildAppSchema();
  const apollo = new ApolloServer<RequestContext>({
    ...(api.executor === 'jit' ? { gateway: jitGateway(schema) } : { schema }),
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: api.introspection,
    // Without introspection, "Did you mean ...?" would describe the schema all the same.
    hideSchemaDetailsFromClientErrors: !api.introspection,
    parseOptions: { maxTokens: api.maxTokens },
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    // serve() owns the signals: it stops this server, then closes the driver.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({
        httpServer,
        stopGracePeriodMillis: options.shutdownTimeoutMs,
      }),
      ApolloServerPluginLandingPageDisabled(),
      // The default cache-control plugin wraps every field resolver to read hints this schema
      // never gives: a cost on each of the thousands of fields of a nested answer.
      ApolloServerPluginCacheControlDisabled(),
      guardPlugin(schema, api, auth),
      answerPlugin(),
      observabilityPlugin(metrics),
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
      const marker = await gate.marker();
      if (marker) {
        res.status(503).json({ status: 'loading', reason: gate.refusal(marker).message });
        return;
      }
      res.json({ status: 'ready', neo4j: { version: info.version, edition: info.edition } });
    } catch (error) {
      const message =
        error instanceof AppError ? error.message : 'The graph database is unavailable';
      res.status(503).json({ status: 'unavailable', reason: message });
    }
  });

  if (metrics) {
    app.get('/metrics', async (_req, res) => {
      res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
    });
  }

  if (api.playground) mountPlayground(app);
  // Only the public API behind it, so it stays on in production.
  mountExplorer(app);

  app.use(
    '/graphql',
    gate.middleware(),
    express.json({ limit: api.bodyLimitBytes }),
    graphqlHttp({
      apollo,
      watch: gate,
      cache,
      authenticate: (header) => auth.authenticate(header),
      context: (_req, res, principal) =>
        createContext(executor, logger, String(res.locals.requestId), {
          limits: {
            maxPageSize: api.maxPageSize,
            maxListSize: api.maxListSize,
            denseDegree: api.denseDegree,
          },
          principal,
          authEnabled: auth.enabled,
        }),
      logger,
      metrics,
      maxAgeS: api.cacheMaxAgeS,
      versionWaitMs: api.versionWaitMs,
    }),
  );

  // Bodies too large or not JSON never reach Apollo: answer them in GraphQL's error shape.
  app.use(
    (error: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
      const type = (error as { type?: string }).type;
      if (type === 'entity.too.large') {
        res.status(413).json({
          errors: [
            {
              message: `The request body is larger than the limit of ${api.bodyLimitBytes} bytes`,
              extensions: { code: ErrorCode.PAYLOAD_TOO_LARGE, limit: api.bodyLimitBytes },
            },
          ],
        });
        return;
      }
      if (
        type === 'entity.parse.failed' ||
        type === 'encoding.unsupported' ||
        type === 'charset.unsupported'
      ) {
        res.status(400).json({
          errors: [
            { message: 'The request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } },
          ],
        });
        return;
      }
      next(error);
    },
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
      gate.stop();
      stopping ??= apollo.stop().finally(() => metrics?.detach());
      return stopping;
    },
  };
}
