import { Field, Int, ObjectType } from 'type-graphql';
import { TimelineEvent } from './enums';
import { RelationType } from './relation.type';

@ObjectType('TimelineEntry', {
  simpleResolvers: true,
  description: 'A dated relation on a timeline.',
})
export class TimelineEntryType {
  @Field(() => Int, { description: 'The year.' })
  year!: number;

  @Field(() => TimelineEvent, {
    description: 'Whether the relation began, happened or ended that year.',
  })
  event!: TimelineEvent;

  @Field(() => RelationType, { description: 'The relation.' })
  relation!: RelationType;
}

@ObjectType('TimelineYear', {
  simpleResolvers: true,
  description: 'One year of a timeline.',
})
export class TimelineYearType {
  @Field(() => Int, { description: 'The year.' })
  year!: number;

  @Field(() => [TimelineEntryType], { description: 'What is dated that year.' })
  entries!: TimelineEntryType[];
}
