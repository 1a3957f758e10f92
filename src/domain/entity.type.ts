import { Field, ID, InterfaceType, ObjectType, registerEnumType } from 'type-graphql';
import { EntityKind } from '../ontology/entities';

registerEnumType(EntityKind, {
  name: 'EntityKind',
  description: 'The kind of an entity.',
  valuesConfig: {
    COUNTRY: { description: 'A sovereign state, identified by its ISO 3166-1 alpha-3 code.' },
    ORGANISATION: {
      description: 'An intergovernmental or supranational body, agency, NGO or company.',
    },
    AGREEMENT: { description: 'A treaty, trade preference, partnership or initiative.' },
    ISSUE: {
      description: 'A subject of policy: demining, human rights, a territorial dispute, ...',
    },
  },
});

/** Fields every entity has, whatever its kind. */
@InterfaceType('Entity', {
  description: 'Anything relations connect: a country, organisation, agreement or issue.',
  resolveType: (value: { kind: EntityKind }) => value.kind,
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
}

@ObjectType('Country', { implements: EntityType, description: 'A sovereign state.' })
export class CountryType extends EntityType {}

@ObjectType('Organisation', {
  implements: EntityType,
  description: 'An intergovernmental or supranational body, agency, NGO or company.',
})
export class OrganisationType extends EntityType {}

@ObjectType('Agreement', {
  implements: EntityType,
  description: 'A treaty, trade preference, partnership or initiative.',
})
export class AgreementType extends EntityType {}

@ObjectType('Issue', { implements: EntityType, description: 'A subject of policy.' })
export class IssueType extends EntityType {}
