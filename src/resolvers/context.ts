import { FieldNode } from 'graphql';
import { DENSE_DEGREE_DEFAULT } from '../config';
import { EditorRepository } from '../graph/editor.repository';
import { EntityRepository } from '../graph/entity.repository';
import { CountingReader, GraphExecutor } from '../graph/executor';
import { GraphInfoRepository } from '../graph/graph-info.repository';
import { GraphVersion } from '../graph/graph-version';
import { GraphLoaders, createLoaders } from '../graph/loaders';
import { RelationsPlan } from '../graph/relations-tree';
import { SourceRepository } from '../graph/source.repository';
import { StatementRepository } from '../graph/statement.repository';
import { Logger } from '../logger';
import { Principal } from './access';

/** Limits the API enforces on arguments, and how it reads relations. */
export interface ApiLimits {
  maxPageSize: number;
  /** See MAX_LIST_SIZE. */
  maxListSize: number;
  /** See DENSE_RELATIONS_DEGREE. */
  denseDegree: number;
}

/** Everything a resolver may use, made anew for each request. */
export interface RequestContext {
  requestId: string;
  logger: Logger;
  /** Who is calling, if a valid token says so. */
  principal: Principal | null;
  /** Whether the server checks tokens at all (else nobody can edit). */
  authEnabled: boolean;
  editor: EditorRepository;
  /** Counts the Neo4j round trips of this request. */
  reader: CountingReader;
  limits: ApiLimits;
  /** The relations plan of each `relations` selection, made once per request. */
  plans: WeakMap<readonly FieldNode[], RelationsPlan>;
  entities: EntityRepository;
  statements: StatementRepository;
  sources: SourceRepository;
  graphInfo: GraphInfoRepository;
  loaders: GraphLoaders;
  /**
   * What the HTTP layer learns of the request once it has run. An object of its own: Apollo
   * runs each operation with a shallow copy of the context, which shares it.
   */
  outcome: RequestOutcome;
}

/** See {@link RequestContext.outcome}. */
export interface RequestOutcome {
  /** The graph's version after this request's last edit, if it made one. */
  written?: GraphVersion;
  /** What was answered (set as the response is sent): whether it may be kept and reused. */
  answer?: { operation: 'query' | 'mutation' | 'subscription'; errors: boolean };
}

/** Builds the per-request context: its repositories share one counting reader and the loaders batch. */
export function createContext(
  executor: GraphExecutor,
  logger: Logger,
  requestId: string,
  options: { limits?: ApiLimits; principal?: Principal | null; authEnabled?: boolean } = {},
): RequestContext {
  const limits = options.limits ?? {
    maxPageSize: 100,
    maxListSize: 10_000,
    denseDegree: DENSE_DEGREE_DEFAULT,
  };
  const reader = executor.counting();
  const entities = new EntityRepository(reader);
  const statements = new StatementRepository(reader, limits.denseDegree);
  const sources = new SourceRepository(reader);
  const outcome: RequestOutcome = {};
  return {
    requestId,
    logger: logger.child({ requestId }),
    principal: options.principal ?? null,
    authEnabled: options.authEnabled ?? false,
    editor: new EditorRepository(executor, (version) => {
      outcome.written = version;
    }),
    reader,
    limits,
    plans: new WeakMap(),
    entities,
    statements,
    sources,
    graphInfo: new GraphInfoRepository(reader, executor.settings.database),
    loaders: createLoaders(entities, statements, sources),
    outcome,
  };
}
