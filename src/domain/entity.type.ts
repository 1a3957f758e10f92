import { Field, ID, Int, InterfaceType, ObjectType, registerEnumType } from 'type-graphql';
import { ENTITY_KIND_SPECS, EntityKind } from '../ontology/entities';
import {
  AgreementStatusEnum,
  AgreementTypeEnum,
  EventTypeEnum,
  IssueCategoryEnum,
  OrganisationTypeEnum,
  ProjectStatusEnum,
  ProjectTypeEnum,
} from './enums';

registerEnumType(EntityKind, {
  name: 'EntityKind',
  description: 'The kind of an entity.',
  valuesConfig: Object.fromEntries(
    Object.entries(EntityKind).map(([key, kind]) => [
      key,
      { description: ENTITY_KIND_SPECS[kind].description },
    ]),
  ),
});

/** The GraphQL type of an entity value: its kind is the type's name. */
export const resolveEntityType = (value: { kind: EntityKind }): string => value.kind;

/** Fields every entity has, whatever its kind. */
@InterfaceType('Entity', {
  description:
    'Anything relations connect: a country, organisation, agreement, issue, project or event.',
  resolveType: resolveEntityType,
})
export abstract class EntityType {
  @Field(() => ID, {
    description: 'Stable id: ISO 3166-1 alpha-3 for countries, a slug otherwise.',
  })
  id!: string;

  @Field(() => EntityKind, { description: 'What kind of entity this is.' })
  kind!: EntityKind;

  @Field({ description: 'The common English name.' })
  name!: string;

  @Field(() => [String], { description: 'Other names and abbreviations it is known by.' })
  aliases!: string[];

  @Field(() => String, { nullable: true, description: 'A one-line description.' })
  description!: string | null;

  @Field(() => String, { nullable: true, description: 'The Wikidata item id (Q...), when known.' })
  wikidataId!: string | null;

  @Field(() => Int, {
    description:
      'Bumped by every edit; pass it as expectedVersion to updateEntity to avoid lost updates.',
  })
  version!: number;
}

@ObjectType('Country', {
  simpleResolvers: true,
  implements: EntityType,
  description: 'A sovereign state.',
})
export class CountryType extends EntityType {
  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2 code.' })
  iso2!: string | null;

  @Field(() => String, { description: 'ISO 3166-1 alpha-3 code (the same as the id).' })
  iso3!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The official name (Kingdom of Cambodia), when known.',
  })
  officialName!: string | null;

  @Field(() => [String], { description: 'What its people are called (Cambodian).' })
  demonyms!: string[];
}

@ObjectType('Organisation', {
  simpleResolvers: true,
  implements: EntityType,
  description: 'An intergovernmental or supranational body, agency, NGO, company or grouping.',
})
export class OrganisationType extends EntityType {
  @Field(() => String, { nullable: true, description: 'The usual abbreviation (ASEAN, EU).' })
  acronym!: string | null;

  @Field(() => OrganisationTypeEnum, {
    name: 'organisationType',
    // Named apart from its property, so not resolved by graphql's default resolver.
    simple: false,
    nullable: true,
    description: 'What sort of body it is.',
  })
  type!: string | null;
}

@ObjectType('Agreement', {
  simpleResolvers: true,
  implements: EntityType,
  description: 'A treaty, trade arrangement, partnership or initiative.',
})
export class AgreementType extends EntityType {
  @Field(() => String, { nullable: true, description: 'The usual abbreviation (EBA, BRI).' })
  acronym!: string | null;

  @Field(() => AgreementTypeEnum, {
    name: 'agreementType',
    // Named apart from its property, so not resolved by graphql's default resolver.
    simple: false,
    nullable: true,
    description: 'What sort of instrument it is.',
  })
  type!: string | null;

  @Field(() => AgreementStatusEnum, {
    nullable: true,
    description: 'Its state as a whole, when a source gives it.',
  })
  status!: string | null;
}

@ObjectType('Issue', {
  simpleResolvers: true,
  implements: EntityType,
  description: 'A subject of policy: a sector, a cause, a dispute or a principle.',
})
export class IssueType extends EntityType {
  @Field(() => IssueCategoryEnum, { nullable: true, description: 'The policy area.' })
  category!: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'OECD DAC purpose code (demining: 15250), when one applies.',
  })
  dacCode!: number | null;
}

@ObjectType('Project', {
  simpleResolvers: true,
  implements: EntityType,
  description: ENTITY_KIND_SPECS[EntityKind.PROJECT].description,
})
export class ProjectType extends EntityType {
  @Field(() => ProjectTypeEnum, {
    name: 'projectType',
    // Named apart from its property, so not resolved by graphql's default resolver.
    simple: false,
    nullable: true,
    description: 'What it builds.',
  })
  type!: string | null;

  @Field(() => ProjectStatusEnum, {
    name: 'projectStatus',
    simple: false,
    nullable: true,
    description: 'Its state, when a source gives it.',
  })
  status!: string | null;

  @Field(() => Int, { nullable: true, description: 'The year it started (Wikidata P580).' })
  startYear!: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'The year it ended or was completed (P582); null while it goes on.',
  })
  endYear!: number | null;
}

@ObjectType('Event', {
  simpleResolvers: true,
  implements: EntityType,
  description: ENTITY_KIND_SPECS[EntityKind.EVENT].description,
})
export class EventType extends EntityType {
  @Field(() => EventTypeEnum, {
    name: 'eventType',
    simple: false,
    nullable: true,
    description: 'What sort of occurrence it is.',
  })
  type!: string | null;

  @Field(() => Int, { nullable: true, description: 'The year it started (Wikidata P580).' })
  startYear!: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'The year it ended or was completed (P582); null while it goes on.',
  })
  endYear!: number | null;
}
