import DataLoader from 'dataloader';
import { EditorRepository } from '../graph/editor.repository';
import { EntityRecord, EntityRepository } from '../graph/entity.repository';
import { CountingReader, GraphExecutor } from '../graph/executor';
import { GraphInfoRepository } from '../graph/graph-info.repository';
import { SourceRecord, SourceRepository } from '../graph/source.repository';
import {
  RelationsOptions,
  EvidenceRecord,
  StatementRecord,
  StatementRepository,
} from '../graph/statement.repository';
import { Logger } from '../logger';
import { Authenticator, Principal } from './auth';

/** Arguments of an entity's `relations` field; parents asking with equal arguments are batched. */
export type RelationsQuery = RelationsOptions;

/** Limits the API enforces on arguments. */
export interface ApiLimits {
  maxPageSize: number;
}

/** Everything a resolver may use, made anew for each request. */
export interface RequestContext {
  requestId: string;
  logger: Logger;
  /** Who is calling, if a valid token says so. */
  principal: Principal | null;
  auth: Authenticator;
  editor: EditorRepository;
  /** Counts the Neo4j round trips of this request. */
  reader: CountingReader;
  limits: ApiLimits;
  entities: EntityRepository;
  statements: StatementRepository;
  sources: SourceRepository;
  graphInfo: GraphInfoRepository;
  loaders: {
    entity: DataLoader<string, EntityRecord | undefined>;
    source: DataLoader<string, SourceRecord | undefined>;
    evidence: DataLoader<string, EvidenceRecord[]>;
    /** The relations of entities, one loader (one round trip per tick) per distinct arguments. */
    relations(
      query: RelationsQuery,
    ): DataLoader<string, { statements: StatementRecord[]; total: number }>;
  };
}

/** Builds the per-request context: its repositories share one counting reader and the loaders batch. */
export function createContext(
  executor: GraphExecutor,
  logger: Logger,
  requestId: string,
  options: { limits?: ApiLimits; principal?: Principal | null; auth?: Authenticator } = {},
): RequestContext {
  const limits = options.limits ?? { maxPageSize: 100 };
  const reader = executor.counting();
  const entities = new EntityRepository(reader);
  const statements = new StatementRepository(reader);
  const sources = new SourceRepository(reader);
  const relationLoaders = new Map<
    string,
    DataLoader<string, { statements: StatementRecord[]; total: number }>
  >();
  return {
    requestId,
    logger: logger.child({ requestId }),
    principal: options.principal ?? null,
    auth: options.auth ?? new Authenticator({ rolesClaim: 'roles', requireReader: false }),
    editor: new EditorRepository(executor),
    reader,
    limits,
    entities,
    statements,
    sources,
    graphInfo: new GraphInfoRepository(reader, executor.settings.database),
    loaders: {
      entity: new DataLoader(async (ids) => {
        const found = await entities.byIds(ids);
        return ids.map((id) => found.get(id));
      }),
      source: new DataLoader(async (ids) => {
        const found = await sources.byIds(ids);
        return ids.map((id) => found.get(id));
      }),
      evidence: new DataLoader(async (ids) => {
        const found = await statements.evidenceOf(ids);
        return ids.map((id) => found.get(id) ?? []);
      }),
      relations(query) {
        const key = JSON.stringify([
          query.kinds ?? null,
          query.direction,
          query.modalities ?? null,
          query.offset,
          query.limit,
          query.withTotal,
        ]);
        let loader = relationLoaders.get(key);
        if (!loader) {
          loader = new DataLoader(async (ids) => {
            const found = await statements.relationsOf(ids, query);
            return ids.map((id) => found.get(id) ?? { statements: [], total: 0 });
          });
          relationLoaders.set(key, loader);
        }
        return loader;
      },
    },
  };
}
