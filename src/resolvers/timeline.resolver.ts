import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import { ModalitiesArg, SourcesArg } from '../domain/args';
import { TimelineEvent } from '../domain/enums';
import { TimelineYearType } from '../domain/timeline.type';
import { StatementRecord } from '../graph/statement.repository';
import { Modality } from '../ontology/relations';
import { RequestContext } from './context';
import { requireSources } from './sources.resolver';
import { wholeList } from './pagination';
import { requireEntity } from './entity.resolver';

@Resolver()
export class TimelineResolver {
  @Query(() => [TimelineYearType], {
    description:
      "An entity's dated relations by year (since, year, until), oldest first: a country's timeline; facts only unless `modalities` says otherwise.",
  })
  async timeline(
    @Arg('entity', () => ID, { description: 'The entity (a country, usually).' }) entity: string,
    @Arg('from', () => Int, { nullable: true, description: 'First year to include.' })
    from: number | null,
    @Arg('to', () => Int, { nullable: true, description: 'Last year to include.' })
    to: number | null,
    @ModalitiesArg() modalities: Modality[],
    @SourcesArg() sourcesArg: string[] | null,
    @Ctx() ctx: RequestContext,
  ): Promise<TimelineYearType[]> {
    const sources = await requireSources(ctx, sourcesArg);
    await requireEntity(ctx, entity, 'entity');
    const max = ctx.limits.maxListSize;
    const statements = wholeList(
      await ctx.statements.find({ involving: entity, modalities, sources }, max + 1),
      max,
      'timeline',
      'narrow it with `modalities`, or page through `relations(filter: { involving })`',
    );
    const years = new Map<
      number,
      Array<{ year: number; event: TimelineEvent; relation: StatementRecord }>
    >();
    const add = (year: unknown, event: TimelineEvent, relation: StatementRecord) => {
      if (typeof year !== 'number' || (from !== null && year < from) || (to !== null && year > to))
        return;
      const entries = years.get(year) ?? [];
      entries.push({ year, event, relation });
      years.set(year, entries);
    };
    for (const s of statements) {
      add(s.qualifiers.since, TimelineEvent.STARTED, s);
      add(s.qualifiers.year, TimelineEvent.HAPPENED, s);
      add(s.qualifiers.until, TimelineEvent.ENDED, s);
    }
    return [...years.entries()]
      .sort(([a], [b]) => a - b)
      .map(([year, entries]) => ({ year, entries })) as unknown as TimelineYearType[];
  }
}
