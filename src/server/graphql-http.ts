import { ApolloServer, HeaderMap, HTTPGraphQLRequest } from '@apollo/server';
import express from 'express';
import { createHash } from 'node:crypto';
import { AppError, ErrorCode } from '../errors';
import { GraphVersion } from '../graph/graph-version';
import { Logger } from '../logger';
import { canonical } from '../ontology/canonical';
import { Principal } from '../resolvers/access';
import { RequestContext } from '../resolvers/context';
import { GraphWatch } from './graph-watch';
import { Metrics } from './metrics';
import { ResponseCache } from './response-cache';

/*
 * GraphQL over HTTP, GET and POST, in front of Apollo Server: what makes answers cacheable.
 *
 * Every answer is read at the graph version the server knows (GraphWatch), said in the
 * `x-graph-version` header. A read whose document, variables and caller are known before it
 * runs gets a key from (graph, version, document, operation, variables, roles):
 * - over GET, an `ETag` made of it; `If-None-Match` with that ETag is answered 304 at once,
 *   with no Neo4j round trip and no execution;
 * - in the response cache (API_RESPONSE_CACHE_MB), its whole answer, kept until the version
 *   moves.
 * Anonymous reads over GET are `public` (a CDN may keep them); authenticated reads are
 * `private`; mutations and failed answers are `no-store`. A client that wrote through one
 * server sends the version it was told (`x-graph-min-version`) to the next, which waits until
 * it has seen that version before answering.
 */

/** What {@link graphqlHttp} needs. */
export interface GraphqlHttpOptions {
  apollo: ApolloServer<RequestContext>;
  watch: GraphWatch;
  /** Undefined: no response cache. */
  cache: ResponseCache | undefined;
  /** Checks the Authorization header (once per request). */
  authenticate: (header: string | undefined) => Promise<Principal | null>;
  /** Makes the request's context, once Apollo asks for it. */
  context: (
    req: express.Request,
    res: express.Response,
    principal: Principal | null,
  ) => RequestContext;
  logger: Logger;
  metrics: Metrics | undefined;
  /** `max-age` of public answers, in seconds (API_CACHE_MAX_AGE_S); 0: revalidate each time. */
  maxAgeS: number;
  /** How long a request waits for the version it asks for (GRAPH_VERSION_WAIT_MS). */
  versionWaitMs: number;
}

/** The request header with which a client asks for at least a graph version. */
export const MIN_VERSION_HEADER = 'x-graph-min-version';

/** What decides a read's answer, as the request gives it, before anything runs. */
interface ReadIdentity {
  /** SHA-256 of the document (the persisted-query hash when one is given). */
  document: string;
  operationName: string | null;
  variables: unknown;
}

/** Reads a request's document, operation and variables; undefined when they are malformed. */
export function readIdentity(req: express.Request): ReadIdentity | undefined {
  let fields: {
    query?: unknown;
    operationName?: unknown;
    variables?: unknown;
    extensions?: unknown;
  };
  if (req.method === 'GET') {
    const search = new URLSearchParams(req.url.slice(req.url.indexOf('?') + 1));
    try {
      fields = {
        query: search.get('query') ?? undefined,
        operationName: search.get('operationName') ?? undefined,
        variables: parseJson(search.get('variables')),
        extensions: parseJson(search.get('extensions')),
      };
    } catch {
      return undefined;
    }
  } else if (req.method === 'POST' && isRecord(req.body)) {
    fields = req.body;
  } else {
    return undefined;
  }
  const { query, operationName, variables, extensions } = fields;
  if (query !== undefined && typeof query !== 'string') return undefined;
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string')
    return undefined;
  const persisted = isRecord(extensions) ? extensions.persistedQuery : undefined;
  const hash = isRecord(persisted) ? persisted.sha256Hash : undefined;
  let document: string;
  if (typeof hash === 'string') {
    // Apollo refuses a hash that does not match the document sent with it: so does the key.
    if (query !== undefined && sha256Hex(query) !== hash) return undefined;
    document = hash;
  } else if (query !== undefined) {
    document = sha256Hex(query);
  } else {
    return undefined;
  }
  return { document, operationName: operationName ?? null, variables: variables ?? {} };
}

function parseJson(text: string | null): unknown {
  return text === null || text === '' ? undefined : JSON.parse(text);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The roles an answer may depend on: none for an anonymous caller. */
function rolesOf(principal: Principal | null): string {
  return principal ? [...principal.roles].sort().join(',') : 'anonymous';
}

/** The key of a read's answer, the same on every server of one graph. */
export function answerKey(version: GraphVersion, read: ReadIdentity, roles: string): string {
  return createHash('sha256')
    .update(
      canonical([
        version.graphId,
        version.version,
        read.document,
        read.operationName,
        read.variables,
        roles,
      ]),
    )
    .digest('base64url');
}

/** Whether an If-None-Match header names `etag` (or is `*`), comparing weakly (RFC 9110). */
export function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = etag.replace(/^W\//, '');
  return ifNoneMatch
    .split(',')
    .map((tag) => tag.trim())
    .some((tag) => tag === '*' || tag.replace(/^W\//, '') === bare);
}

/** The whole number of `x-graph-min-version`, or a BAD_USER_INPUT (400) saying what is wrong. */
function minVersion(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  if (!/^\d{1,15}$/.test(header.trim()))
    throw new AppError(
      ErrorCode.BAD_USER_INPUT,
      `The ${MIN_VERSION_HEADER} header must be a graph version (a whole number), not "${header.slice(0, 40)}"`,
      { status: 400, details: { header: MIN_VERSION_HEADER } },
    );
  return Number(header.trim());
}

/** The Express handler of /graphql (after the JSON body parser). */
export function graphqlHttp(options: GraphqlHttpOptions): express.RequestHandler {
  const { apollo, watch, cache, logger, metrics } = options;
  const publicControl =
    options.maxAgeS > 0 ? `public, max-age=${options.maxAgeS}` : 'public, no-cache';
  return async (req, res, next) => {
    try {
      const started = process.hrtime.bigint();
      const principal = options.authenticate(req.header('authorization'));
      // Awaited below, or by the context: a bad token is refused by Apollo, as an error.
      principal.catch(() => undefined);

      let version: GraphVersion;
      try {
        const min = minVersion(req.header(MIN_VERSION_HEADER));
        version =
          min === undefined
            ? await watch.version()
            : await watch.atLeast(min, options.versionWaitMs);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        const status = (error.extensions.http as { status?: number } | undefined)?.status ?? 400;
        const { http: _http, ...extensions } = error.extensions;
        res.status(status).setHeader('cache-control', 'no-store');
        res.json({ errors: [{ message: error.message, extensions }] });
        return;
      }
      res.setHeader('x-graph-version', String(version.version));
      res.setHeader('vary', 'Accept, Authorization');

      // Keyed only where a key serves: a GET (its ETag) or the response cache.
      const read = req.method === 'GET' || cache ? readIdentity(req) : undefined;
      const caller = read && (await principal.then(rolesOf, () => undefined));
      const key = read && caller !== undefined ? answerKey(version, read, caller) : undefined;
      const etag = key && req.method === 'GET' ? `W/"${version.version}-${key}"` : undefined;
      const control =
        caller === 'anonymous' && req.method === 'GET' ? publicControl : 'private, no-cache';
      const answered = (outcome: string) => {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        const operation = metrics?.operationLabel(read?.operationName) ?? 'anonymous';
        metrics?.requests.inc({ operation, outcome: 'ok' });
        metrics?.duration.observe({ operation }, ms / 1000);
        metrics?.cached.inc({ outcome });
        logger.info(
          {
            requestId: res.locals.requestId,
            operationName: read?.operationName,
            ms: Math.round(ms * 10) / 10,
            roundTrips: 0,
            outcome: 'ok',
            cache: outcome,
          },
          'graphql request',
        );
      };

      if (etag && matches(req.header('if-none-match'), etag)) {
        res.setHeader('etag', etag).setHeader('cache-control', control);
        res.status(304).end();
        answered('not-modified');
        return;
      }
      const kept = key ? cache?.get(key) : undefined;
      if (kept) {
        if (etag) res.setHeader('etag', etag);
        res.setHeader('cache-control', control);
        res.setHeader('x-cache', 'hit').setHeader('x-neo4j-round-trips', '0');
        res.type('application/json; charset=utf-8').send(kept.body);
        answered('hit');
        return;
      }

      let context: RequestContext | undefined;
      const headers = new HeaderMap();
      for (const [name, value] of Object.entries(req.headers))
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      // A GET can only read (Apollo refuses mutations over GET), and this API takes no
      // cookies, only bearer tokens, which a browser never adds by itself: a cross-site GET
      // carries nothing to abuse, so it needs no preflight, and plain links and CDNs work.
      if (req.method === 'GET') headers.set('apollo-require-preflight', 'get');
      const request: HTTPGraphQLRequest = {
        method: req.method.toUpperCase(),
        headers,
        search: req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '',
        body: req.body,
      };
      const response = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: request,
        context: async () => {
          context = options.context(req, res, await principal);
          return context;
        },
      });
      for (const [name, value] of response.headers) res.setHeader(name, value);
      res.statusCode = response.status ?? 200;
      if (response.body.kind !== 'complete') {
        res.setHeader('cache-control', 'no-store');
        for await (const chunk of response.body.asyncIterator) res.write(chunk);
        res.end();
        return;
      }
      const body = response.body.string;
      const { answer, written } = context?.outcome ?? {};
      if (written) {
        // The version the edit left, for the client's next read on any server.
        watch.advance(written);
        res.setHeader('x-graph-version', String(written.version));
      }
      if (res.statusCode === 200 && answer?.operation === 'query' && !answer.errors) {
        if (etag) res.setHeader('etag', etag);
        res.setHeader('cache-control', control);
        if (cache && key) {
          res.setHeader('x-cache', 'miss');
          // Kept only while the version it was read at is still the one known.
          const now = watch.latest();
          if (now.version === version.version && now.graphId === version.graphId)
            cache.set(key, body);
        }
      } else if (!response.headers.has('cache-control')) {
        res.setHeader('cache-control', 'no-store');
      }
      res.send(body);
    } catch (error) {
      next(error);
    }
  };
}
