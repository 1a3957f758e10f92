import { Ctx, FieldResolver, Query, Resolver } from 'type-graphql';
import { GraphInfoType } from '../domain/graph-info.type';
import { SourceType } from '../domain/relation.type';
import { SourceRecord } from '../graph/source.repository';
import { RequestContext } from './context';

@Resolver(() => GraphInfoType)
export class GraphInfoResolver {
  @Query(() => GraphInfoType, {
    description:
      'The Neo4j server behind the API, the size of the graph, its applied migrations and its sources.',
  })
  async graphInfo(@Ctx() ctx: RequestContext): Promise<GraphInfoType> {
    return ctx.graphInfo.get();
  }

  @FieldResolver(() => [SourceType], {
    description:
      'Every source loaded, each saying whether its quotes were verified against its text (and, if not, which text file would verify them).',
  })
  sources(@Ctx() ctx: RequestContext): Promise<SourceRecord[]> {
    return ctx.sources.all();
  }
}
