import { EntityRepository } from '../graph/entity.repository';
import { GraphExecutor } from '../graph/executor';
import { GraphInfoRepository } from '../graph/graph-info.repository';
import { Logger } from '../logger';

/** Everything a resolver may use, made anew for each request. */
export interface RequestContext {
  requestId: string;
  logger: Logger;
  entities: EntityRepository;
  graphInfo: GraphInfoRepository;
}

/** Builds the per-request context over the shared executor. */
export function createContext(
  executor: GraphExecutor,
  logger: Logger,
  requestId: string,
): RequestContext {
  return {
    requestId,
    logger: logger.child({ requestId }),
    entities: new EntityRepository(executor),
    graphInfo: new GraphInfoRepository(executor),
  };
}
