import { Arg, Args, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { KindsArgs, SourcesArg } from '../domain/args';
import { EntityDegreeType, StatisticsType } from '../domain/statistics.type';
import { EntityRecord } from '../graph/entity-codec';
import { ENTITY_KINDS } from '../ontology/entities';
import { RELATION_KINDS } from '../ontology/relations';
import { RequestContext } from './context';
import { requireSources } from './sources.resolver';
import { inRange } from './pagination';

@Resolver(() => StatisticsType)
export class StatisticsResolver {
  @Query(() => StatisticsType, {
    description:
      'Counts of entities and relations by kind, and the most connected entities; with `sources`, of the entities those sources describe and the relations they state.',
  })
  async statistics(
    @SourcesArg() sourcesArg: string[] | null,
    @Ctx() ctx: RequestContext,
  ): Promise<StatisticsType & { sources?: string[] }> {
    const sources = await requireSources(ctx, sourcesArg);
    const counts = await ctx.entities.counts(sources);
    return {
      sources,
      entities: ENTITY_KINDS.map((kind) => ({ kind, count: counts.entities[kind] ?? 0 })),
      relations: RELATION_KINDS.map((kind) => ({
        kind,
        count: counts.relations[kind] ?? 0,
      })).filter((c) => c.count > 0),
    };
  }

  @FieldResolver(() => [EntityDegreeType], {
    description:
      'The entities with the most relations, most first (of the sources `statistics` was asked for).',
  })
  async mostConnected(
    @Root() statistics: StatisticsType & { sources?: string[] },
    @Arg('first', () => Int, { defaultValue: 10, description: 'How many (at most 100).' })
    first: number,
    @Args() { kinds }: KindsArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<Array<{ entity: EntityRecord; degree: number }>> {
    inRange(first, 1, 100, 'first');
    return ctx.entities.mostConnected(first, kinds ?? ENTITY_KINDS, statistics.sources);
  }
}
