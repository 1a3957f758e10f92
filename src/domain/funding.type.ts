import { Field, ObjectType } from 'type-graphql';
import { EntityType } from './entity.type';
import { RelationType } from './relation.type';

@ObjectType('Donor', {
  simpleResolvers: true,
  description: 'An entity that funds a country, with the relations that say so.',
})
export class DonorType {
  @Field(() => EntityType, { description: 'The donor.' })
  donor!: EntityType;

  @Field(() => [RelationType], {
    description: 'Its FUNDS relations to the country or to issues in it.',
  })
  relations!: RelationType[];
}
