import { Field, Int, ObjectType } from 'type-graphql';
import { AgreementStatusEnum } from './enums';
import { EntityType } from './entity.type';
import { RelationType } from './relation.type';

@ObjectType('AgreementStatusChange', {
  simpleResolvers: true,
  description: 'A dated change in the state of an agreement or of a party in it.',
})
export class AgreementStatusChangeType {
  @Field(() => Int, { description: 'The year of the change.' })
  year!: number;

  @Field(() => AgreementStatusEnum, { description: 'The state from then on.' })
  status!: string;

  @Field(() => EntityType, {
    nullable: true,
    description: 'The party whose state changed, if not the whole agreement.',
  })
  party!: EntityType | null;

  @Field(() => EntityType, {
    nullable: true,
    description:
      'Who made the change: the suspending body, the party that joined; null when the source does not say.',
  })
  by!: EntityType | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether the change is meant to be temporary.',
  })
  temporary!: boolean | null;

  @Field(() => RelationType, { description: 'The relation that records it.' })
  relation!: RelationType;
}
