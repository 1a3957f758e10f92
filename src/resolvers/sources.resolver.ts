import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { SourceType } from '../domain/relation.type';
import { notFound } from '../errors';
import { SourceRecord } from '../graph/source.repository';
import { RequestContext } from './context';

@Resolver(() => SourceType)
export class SourceResolver {
  @Query(() => SourceType, {
    nullable: true,
    description: 'One source document by id. Unknown: NOT_FOUND.',
  })
  async source(
    @Arg('id', () => ID, { description: 'The source id.' }) id: string,
    @Ctx() ctx: RequestContext,
  ): Promise<SourceRecord> {
    const source = await ctx.loaders.source.load(id);
    if (!source) throw notFound('source', id, 'id');
    return source;
  }

  @Query(() => [SourceType], { description: 'Every source document loaded.' })
  sources(@Ctx() ctx: RequestContext): Promise<SourceRecord[]> {
    return ctx.sources.all();
  }
}
