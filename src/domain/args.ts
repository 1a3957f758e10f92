import { Arg, ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { EntityKind } from '../ontology/entities';
import { DEFAULT_MODALITIES, Direction, Modality, RelationKind } from '../ontology/relations';
import {
  AgreementTypeEnum,
  DirectionEnum,
  EntitySortField,
  EventTypeEnum,
  IssueCategoryEnum,
  ProjectTypeEnum,
  ModalityEnum,
  OrganisationTypeEnum,
  SortDirection,
} from './enums';

/** How every `modalities` argument and filter field reads, and what it defaults to. */
const MODALITIES_FIELD = {
  defaultValue: [...DEFAULT_MODALITIES],
  description:
    'Only relations stated with these modalities. Facts only by default; add INTENTION (aims of the subject) or EXPECTATION (forecasts) to see those too.',
};

/**
 * The `sources` argument of a question: only what these sources state (their dataset source
 * ids, or `editorial` for what editors added); every source when absent.
 */
export function SourcesArg(): ReturnType<typeof Arg> {
  return Arg('sources', () => [ID], {
    nullable: true,
    description:
      'Only what these sources state: their ids (see `sources`), or `editorial` for relations editors added. Every source when absent; an unknown id is NOT_FOUND.',
  });
}

/** The `modalities` argument of a question: facts by default (see MODALITIES_FIELD). */
export function ModalitiesArg(): ReturnType<typeof Arg> {
  return Arg('modalities', () => [ModalityEnum], MODALITIES_FIELD);
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, {
    defaultValue: 20,
    description: 'How many items to return (at most the maximum page size, 100 by default).',
  })
  first!: number;

  @Field(() => String, {
    nullable: true,
    description: 'Return the items after this cursor (a `pageInfo.endCursor`).',
  })
  after?: string | null;
}

@InputType('EntityFilter', { description: 'Narrows an entity list; every field given must hold.' })
export class EntityFilterInput {
  @Field(() => String, {
    nullable: true,
    description: 'Part of a name or alias, ignoring case and accents.',
  })
  nameContains?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only members of this organisation.' })
  memberOf?: string | null;

  @Field(() => OrganisationTypeEnum, { nullable: true, description: 'Organisations of this type.' })
  organisationType?: string | null;

  @Field(() => AgreementTypeEnum, { nullable: true, description: 'Agreements of this type.' })
  agreementType?: string | null;

  @Field(() => IssueCategoryEnum, { nullable: true, description: 'Issues of this category.' })
  category?: string | null;

  @Field(() => ProjectTypeEnum, { nullable: true, description: 'Projects of this type.' })
  projectType?: string | null;

  @Field(() => EventTypeEnum, { nullable: true, description: 'Events of this type.' })
  eventType?: string | null;
}

@InputType('EntityOrder', { description: 'How an entity list is sorted.' })
export class EntityOrderInput {
  @Field(() => EntitySortField, {
    defaultValue: EntitySortField.NAME,
    description: 'What to sort by.',
  })
  field!: EntitySortField;

  @Field(() => SortDirection, { defaultValue: SortDirection.ASC, description: 'Which way.' })
  direction!: SortDirection;
}

@ArgsType()
export class EntityListArgs extends PageArgs {
  @Field(() => EntityFilterInput, { nullable: true, description: 'What to keep.' })
  filter?: EntityFilterInput | null;

  @Field(() => EntityOrderInput, {
    nullable: true,
    description: 'How to sort (by name by default).',
  })
  orderBy?: EntityOrderInput | null;
}

@ArgsType()
export class EntityRelationsArgs extends PageArgs {
  @Field(() => [RelationKind], { nullable: true, description: 'Only relations of these kinds.' })
  kinds?: RelationKind[] | null;

  @Field(() => DirectionEnum, {
    defaultValue: DirectionEnum.BOTH,
    description: 'Which way to follow relations.',
  })
  direction!: Direction;

  @Field(() => [ModalityEnum], MODALITIES_FIELD)
  modalities!: Modality[];
}

@InputType('RelationFilter', {
  description: 'Narrows a list of relations; every field given must hold.',
})
export class RelationFilterInput {
  @Field(() => [RelationKind], { nullable: true, description: 'Only these kinds.' })
  kinds?: RelationKind[] | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'The subject. A symmetric kind (PARTNER_OF, ...) matches with this entity at either end, and is given with it as `from`.',
  })
  from?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'The object. A symmetric kind matches with this entity at either end, and is given with it as `to`.',
  })
  to?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Either end, or the `in` or `regarding` qualifier.',
  })
  involving?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The `in` qualifier: the country where it happens.',
  })
  in?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The `via` qualifier: the agreement or body it flows through.',
  })
  via?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The `regarding` qualifier: whom a concern is about.',
  })
  regarding?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Dated that year: its `year`, `since` or `until`.',
  })
  year?: number | null;

  @Field(() => ID, { nullable: true, description: 'Only relations this source states.' })
  source?: string | null;

  @Field(() => [ID], {
    nullable: true,
    description:
      'Only relations these sources state (their ids, or `editorial` for relations editors added); every source when absent.',
  })
  sources?: string[] | null;

  @Field(() => [ModalityEnum], MODALITIES_FIELD)
  modalities!: Modality[];
}

@ArgsType()
export class KindsArgs {
  @Field(() => [EntityKind], {
    nullable: true,
    description: 'Only entities of these kinds (all by default).',
  })
  kinds?: EntityKind[] | null;
}
