import { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import { ModalitiesArg, SourcesArg, PageArgs, RelationFilterInput } from '../domain/args';
import { ConnectionValue, RelationConnection, connectionValue } from '../domain/connection.type';
import { CountryType, EntityType, EventType } from '../domain/entity.type';
import { EvidenceType, QualifiersType, RelationType, SourceType } from '../domain/relation.type';
import { AppError, ErrorCode, notFound } from '../errors';
import { EntityRecord } from '../graph/entity-codec';
import { SourceRecord } from '../graph/source.repository';
import { EvidenceRecord, QualifierValue, StatementRecord } from '../graph/statement.repository';
import { EntityKind } from '../ontology/entities';
import {
  DEFAULT_MODALITIES,
  Modality,
  QUALIFIERS,
  RELATION_KIND_SPECS,
  RelationKind,
} from '../ontology/relations';
import { RequestContext } from './context';
import { requireSources } from './sources.resolver';
import { requireEntities, requireEntity } from './entity.resolver';
import { decodeCursor, encodeCursor, isString, pageSize, wholeList } from './pagination';
import { selects } from './selection';

@Resolver(() => RelationType)
export class RelationResolver {
  @FieldResolver(() => Boolean, {
    description: 'Whether the kind reads the same both ways (PARTNER_OF, TRADES_WITH, ...).',
  })
  symmetric(@Root() relation: StatementRecord): boolean {
    return RELATION_KIND_SPECS[relation.kind].symmetric;
  }

  @FieldResolver(() => [EvidenceType], {
    description: 'Where sources state it: quote, section and source.',
    // A relation has one or two pieces of evidence, not the ten an unbounded list is costed at.
    complexity: ({ childComplexity }) => 1 + 2 * childComplexity,
  })
  async evidence(
    @Root() relation: StatementRecord,
    @Ctx() ctx: RequestContext,
  ): Promise<EvidenceRecord[]> {
    return relation.evidence ?? ctx.loaders.evidence.load(relation.id);
  }

  @FieldResolver(() => SourceType, { description: 'The source whose dataset states it.' })
  async source(
    @Root() relation: StatementRecord,
    @Ctx() ctx: RequestContext,
  ): Promise<SourceRecord | undefined> {
    return ctx.loaders.source.load(relation.source);
  }

  @Query(() => RelationType, {
    description: 'One relation by id, with its evidence. Unknown or retracted: NOT_FOUND.',
  })
  async relation(
    @Arg('id', () => ID, { description: 'The relation id (`<source id>:<statement id>`).' })
    id: string,
    @Ctx() ctx: RequestContext,
  ): Promise<StatementRecord> {
    const found = await ctx.statements.byId(id);
    if (!found) throw notFound('relation', id, 'id');
    return found;
  }

  @Query(() => RelationConnection, {
    description:
      'Relations matching a filter, in id order, paginated; facts only unless `filter.modalities` says otherwise.',
  })
  async relations(
    @Arg('filter', () => RelationFilterInput, { nullable: true, description: 'What to keep.' })
    filter: RelationFilterInput | null,
    @Args() page: PageArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<ConnectionValue<StatementRecord>> {
    const first = pageSize(page.first, ctx.limits.maxPageSize);
    const afterId = page.after ? decodeCursor(page.after, 'relations', isString) : undefined;
    const found = await ctx.statements.find({ ...toFilter(filter), afterId }, first + 1);
    // Relations found prove the ids they match; only an empty page needs the look-up that
    // tells "none" from "no such entity".
    if (found.length === 0 && filter) await requireFiltered(ctx, filter);
    const edges = found
      .slice(0, first)
      .map((node) => ({ node, cursor: encodeCursor('relations', node.id) }));
    return connectionValue(
      edges,
      {
        hasNextPage: found.length > first,
        hasPreviousPage: afterId !== undefined,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
      () => ctx.statements.count(toFilter(filter)),
    );
  }

  @Query(() => [RelationType], {
    description:
      'Memberships (MEMBER_OF) with their years: of a member, of an organisation, or both; facts only unless `modalities` says otherwise.',
  })
  async memberships(
    @Arg('member', () => ID, { nullable: true, description: 'The member (a country, usually).' })
    member: string | null,
    @Arg('organisation', () => ID, { nullable: true, description: 'The organisation.' })
    organisation: string | null,
    @ModalitiesArg() modalities: Modality[],
    @SourcesArg() sourcesArg: string[] | null,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<StatementRecord[]> {
    const sources = await requireSources(ctx, sourcesArg);
    if (!member && !organisation) {
      throw new AppError(ErrorCode.BAD_USER_INPUT, 'give member, organisation or both', {
        details: { argument: 'member' },
      });
    }
    if (member) await requireEntity(ctx, member, 'member');
    if (organisation)
      await requireEntity(ctx, organisation, 'organisation', [EntityKind.ORGANISATION]);
    const max = ctx.limits.maxListSize;
    return wholeList(
      await ctx.statements.find(
        {
          kinds: [RelationKind.MEMBER_OF],
          subject: member ?? undefined,
          object: organisation ?? undefined,
          modalities,
          sources,
          withEvidence: selects(info, 'evidence'),
        },
        max + 1,
      ),
      max,
      'memberships',
      'give both member and organisation, or page through `relations`',
    );
  }

  @Query(() => [RelationType], {
    description:
      'Concerns raised (CONCERNED_ABOUT): by whom, about which issue, regarding whom. Every argument narrows; facts only unless `modalities` says otherwise.',
  })
  async concerns(
    @Arg('regarding', () => ID, {
      nullable: true,
      description: 'Whom the concerns are about (a country).',
    })
    regarding: string | null,
    @Arg('raisedBy', () => ID, { nullable: true, description: 'Who raised them.' })
    raisedBy: string | null,
    @Arg('issue', () => ID, {
      nullable: true,
      description: 'What they are about (human-rights, ...).',
    })
    issue: string | null,
    @ModalitiesArg() modalities: Modality[],
    @SourcesArg() sourcesArg: string[] | null,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<StatementRecord[]> {
    const sources = await requireSources(ctx, sourcesArg);
    const max = ctx.limits.maxListSize;
    const found = wholeList(
      await ctx.statements.find(
        {
          kinds: [RelationKind.CONCERNED_ABOUT],
          regarding: regarding ?? undefined,
          subject: raisedBy ?? undefined,
          object: issue ?? undefined,
          modalities,
          sources,
          withEvidence: selects(info, 'evidence'),
        },
        max + 1,
      ),
      max,
      'concerns',
      'narrow it with `regarding`, `raisedBy` or `issue`',
    );
    if (found.length === 0)
      await requireEntities(ctx, [
        { id: regarding, argument: 'regarding' },
        { id: raisedBy, argument: 'raisedBy' },
        { id: issue, argument: 'issue', kinds: [EntityKind.ISSUE] },
      ]);
    return found;
  }
}

/** Checks the entities and the source a filter names; see {@link requireEntities}. */
async function requireFiltered(ctx: RequestContext, filter: RelationFilterInput): Promise<void> {
  const kindsOf = (name: 'in' | 'via') => {
    const spec = QUALIFIERS[name];
    return spec.type === 'entity' ? spec.kinds : undefined;
  };
  await requireEntities(ctx, [
    { id: filter.from, argument: 'filter.from' },
    { id: filter.to, argument: 'filter.to' },
    { id: filter.involving, argument: 'filter.involving' },
    { id: filter.in, argument: 'filter.in', kinds: kindsOf('in') },
    { id: filter.via, argument: 'filter.via', kinds: kindsOf('via') },
    { id: filter.regarding, argument: 'filter.regarding' },
  ]);
  if (filter.source && !(await ctx.loaders.source.load(filter.source))) {
    throw notFound('source', filter.source, 'filter.source');
  }
  await requireSources(ctx, filter.sources, 'filter.sources');
}

function toFilter(filter: RelationFilterInput | null) {
  return {
    kinds: filter?.kinds ?? undefined,
    subject: filter?.from ?? undefined,
    object: filter?.to ?? undefined,
    involving: filter?.involving ?? undefined,
    in: filter?.in ?? undefined,
    via: filter?.via ?? undefined,
    regarding: filter?.regarding ?? undefined,
    year: filter?.year ?? undefined,
    source: filter?.source ?? undefined,
    sources: filter?.sources ?? undefined,
    modalities: filter?.modalities ?? DEFAULT_MODALITIES,
  };
}

@Resolver(() => QualifiersType)
export class QualifiersResolver {
  @FieldResolver(() => CountryType, {
    nullable: true,
    description: 'The country where it happens: the recipient of funding, the host of investment.',
  })
  async in(
    @Root() q: Record<string, QualifierValue>,
    @Ctx() ctx: RequestContext,
  ): Promise<EntityRecord | undefined> {
    return typeof q.in === 'string' ? ctx.loaders.entity.load(q.in) : undefined;
  }

  @FieldResolver(() => EntityType, {
    nullable: true,
    description: 'The agreement, initiative or body it flows through.',
  })
  async via(
    @Root() q: Record<string, QualifierValue>,
    @Ctx() ctx: RequestContext,
  ): Promise<EntityRecord | undefined> {
    return typeof q.via === 'string' ? ctx.loaders.entity.load(q.via) : undefined;
  }

  @FieldResolver(() => EntityType, {
    nullable: true,
    description: 'Whom or what it is about: the country whose record causes a concern.',
  })
  async regarding(
    @Root() q: Record<string, QualifierValue>,
    @Ctx() ctx: RequestContext,
  ): Promise<EntityRecord | undefined> {
    return typeof q.regarding === 'string' ? ctx.loaders.entity.load(q.regarding) : undefined;
  }

  @FieldResolver(() => EntityType, {
    nullable: true,
    description: 'What the money is for: a project or a sector.',
  })
  async purpose(
    @Root() q: Record<string, QualifierValue>,
    @Ctx() ctx: RequestContext,
  ): Promise<EntityRecord | undefined> {
    return typeof q.purpose === 'string' ? ctx.loaders.entity.load(q.purpose) : undefined;
  }

  @FieldResolver(() => EventType, {
    nullable: true,
    description: 'The war or conflict it was part of.',
  })
  async during(
    @Root() q: Record<string, QualifierValue>,
    @Ctx() ctx: RequestContext,
  ): Promise<EntityRecord | undefined> {
    return typeof q.during === 'string' ? ctx.loaders.entity.load(q.during) : undefined;
  }
}

@Resolver(() => EvidenceType)
export class EvidenceResolver {
  @FieldResolver(() => SourceType, { description: 'The source document.' })
  async source(
    @Root() evidence: EvidenceRecord,
    @Ctx() ctx: RequestContext,
  ): Promise<SourceRecord | undefined> {
    return ctx.loaders.source.load(evidence.source);
  }
}
