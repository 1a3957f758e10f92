import { GraphQLObjectType, GraphQLResolveInfo, getNamedType } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import { EntityListArgs, EntityRelationsArgs, KindsArgs } from '../domain/args';
import {
  AgreementConnection,
  ConnectionValue,
  CountryConnection,
  IssueConnection,
  ProjectConnection,
  EventConnection,
  OrganisationConnection,
  LazyEdge,
  RelationConnection,
  connectionValue,
} from '../domain/connection.type';
import { EntitySortField, SortDirection } from '../domain/enums';
import { AgreementType, CountryType, EntityType } from '../domain/entity.type';
import { AgreementStatusChangeType } from '../domain/agreement-status.type';
import { RelationType } from '../domain/relation.type';
import { AppError, ErrorCode, notFound, shownId } from '../errors';
import { EntityListFilter } from '../graph/entity.repository';
import { EntityRecord } from '../graph/entity-codec';
import { decodeRelations, relationsPlan, relationsTail } from '../graph/relations-tree';
import { StatementRecord } from '../graph/statement.repository';
import { ENTITY_KINDS, EntityKind } from '../ontology/entities';
import { DEFAULT_MODALITIES, RelationKind } from '../ontology/relations';
import { RequestContext } from './context';
import { decodeCursor, encodeCursor, isKeyset, pageSize, wholeList } from './pagination';
import {
  connectionItemPlans,
  connectionItemProperties,
  entityPlans,
  relationsPlanOf,
} from './lookahead';

/** The entity with this id, or a NOT_FOUND error naming the argument. */
export async function requireEntity(
  ctx: RequestContext,
  id: string,
  argument: string,
  kinds?: readonly EntityKind[],
): Promise<EntityRecord> {
  const entity = await ctx.loaders.entity.load(id);
  if (entity && (!kinds || kinds.includes(entity.kind))) return entity;
  const what = kinds ? kinds.map((k) => k.toLowerCase()).join(' or ') : 'entity';
  // A name where an id belongs is the usual mistake: say which ids answer to it.
  const named = entity ? [] : (await ctx.entities.lookup(id, kinds ?? ENTITY_KINDS)).slice(0, 3);
  const hint = entity
    ? `it is the ${entity.kind.toLowerCase()} ${entity.name}`
    : named.length > 0
      ? `did you mean ${named.map((e) => `"${e.id}" (${e.name})`).join(' or ')}?`
      : 'ids are ISO 3166-1 alpha-3 codes for countries (KHM), lower-case slugs otherwise (asean); lookup(name) finds them';
  throw notFound(
    what,
    id,
    argument,
    ` (argument ${argument}); ${hint}`,
    named.length > 0 ? { suggestions: named.map((e) => e.id) } : {},
  );
}

/**
 * The entity a root field names by id, read in one statement with the relations the client
 * selected below it (which the nested resolvers then find ready); a NOT_FOUND error as
 * {@link requireEntity} gives it for an unknown id or another kind.
 */
async function entityWithRelations(
  ctx: RequestContext,
  info: GraphQLResolveInfo,
  id: string,
  kinds?: readonly EntityKind[],
): Promise<EntityRecord> {
  // An entity of another kind is refused below: the plans need no guard on the kind.
  const plans = entityPlans(info, info.fieldNodes, ctx.limits.maxPageSize, kinds).map((plan) =>
    kinds ? { ...plan, kinds: undefined } : plan,
  );
  if (plans.length === 0) return requireEntity(ctx, id, 'id', kinds);
  const tail = relationsTail('e', plans, ctx.limits.denseDegree);
  const found = await ctx.entities.byIdWith(id, {
    ...tail,
    receive: (entity, values) => decodeRelations(entity, plans, values, ctx.loaders.prime),
  });
  if (found && (!kinds || kinds.includes(found.kind))) return found;
  return requireEntity(ctx, id, 'id', kinds);
}

/** An argument that names an entity, and the kinds it must be (any when absent). */
export interface NamedEntity {
  id: string | null | undefined;
  argument: string;
  kinds?: readonly EntityKind[];
}

/**
 * Checks every entity the arguments name, in one round trip (the loader batches them): the
 * first unknown one, in argument order, is a NOT_FOUND error naming its argument. Questions
 * call it only when their answer is empty, since an answer found proves its ids.
 */
export async function requireEntities(
  ctx: RequestContext,
  named: readonly NamedEntity[],
): Promise<void> {
  const checks = await Promise.allSettled(
    named.flatMap(({ id, argument, kinds }) =>
      id === null || id === undefined ? [] : [requireEntity(ctx, id, argument, kinds)],
    ),
  );
  const failed = checks.find((c): c is PromiseRejectedResult => c.status === 'rejected');
  if (failed) throw failed.reason;
}

/** The type an entity list's filter asks for, of the list's kind. */
function typeFilter(kind: EntityKind, filter: EntityListArgs['filter']): string | null | undefined {
  switch (kind) {
    case EntityKind.ORGANISATION:
      return filter?.organisationType;
    case EntityKind.AGREEMENT:
      return filter?.agreementType;
    case EntityKind.PROJECT:
      return filter?.projectType;
    case EntityKind.EVENT:
      return filter?.eventType;
    default:
      return undefined;
  }
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
    type: typeFilter(kind, args.filter) ?? undefined,
    category: args.filter?.category ?? undefined,
  };
  // The relations selected below the items, as deep as they go, come in the same statement,
  // and only the properties the selection reads.
  const connection = getNamedType(info.returnType) as GraphQLObjectType;
  const plans = connectionItemPlans(
    info,
    connection,
    info.fieldNodes,
    kind,
    ctx.limits.maxPageSize,
  );
  const properties = connectionItemProperties(info, connection, info.fieldNodes);
  const tail =
    plans.length === 0
      ? undefined
      : {
          ...relationsTail('e', plans, ctx.limits.denseDegree),
          receive: (entity: EntityRecord, values: unknown[]) =>
            decodeRelations(entity, plans, values, ctx.loaders.prime),
        };
  const rows = await ctx.entities.list(kind, filter, sort, first + 1, after, tail, properties);
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
    @Info() info: GraphQLResolveInfo,
  ): Promise<EntityRecord> {
    return entityWithRelations(ctx, info, id);
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
    const max = ctx.limits.maxListSize;
    return wholeList(
      await ctx.entities.lookup(name, kinds ?? ENTITY_KINDS, max + 1),
      max,
      'lookup',
      'narrow it with `kinds`',
    );
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
    @Info() info: GraphQLResolveInfo,
  ): Promise<EntityRecord> {
    const given = [id, iso2, name].filter((v) => v !== null && v !== undefined);
    if (given.length !== 1) {
      throw new AppError(ErrorCode.BAD_USER_INPUT, 'give exactly one of id, iso2 and name', {
        details: { argument: 'id' },
      });
    }
    if (id !== null && id !== undefined)
      return entityWithRelations(ctx, info, id.toUpperCase(), [EntityKind.COUNTRY]);
    const found = (
      await ctx.entities.lookup((iso2 ?? name) as string, [EntityKind.COUNTRY])
    ).filter((c) => !iso2 || c.iso2 === iso2.toUpperCase());
    if (!found[0]) {
      throw new AppError(
        ErrorCode.NOT_FOUND,
        `No country is called "${shownId(iso2 ?? name ?? '')}"`,
        {
          details: { argument: iso2 ? 'iso2' : 'name' },
        },
      );
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

  @Query(() => ProjectConnection, {
    description: 'Projects (infrastructure, development), filtered, sorted and paginated.',
  })
  projects(
    @Args() args: EntityListArgs,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    return listPage(ctx, EntityKind.PROJECT, args, info);
  }

  @Query(() => EventConnection, {
    description:
      'Events (conferences, summits, exercises, conflicts), filtered, sorted and paginated.',
  })
  events(
    @Args() args: EntityListArgs,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    return listPage(ctx, EntityKind.EVENT, args, info);
  }

  @FieldResolver(() => RelationConnection, {
    description:
      'The relations of this entity, filtered by kind, direction and modality (facts only by default), paginated. A symmetric relation (PARTNER_OF, TRADES_WITH, ...) reads the same both ways: it is found whatever the direction asked, and given with this entity as `from` (as `to` when only INCOMING relations are asked for).',
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
      'Dated changes of the agreement or of its parties, oldest first: a party joining (its `since`), leaving (`until`), a suspension (SUSPENDS with a `year`). Each has a year; undated states are in `parties` (their `status`). Facts only.',
  })
  async statusHistory(
    @Root() agreement: EntityRecord,
    @Ctx() ctx: RequestContext,
  ): Promise<AgreementStatusChange[]> {
    const statements = await agreementRelations(ctx, agreement.id);
    const parties = new Map<string, EntityRecord | undefined>();
    for (const s of statements)
      if (s.kind === RelationKind.SUSPENDS && typeof s.qualifiers.in === 'string')
        parties.set(s.qualifiers.in, await ctx.loaders.entity.load(s.qualifiers.in));
    return statements
      .flatMap((s) => statusChanges(s, parties))
      .sort((a, b) => a.year - b.year || (a.relation.id < b.relation.id ? -1 : 1));
  }
}

/** A dated change of an agreement, as `AgreementStatusChange` returns it. */
interface AgreementStatusChange {
  year: number;
  status: string;
  party: EntityRecord | null;
  by: EntityRecord | null;
  temporary: boolean | null;
  relation: StatementRecord;
}

/**
 * The dated changes a relation to an agreement records: a suspension in its year, by its
 * subject, of the party in `in` (or of the whole agreement); a party's start (by the party)
 * and end. Undated relations record a state, not a change, and give none.
 */
function statusChanges(
  s: StatementRecord,
  parties: ReadonlyMap<string, EntityRecord | undefined>,
): AgreementStatusChange[] {
  const q = s.qualifiers;
  if (s.kind === RelationKind.SUSPENDS) {
    if (typeof q.year !== 'number') return [];
    return [
      {
        year: q.year,
        status: 'suspended',
        party: typeof q.in === 'string' ? (parties.get(q.in) ?? null) : null,
        by: s.subject,
        temporary: typeof q.temporary === 'boolean' ? q.temporary : null,
        relation: s,
      },
    ];
  }
  if (s.kind !== RelationKind.PARTY_TO) return [];
  const changes: AgreementStatusChange[] = [];
  if (typeof q.since === 'number')
    changes.push({
      year: q.since,
      status: 'active',
      party: s.subject,
      by: s.subject,
      temporary: null,
      relation: s,
    });
  if (typeof q.until === 'number')
    changes.push({
      year: q.until,
      status: 'ended',
      party: s.subject,
      by: null,
      temporary: null,
      relation: s,
    });
  return changes;
}

/** An agreement's parties and suspensions, whole (see MAX_LIST_SIZE). */
function agreementRelations(ctx: RequestContext, id: string): Promise<StatementRecord[]> {
  const max = ctx.limits.maxListSize;
  return ctx.loaders
    .relations(
      relationsPlan({
        kinds: [RelationKind.PARTY_TO, RelationKind.SUSPENDS],
        direction: 'INCOMING',
        modalities: DEFAULT_MODALITIES,
        offset: 0,
        limit: max + 1,
        withTotal: false,
      }),
    )
    .load(id)
    .then((r) =>
      wholeList(
        r.statements,
        max,
        'parties',
        'page through `relations(kinds: [PARTY_TO, SUSPENDS], direction: INCOMING)`',
      ),
    );
}
