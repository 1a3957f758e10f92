import { Arg, Args, Ctx, Int, Query, Resolver } from 'type-graphql';
import { KindsArgs, SourcesArg } from '../domain/args';
import { SearchHitType } from '../domain/search.type';
import { AppError, ErrorCode } from '../errors';
import { SearchHit } from '../graph/entity.repository';
import { ENTITY_KINDS } from '../ontology/entities';
import { RequestContext } from './context';
import { requireSources } from './sources.resolver';
import { inRange } from './pagination';
import { TRAVERSAL_LIMITS } from './traversal.resolver';

@Resolver()
export class SearchResolver {
  @Query(() => [SearchHitType], {
    description:
      'Full-text search over names, aliases and descriptions of every kind, best first; tolerant of case, accents, prefixes and small typos.',
    complexity: ({ args, childComplexity }) => 10 + (args.first as number) * childComplexity,
  })
  async search(
    @Arg('text', { description: 'What to look for.' }) text: string,
    @Args() { kinds }: KindsArgs,
    @Arg('first', () => Int, {
      defaultValue: 10,
      description: `How many hits (at most ${TRAVERSAL_LIMITS.maxSearch}).`,
    })
    first: number,
    @SourcesArg() sourcesArg: string[] | null,
    @Ctx() ctx: RequestContext,
  ): Promise<SearchHit[]> {
    inRange(first, 1, TRAVERSAL_LIMITS.maxSearch, 'first');
    if (text.length > 200)
      throw new AppError(ErrorCode.BAD_USER_INPUT, 'text may be at most 200 characters', {
        details: { argument: 'text' },
      });
    const sources = await requireSources(ctx, sourcesArg);
    return ctx.entities.search(text, kinds ?? ENTITY_KINDS, first, sources);
  }
}
