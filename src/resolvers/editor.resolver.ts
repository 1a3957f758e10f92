import { randomUUID } from 'node:crypto';
import iso3166 from 'iso-3166-1';
import { GraphQLJSONObject } from 'graphql-scalars';
import { z } from 'zod';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import {
  EntityChangeType,
  EntityChangesInput,
  HistoryEntryType,
  NewEntityInput,
  NewRelationInput,
} from '../domain/editor.input';
import { EntityType } from '../domain/entity.type';
import { RelationType } from '../domain/relation.type';
import { AppError, ErrorCode, shownId } from '../errors';
import { PropertyValue } from '../graph/dataset-writer';
import { EntityChangeRecord, HistoryRecord } from '../graph/editor.repository';
import { EntityRecord } from '../graph/entity.repository';
import { StatementRecord } from '../graph/statement.repository';
import { EntityInput, entitySchema, statementSchemas } from '../ingest/dataset-format';
import { entityProps } from '../ingest/load';
import { canonical } from '../ingest/validate';
import { EntityKind } from '../ontology/entities';
import { QUALIFIERS, QualifierName, RELATION_KIND_SPECS } from '../ontology/relations';
import { requireRole } from '../server/auth';
import { RequestContext } from '../server/context';
import { requireEntity } from './entity.resolver';
import { pageSize } from './pagination';

function badInput(error: z.ZodError, prefix: string): AppError {
  const issue = error.issues[0];
  const where = [prefix, ...(issue?.path ?? []).map(String)].join('.');
  return new AppError(ErrorCode.BAD_USER_INPUT, `${where}: ${issue?.message ?? 'is not valid'}`, {
    details: { argument: where },
  });
}

/** Drops nulls and undefineds, so that the dataset schema sees only what was given. */
function given<T extends object>(object: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(object).filter(([, v]) => v !== null && v !== undefined),
  ) as Partial<T>;
}

/** Turns API input into a dataset entity and checks it with the rules datasets obey. */
function validEntity(candidate: Record<string, unknown>, prefix: string): EntityInput {
  const parsed = entitySchema.safeParse(candidate);
  if (!parsed.success) throw badInput(parsed.error, prefix);
  const entity = parsed.data;
  if (entity.kind === EntityKind.COUNTRY) {
    const iso = iso3166.whereAlpha3(entity.id);
    if (!iso)
      throw new AppError(
        ErrorCode.BAD_USER_INPUT,
        `${prefix}.id: "${entity.id}" is not an ISO 3166-1 alpha-3 code`,
        { details: { argument: `${prefix}.id` } },
      );
    if (iso.alpha2 !== entity.iso2) {
      throw new AppError(
        ErrorCode.BAD_USER_INPUT,
        `${prefix}.iso2: the alpha-2 code of ${entity.id} is "${iso.alpha2}"`,
        { details: { argument: `${prefix}.iso2` } },
      );
    }
  }
  return entity;
}

/** The dataset form of an entity as the graph holds it, for merging changes into. */
function asDatasetEntity(entity: EntityRecord): Record<string, unknown> {
  return given({
    kind: entity.kind,
    id: entity.id,
    name: entity.name,
    aliases: entity.aliases,
    description: entity.description,
    wikidataId: entity.wikidataId,
    iso2: entity.kind === EntityKind.COUNTRY ? entity.iso2 : null,
    acronym:
      entity.kind === EntityKind.ORGANISATION || entity.kind === EntityKind.AGREEMENT
        ? entity.acronym
        : null,
    type: entity.type,
    status: entity.kind === EntityKind.AGREEMENT ? entity.status : null,
    category: entity.category,
    dacCode: entity.dacCode,
  });
}

@Resolver(() => HistoryEntryType)
export class EditorResolver {
  @Mutation(() => EntityType, {
    description: 'Creates an entity (editor role). An existing id is a CONFLICT.',
  })
  async createEntity(
    @Arg('input', () => NewEntityInput, { description: 'The entity.', validate: true })
    input: NewEntityInput,
    @Ctx() ctx: RequestContext,
  ): Promise<EntityRecord> {
    requireRole(ctx.principal, 'editor', ctx.auth, 'Editing');
    const { organisationType, agreementType, ...rest } = input;
    const entity = validEntity(
      given({
        ...rest,
        type:
          input.kind === EntityKind.ORGANISATION
            ? organisationType
            : input.kind === EntityKind.AGREEMENT
              ? agreementType
              : undefined,
      }),
      'input',
    );
    try {
      return await ctx.editor.createEntity(
        entity.kind,
        entityProps(entity),
        ctx.principal?.subject ?? 'unknown',
      );
    } catch (error) {
      if (error instanceof AppError && error.code === ErrorCode.CONFLICT) {
        throw new AppError(
          ErrorCode.CONFLICT,
          `An entity with the id "${input.id}" exists already`,
          { details: { argument: 'input.id' } },
        );
      }
      throw error;
    }
  }

  @Mutation(() => EntityType, {
    description:
      'Changes an entity (editor role). With expectedVersion, refuses (CONFLICT) if someone changed it since.',
  })
  async updateEntity(
    @Arg('id', () => ID, { description: 'The entity to change.' }) id: string,
    @Arg('changes', () => EntityChangesInput, { description: 'What to change.', validate: true })
    changes: EntityChangesInput,
    @Arg('expectedVersion', () => Int, {
      nullable: true,
      description: 'The version the change was made against.',
    })
    expectedVersion: number | null,
    @Ctx() ctx: RequestContext,
  ): Promise<EntityRecord> {
    requireRole(ctx.principal, 'editor', ctx.auth, 'Editing');
    const current = await requireEntity(ctx, id, 'id');
    const merged = validEntity(
      { ...asDatasetEntity(current), ...given({ ...changes }) },
      'changes',
    );
    const props = entityProps(merged);
    return ctx.editor.updateEntity(
      id,
      props,
      expectedVersion ?? undefined,
      ctx.principal?.subject ?? 'unknown',
    );
  }

  @Mutation(() => RelationType, {
    description:
      'Adds a relation with its evidence (editor role), checked by the rules datasets obey.',
  })
  async addRelation(
    @Arg('input', () => NewRelationInput, { description: 'The relation.', validate: true })
    input: NewRelationInput,
    @Ctx() ctx: RequestContext,
  ): Promise<StatementRecord> {
    requireRole(ctx.principal, 'editor', ctx.auth, 'Editing');
    const qualifiers = given({ ...(input.qualifiers ?? {}) }) as Record<string, PropertyValue>;
    const modality = input.modality ?? 'fact';
    const parsed = statementSchemas.safeParse({
      kind: input.kind,
      subject: input.from,
      object: input.to,
      qualifiers,
      modality,
      evidence: input.evidence.map((e) => ({ section: e.section, quote: e.quote })),
    });
    if (!parsed.success) throw badInput(parsed.error, 'input');

    const spec = RELATION_KIND_SPECS[input.kind];
    const subject = await requireEntity(ctx, input.from, 'input.from', spec.subjects);
    const object = await requireEntity(ctx, input.to, 'input.to', spec.objects);
    if (subject.id === object.id)
      throw new AppError(
        ErrorCode.BAD_USER_INPUT,
        'input.to: the subject and object are the same entity',
        { details: { argument: 'input.to' } },
      );
    if (
      spec.objectCategories &&
      object.kind === EntityKind.ISSUE &&
      !spec.objectCategories.includes(object.category as never)
    ) {
      throw new AppError(
        ErrorCode.BAD_USER_INPUT,
        `input.to: ${input.kind} needs an issue of category ${spec.objectCategories.join(' or ')}`,
        { details: { argument: 'input.to' } },
      );
    }
    for (const [name, value] of Object.entries(qualifiers)) {
      const qualifier = QUALIFIERS[name as QualifierName];
      if (qualifier.type === 'entity')
        await requireEntity(ctx, String(value), `input.qualifiers.${name}`, qualifier.kinds);
    }
    const evidence = [];
    for (const [i, record] of input.evidence.entries()) {
      const source = await ctx.loaders.source.load(record.source);
      if (!source)
        throw new AppError(
          ErrorCode.NOT_FOUND,
          `input.evidence[${i}].source: no source has the id "${shownId(record.source)}"`,
          { details: { argument: `input.evidence[${i}].source` } },
        );
      const section = source.sections.find((s) => s.id === record.section);
      if (!section)
        throw new AppError(
          ErrorCode.BAD_USER_INPUT,
          `input.evidence[${i}].section: "${record.section}" is not a section of ${source.id}`,
          { details: { argument: `input.evidence[${i}].section` } },
        );
      evidence.push({
        source: source.id,
        section: section.id,
        heading: section.heading,
        quote: record.quote,
      });
    }

    const id = `editorial:${randomUUID()}`;
    await ctx.editor.addStatement(
      {
        id,
        kind: input.kind,
        subject: subject.id,
        object: object.id,
        modality,
        qualifiers,
        qualifiersJson: canonical(qualifiers),
        evidence,
      },
      ctx.principal?.subject ?? 'unknown',
    );
    const added = await ctx.statements.find({
      kinds: [input.kind],
      subject: subject.id,
      object: object.id,
      source: 'editorial',
      limit: 10_000,
    });
    const statement = added.find((s) => s.id === id);
    if (!statement)
      throw new AppError(
        ErrorCode.INTERNAL_SERVER_ERROR,
        'The relation was added but could not be read back',
      );
    return statement;
  }

  @Mutation(() => HistoryEntryType, {
    description:
      'Retracts a relation (editor role): it leaves the graph, and its history keeps who retracted it, when and why.',
  })
  async retractRelation(
    @Arg('id', () => ID, { description: 'The relation to retract.' }) id: string,
    @Arg('reason', { description: 'Why (kept in the history).' }) reason: string,
    @Ctx() ctx: RequestContext,
  ): Promise<HistoryRecord> {
    requireRole(ctx.principal, 'editor', ctx.auth, 'Editing');
    if (reason.trim().length < 3 || reason.length > 500) {
      throw new AppError(ErrorCode.BAD_USER_INPUT, 'reason must be 3 to 500 characters', {
        details: { argument: 'reason' },
      });
    }
    await ctx.editor.retractStatement(id, reason.trim(), ctx.principal?.subject ?? 'unknown');
    const [statement] = await ctx.editor.historyOf([id]);
    return statement as HistoryRecord;
  }

  @Query(() => [HistoryEntryType], {
    description:
      'Every relation that names an entity, current and retracted, latest change first: what was said, by whom, and what was taken back.',
  })
  async history(
    @Arg('entity', () => ID, { description: 'The entity.' }) entity: string,
    @Arg('first', () => Int, {
      defaultValue: 50,
      description: 'How many entries (at most the maximum page size).',
    })
    first: number,
    @Ctx() ctx: RequestContext,
  ): Promise<HistoryRecord[]> {
    pageSize(first, ctx.limits.maxPageSize);
    await requireEntity(ctx, entity, 'entity');
    return ctx.editor.history(entity, first);
  }

  @Query(() => [EntityChangeType], {
    description:
      "Every change of an entity's properties, latest first: by editors, and by loads of the datasets that describe it. What an editor changed stays through every load; where a dataset says otherwise, the change of that load lists it under `kept`.",
  })
  async entityChanges(
    @Arg('entity', () => ID, { description: 'The entity.' }) entity: string,
    @Arg('first', () => Int, {
      defaultValue: 50,
      description: 'How many changes (at most the maximum page size).',
    })
    first: number,
    @Ctx() ctx: RequestContext,
  ): Promise<EntityChangeRecord[]> {
    pageSize(first, ctx.limits.maxPageSize);
    await requireEntity(ctx, entity, 'entity');
    return ctx.editor.entityChanges(entity, first);
  }

  @FieldResolver(() => EntityType, {
    nullable: true,
    description: 'The subject (null if since deleted).',
  })
  from(@Root() entry: HistoryRecord, @Ctx() ctx: RequestContext) {
    return ctx.loaders.entity.load(entry.subject);
  }

  @FieldResolver(() => EntityType, {
    nullable: true,
    description: 'The object (null if since deleted).',
  })
  to(@Root() entry: HistoryRecord, @Ctx() ctx: RequestContext) {
    return ctx.loaders.entity.load(entry.object);
  }

  @FieldResolver(() => GraphQLJSONObject, { description: 'Its qualifiers, as they were.' })
  qualifiers(@Root() entry: HistoryRecord): Record<string, unknown> {
    try {
      return JSON.parse(entry.qualifiers ?? '{}') as Record<string, unknown>;
    } catch {
      return {};
    }
  }
}
