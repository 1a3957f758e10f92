import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { SourceType } from '../domain/relation.type';
import { notFound } from '../errors';
import { SourceRecord } from '../graph/source.repository';
import { EDITORIAL_ORIGIN } from '../ontology/dataset-format';
import { RequestContext } from './context';

/**
 * The sources a `sources` argument names, checked: each is a loaded source or the editorial
 * origin, or the first that is not is NOT_FOUND. Undefined when the argument was not given.
 */
export async function requireSources(
  ctx: RequestContext,
  sources: readonly string[] | null | undefined,
  argument = 'sources',
): Promise<string[] | undefined> {
  if (sources === null || sources === undefined) return undefined;
  const unique = [...new Set(sources)];
  const found = await Promise.all(
    unique.map((id) => (id === EDITORIAL_ORIGIN ? true : ctx.loaders.source.load(id))),
  );
  const unknown = unique.find((_, i) => !found[i]);
  if (unknown !== undefined) throw notFound('source', unknown, argument);
  return unique;
}

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
