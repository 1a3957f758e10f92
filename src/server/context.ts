import DataLoader from 'dataloader';
import { FieldNode } from 'graphql';
import { EditorRepository } from '../graph/editor.repository';
import { EntityRecord, EntityRepository } from '../graph/entity.repository';
import { CountingReader, GraphExecutor } from '../graph/executor';
import { GraphInfoRepository } from '../graph/graph-info.repository';
import { SourceRecord, SourceRepository } from '../graph/source.repository';
import { DENSE_DEGREE_DEFAULT } from '../config';
import { PageSink, RelationsPage, RelationsPlan } from '../graph/relations-tree';
import { EvidenceRecord, StatementRepository } from '../graph/statement.repository';
import { Logger } from '../logger';
import { Authenticator, Principal } from './auth';

/** Limits the API enforces on arguments, and how it reads relations. */
export interface ApiLimits {
  maxPageSize: number;
  /** See DENSE_RELATIONS_DEGREE. */
  denseDegree: number;
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
  /** The relations plan of each `relations` selection, made once per request. */
  plans: WeakMap<readonly FieldNode[], RelationsPlan>;
  entities: EntityRepository;
  statements: StatementRepository;
  sources: SourceRepository;
  graphInfo: GraphInfoRepository;
  loaders: {
    entity: DataLoader<string, EntityRecord | undefined>;
    source: DataLoader<string, SourceRecord | undefined>;
    evidence: DataLoader<string, EvidenceRecord[]>;
    /**
     * The relations of entities, one loader (one round trip per tick) per distinct plan. A
     * read also stores the nested pages its plan holds in the loaders of their plans, where
     * the nested resolvers find them without another round trip.
     */
    relations(plan: RelationsPlan): DataLoader<string, RelationsPage>;
    /** Stores pages a compiled read returned beside what it was asked for. */
    prime: PageSink;
  };
}

/** Builds the per-request context: its repositories share one counting reader and the loaders batch. */
export function createContext(
  executor: GraphExecutor,
  logger: Logger,
  requestId: string,
  options: { limits?: ApiLimits; principal?: Principal | null; auth?: Authenticator } = {},
): RequestContext {
  const limits = options.limits ?? { maxPageSize: 100, denseDegree: DENSE_DEGREE_DEFAULT };
  const reader = executor.counting();
  const entities = new EntityRepository(reader);
  const statements = new StatementRepository(reader, limits.denseDegree);
  const sources = new SourceRepository(reader);
  const relationLoaders = new Map<string, DataLoader<string, RelationsPage>>();
  const relations = (plan: RelationsPlan): DataLoader<string, RelationsPage> => {
    let loader = relationLoaders.get(plan.key);
    if (!loader) {
      loader = new DataLoader(async (ids) => {
        const found = await statements.relationsOf(ids, plan, prime);
        return ids.map((id) => found.get(id) ?? { statements: [], total: 0 });
      });
      relationLoaders.set(plan.key, loader);
    }
    return loader;
  };
  const prime: PageSink = (plan, id, page) => {
    relations(plan).prime(id, page);
  };
  return {
    requestId,
    logger: logger.child({ requestId }),
    principal: options.principal ?? null,
    auth: options.auth ?? new Authenticator({ rolesClaim: 'roles', requireReader: false }),
    editor: new EditorRepository(executor),
    reader,
    limits,
    plans: new WeakMap(),
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
      relations,
      prime,
    },
  };
}
