import { Ctx, Query, Resolver } from 'type-graphql';
import { GraphInfoType } from '../domain/graph-info.type';
import { RequestContext } from '../server/context';

@Resolver(() => GraphInfoType)
export class GraphInfoResolver {
  @Query(() => GraphInfoType, {
    description:
      'The Neo4j server behind the API, the size of the graph and its applied migrations.',
  })
  async graphInfo(@Ctx() ctx: RequestContext): Promise<GraphInfoType> {
    return ctx.graphInfo.get();
  }
}
