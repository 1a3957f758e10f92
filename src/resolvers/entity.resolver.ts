import { GraphQLObjectType, GraphQLResolveInfo, getNamedType } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import { EntityListArgs, EntityRelationsArgs, KindsArgs } from '../domain/args';
import {
  AgreementConnection,
  ConnectionValue,
  CountryConnection,
  IssueConnection,
  OrganisationConnection,
  LazyEdge,
  RelationConnection,
  connectionValue,
} from '../domain/connection.type';
import { EntitySortField, SortDirection } from '../domain/enums';
import { AgreementType, CountryType, EntityType } from '../domain/entity.type';
import { AgreementStatusChangeType } from '../domain/graph.type';
import { RelationType } from '../domain/relation.type';
import { AppError, ErrorCode } from '../errors';
import { EntityListFilter, EntityRecord } from '../graph/entity.repository';
import { decodeRelations, relationsPlan, relationsTail } from '../graph/relations-tree';
import { StatementRecord } from '../graph/statement.repository';
import { ENTITY_KINDS, EntityKind } from '../ontology/entities';
import { RelationKind } from '../ontology/relations';
import { RequestContext } from '../server/context';
import { decodeCursor, encodeCursor, isKeyset, pageSize } from './pagination';
import { connectionItemPlans, relationsPlanOf } from './lookahead';

/** The entity with this id, or a NOT_FOUND error naming the argument. */
export async function requireEntity(
  ctx: RequestContext,
  id: string,
  argument: string,
  kinds?: readonly EntityKind[],
): Promise<EntityRecord> {
  const entity = await ctx.loaders.entity.load(id);
  if (!entity || (kinds && !kinds.includes(entity.kind))) {
    const what = kinds && kinds.length === 1 ? `${kinds[0]?.toLowerCase()}` : 'entity';
    throw new AppError(
      ErrorCode.NOT_FOUND,
      `No ${what} has the id "${id}" (argument ${argument})`,
      {
        details: { argument, id },
      },
    );
  }
  return entity;
}

async function listPage(
  ctx: RequestContext,
  kind: EntityKind,
  args: EntityListArgs,
  info: GraphQLResolveInfo,
): Promise<ConnectionValue<EntityRecord>> {
  const first = pageSize(args.first, ctx.limits.maxPageSize);
  const sort = {
    field: args.orderBy?.field ?? EntitySortField.NAME,
    direction: args.orderBy?.direction ?? SortDirection.ASC,
  };
  const after = args.after
    ? decodeCursor(args.after, `entities:${kind}:${sort.field}:${sort.direction}`, isKeyset)
    : undefined;
  const filter: EntityListFilter = {
    nameContains: args.filter?.nameContains ?? undefined,
    memberOf: args.filter?.memberOf ?? undefined,
    type:
      (kind === EntityKind.ORGANISATION
        ? args.filter?.organisationType
        : args.filter?.agreementType) ?? undefined,
    category: args.filter?.category ?? undefined,
  };
  // The relations selected below the items, as deep as they go, come in the same statement.
  const plans = connectionItemPlans(
    info,
    getNamedType(info.returnType) as GraphQLObjectType,
    info.fieldNodes,
    kind,
    ctx.limits.maxPageSize,
  );
  const tail =
    plans.length === 0
      ? undefined
      : {
          ...relationsTail('e', plans),
          receive: (entity: EntityRecord, values: unknown[]) =>
            decodeRelations(entity, plans, values, ctx.loaders.prime),
        };
  const rows = await ctx.entities.list(kind, filter, sort, first + 1, after, tail);
  const page = rows.slice(0, first);
  const cursorKind = `entities:${kind}:${sort.field}:${sort.direction}`;
  const edges = page.map((node) => ({
    node,
    cursor: encodeCursor(cursorKind, {
      key: sort.field === EntitySortField.NAME ? node.name : node.id,
      id: node.id,
    }),
  }));
  return connectionValue(
    edges,
    {
      hasNextPage: rows.length > first,
      hasPreviousPage: after !== undefined,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    () => ctx.entities.count(kind, filter),
  );
}

@Resolver(() => EntityType)
export class EntityResolver {
  @Query(() => EntityType, {
    nullable: true,
    description: 'The entity with this id, of any kind. Unknown ids give a NOT_FOUND error.',
  })
  async entity(
    @Arg('id', () => ID, {
      description: 'The entity id (ISO alpha-3 for countries, a slug otherwise).',
    })
    id: string,
    @Ctx() ctx: RequestContext,
  ): Promise<EntityRecord> {
    return requireEntity(ctx, id, 'id');
  }

  @Query(() => [EntityType], {
    nullable: 'items',
    description:
      'Several entities by id, in the order asked; null where an id is unknown (at most 100 ids).',
  })
  async entities(
    @Arg('ids', () => [ID], { description: 'Entity ids.' }) ids: string[],
    @Ctx() ctx: RequestContext,
  ): Promise<Array<EntityRecord | undefined>> {
    if (ids.length > ctx.limits.maxPageSize) {
      throw new AppError(
        ErrorCode.BAD_USER_INPUT,
        `ids may hold at most ${ctx.limits.maxPageSize} ids`,
        {
          details: { argument: 'ids', max: ctx.limits.maxPageSize },
        },
      );
    }
    return Promise.all(ids.map((id) => ctx.loaders.entity.load(id)));
  }

  @Query(() => [EntityType], {
    description:
      'Entities known by this name, alias, id, ISO code or acronym, ignoring case and accents ("cote divoire" finds "Côte d’Ivoire"). Exact name matches first.',
  })
  async lookup(
    @Arg('name', { description: 'What the entity is called.' }) name: string,
    @Args() { kinds }: KindsArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<EntityRecord[]> {
    return ctx.entities.lookup(name, kinds ?? ENTITY_KINDS);
  }

  @Query(() => CountryType, {
    nullable: true,
    description:
      'One country by its id (alpha-3), alpha-2 code or name or alias; give exactly one. Unknown: NOT_FOUND.',
  })
  async country(
    @Arg('id', () => ID, { nullable: true, description: 'ISO 3166-1 alpha-3 code (KHM).' })
    id: string | null,
    @Arg('iso2', () => String, { nullable: true, description: 'ISO 3166-1 alpha-2 code (KH).' })
    iso2: string | null,
    @Arg('name', () => String, {
      nullable: true,
      description: 'Name or alias, ignoring case and accents.',
    })
    name: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<EntityRecord> {
    const given = [id, iso2, name].filter((v) => v !== null && v !== undefined);
    if (given.length !== 1) {
      throw new AppError(ErrorCode.BAD_USER_INPUT, 'give exactly one of id, iso2 and name', {
        details: { argument: 'id' },
      });
    }
    if (id) return requireEntity(ctx, id.toUpperCase(), 'id', [EntityKind.COUNTRY]);
    const found = (
      await ctx.entities.lookup((iso2 ?? name) as string, [EntityKind.COUNTRY])
    ).filter((c) => !iso2 || c.iso2 === iso2.toUpperCase());
    if (!found[0]) {
      throw new AppError(ErrorCode.NOT_FOUND, `No country is called "${iso2 ?? name}"`, {
        details: { argument: iso2 ? 'iso2' : 'name' },
      });
    }
    return found[0];
  }

  @Query(() => CountryConnection, { description: 'Countries, filtered, sorted and paginated.' })
  countries(
    @Args() args: EntityListArgs,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    return listPage(ctx, EntityKind.COUNTRY, args, info);
  }

  @Query(() => OrganisationConnection, {
    description: 'Organisations, filtered, sorted and paginated.',
  })
  organisations(
    @Args() args: EntityListArgs,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    return listPage(ctx, EntityKind.ORGANISATION, args, info);
  }

  @Query(() => AgreementConnection, { description: 'Agreements, filtered, sorted and paginated.' })
  agreements(
    @Args() args: EntityListArgs,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    return listPage(ctx, EntityKind.AGREEMENT, args, info);
  }

  @Query(() => IssueConnection, { description: 'Issues, filtered, sorted and paginated.' })
  issues(
    @Args() args: EntityListArgs,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    return listPage(ctx, EntityKind.ISSUE, args, info);
  }

  @FieldResolver(() => RelationConnection, {
    description:
      'The relations of this entity, filtered by kind, direction and modality, paginated.',
  })
  async relations(
    @Root() entity: EntityRecord,
    @Args() args: EntityRelationsArgs,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ConnectionValue<StatementRecord>> {
    const first = pageSize(args.first, ctx.limits.maxPageSize);
    // The plan names this page and the nested ones below it: a parent's read may have
    // fetched it already, else one read per level of siblings fetches it and all below.
    // Siblings share their field nodes (graphql-js collects them once per parent type): the
    // plan is made once for all of them.
    let plan = ctx.plans.get(info.fieldNodes);
    if (!plan) {
      plan = relationsPlanOf(info, info.parentType, info.fieldNodes, ctx.limits.maxPageSize);
      ctx.plans.set(info.fieldNodes, plan);
    }
    const { offset } = plan.options;
    const result = await ctx.loaders.relations(plan).load(entity.id);
    const edges = result.statements
      .slice(0, first)
      .map((node, i) => new LazyEdge(node, () => encodeCursor('relations-of', offset + i)));
    return connectionValue(
      edges,
      {
        hasNextPage: result.statements.length > first,
        hasPreviousPage: offset > 0,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
      async () => result.total,
    );
  }
}

@Resolver(() => AgreementType)
export class AgreementResolver {
  @FieldResolver(() => [RelationType], {
    description: 'Who takes part in the agreement, and in what role (PARTY_TO relations).',
  })
  async parties(
    @Root() agreement: EntityRecord,
    @Ctx() ctx: RequestContext,
  ): Promise<StatementRecord[]> {
    return (await agreementRelations(ctx, agreement.id)).filter(
      (s) => s.kind === RelationKind.PARTY_TO,
    );
  }

  @FieldResolver(() => [AgreementStatusChangeType], {
    description:
      'Dated changes of the agreement or of its parties: suspensions, starts and ends, oldest first.',
  })
  async statusHistory(
    @Root() agreement: EntityRecord,
    @Ctx() ctx: RequestContext,
  ): Promise<AgreementStatusChangeType[]> {
    const changes: Array<
      Omit<AgreementStatusChangeType, 'party' | 'by' | 'relation'> & {
        party: EntityRecord | null;
        by: EntityRecord | null;
        relation: StatementRecord;
      }
    > = [];
    const statements = await agreementRelations(ctx, agreement.id);
    for (const s of statements) {
      const q = s.qualifiers;
      if (s.kind === RelationKind.SUSPENDS) {
        const party =
          typeof q.in === 'string' ? ((await ctx.loaders.entity.load(q.in)) ?? null) : null;
        changes.push({
          year: typeof q.year === 'number' ? q.year : null,
          status: 'suspended',
          party,
          by: s.subject,
          temporary: typeof q.temporary === 'boolean' ? q.temporary : null,
          relation: s,
        });
      } else if (s.kind === RelationKind.PARTY_TO) {
        if (
          typeof q.since === 'number' ||
          (typeof q.status === 'string' && typeof q.until !== 'number')
        ) {
          changes.push({
            year: typeof q.since === 'number' ? q.since : null,
            status: typeof q.status === 'string' ? q.status : 'active',
            party: s.subject,
            by: null,
            temporary: null,
            relation: s,
          });
        }
        if (typeof q.until === 'number') {
          changes.push({
            year: q.until,
            status: 'ended',
            party: s.subject,
            by: null,
            temporary: null,
            relation: s,
          });
        }
      }
    }
    return changes.sort(
      (a, b) => (a.year ?? Infinity) - (b.year ?? Infinity),
    ) as unknown as AgreementStatusChangeType[];
  }
}

function agreementRelations(ctx: RequestContext, id: string): Promise<StatementRecord[]> {
  return ctx.loaders
    .relations(
      relationsPlan({
        kinds: [RelationKind.PARTY_TO, RelationKind.SUSPENDS],
        direction: 'INCOMING',
        offset: 0,
        limit: ctx.limits.maxPageSize,
        withTotal: false,
      }),
    )
    .load(id)
    .then((r) => r.statements);
}
