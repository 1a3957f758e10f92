import { randomUUID } from 'node:crypto';
import { GraphQLJSONObject } from 'graphql-scalars';
import { z } from 'zod';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { EntityChangesInput, NewEntityInput, NewRelationInput } from '../domain/editing.input';
import { EntityChangeType, HistoryEntryType } from '../domain/editing.type';
import { EntityType } from '../domain/entity.type';
import { RelationType } from '../domain/relation.type';
import { AppError, ErrorCode, shownId } from '../errors';
import { EntityChangeRecord, HistoryRecord } from '../graph/editor.repository';
import { EntityRecord, PropertyValue, asDatasetEntity, entityProps } from '../graph/entity-codec';
import { StatementRecord } from '../graph/statement.repository';
import { EntityInput, entitySchema, statementSchemas } from '../ontology/dataset-format';
import { ENTITY_KINDS, EntityKind } from '../ontology/entities';
import {
  RulePath,
  entityProblems,
  isReference,
  sectionProblem,
  statementRules,
} from '../ontology/rules';
import { requireRole } from './access';
import { RequestContext } from './context';
import { requireEntity } from './entity.resolver';
import { pageSize } from './pagination';

/**
 * Where a rule's path lies in the editor's arguments: under `prefix`, with a statement's
 * subject and object named as the API names them (`from`, `to`).
 */
function argumentOf(path: RulePath, prefix: string): string {
  const names: Record<string, string> = { subject: 'from', object: 'to' };
  return [prefix, ...path.map((p) => names[String(p)] ?? String(p))].join('.');
}

/** A rule's refusal, in the rule book's words, at its argument. */
function refused(
  path: RulePath,
  message: string,
  prefix: string,
  code: ErrorCode = ErrorCode.BAD_USER_INPUT,
): AppError {
  const argument = argumentOf(path, prefix);
  return new AppError(code, `${argument}: ${message}`, { details: { argument } });
}

/**
 * A rule's refusal of a reference to no entity: NOT_FOUND, in the rule book's words, then,
 * since a name where an id belongs is the usual mistake, the ids that answer to it.
 */
async function dangling(
  ctx: RequestContext,
  id: string,
  argument: string,
  message: string,
): Promise<AppError> {
  const named = await ctx.entities.lookup(id, ENTITY_KINDS, 3);
  const hint =
    named.length > 0
      ? `; did you mean ${named.map((e) => `"${e.id}" (${e.name})`).join(' or ')}?`
      : '';
  return new AppError(ErrorCode.NOT_FOUND, `${argument}: ${message}${hint}`, {
    details: {
      argument,
      id,
      ...(named.length > 0 ? { suggestions: named.map((e) => e.id) } : {}),
    },
  });
}

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
  const [problem] = entityProblems(entity);
  if (problem) throw refused(problem.path, problem.message, prefix);
  return entity;
}

@Resolver(() => HistoryEntryType)
export class EditingResolver {
  @Mutation(() => EntityType, {
    description: 'Creates an entity (editor role). An existing id is a CONFLICT.',
  })
  async createEntity(
    @Arg('input', () => NewEntityInput, { description: 'The entity.', validate: true })
    input: NewEntityInput,
    @Ctx() ctx: RequestContext,
  ): Promise<EntityRecord> {
    requireRole(ctx.principal, 'editor', ctx.authEnabled, 'Editing');
    const { organisationType, agreementType, projectType, eventType, projectStatus, ...rest } =
      input;
    const types: Partial<Record<EntityKind, string | null | undefined>> = {
      [EntityKind.ORGANISATION]: organisationType,
      [EntityKind.AGREEMENT]: agreementType,
      [EntityKind.PROJECT]: projectType,
      [EntityKind.EVENT]: eventType,
    };
    const entity = validEntity(
      given({
        ...rest,
        type: types[input.kind],
        status: input.kind === EntityKind.PROJECT ? projectStatus : rest.status,
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
    requireRole(ctx.principal, 'editor', ctx.authEnabled, 'Editing');
    const current = await requireEntity(ctx, id, 'id');
    const { projectStatus, ...rest } = changes;
    const merged = validEntity(
      {
        ...asDatasetEntity(current),
        ...given({ ...rest, status: projectStatus ?? rest.status }),
      },
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
    requireRole(ctx.principal, 'editor', ctx.authEnabled, 'Editing');
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

    // The rule book's checks in its order, as a dataset load makes them; the entities they
    // name are looked up in one round trip.
    const rules = statementRules({
      kind: input.kind,
      subject: input.from,
      object: input.to,
      qualifiers,
    });
    const targets = await Promise.all(
      rules.map((rule) => (isReference(rule) ? ctx.loaders.entity.load(rule.id) : undefined)),
    );
    for (const [i, rule] of rules.entries()) {
      if (!isReference(rule)) throw refused(rule.path, rule.message, 'input');
      const target = targets[i];
      const message = rule.check(
        target && { kind: target.kind, category: target.category, type: target.type },
      );
      if (message && target) throw refused(rule.path, message, 'input');
      if (message) throw await dangling(ctx, rule.id, argumentOf(rule.path, 'input'), message);
    }
    const evidence = [];
    for (const [i, record] of input.evidence.entries()) {
      const source = await ctx.loaders.source.load(record.source);
      if (!source)
        throw refused(
          ['evidence', i, 'source'],
          `no source has the id "${shownId(record.source)}"`,
          'input',
          ErrorCode.NOT_FOUND,
        );
      const wrongSection = sectionProblem(record.section, source);
      if (wrongSection) throw refused(['evidence', i, 'section'], wrongSection, 'input');
      const section = source.sections.find((s) => s.id === record.section);
      evidence.push({
        source: source.id,
        section: record.section,
        heading: section?.heading ?? null,
        quote: record.quote,
      });
    }

    const id = `editorial:${randomUUID()}`;
    await ctx.editor.addStatement(
      {
        id,
        kind: input.kind,
        subject: input.from,
        object: input.to,
        modality,
        qualifiers,
        evidence,
      },
      ctx.principal?.subject ?? 'unknown',
    );
    const statement = await ctx.statements.byId(id);
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
    requireRole(ctx.principal, 'editor', ctx.authEnabled, 'Editing');
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
