import { Field, Float, ObjectType } from 'type-graphql';
import { SearchMatchEnum } from './enums';
import { EntityType } from './entity.type';

@ObjectType('SearchHit', {
  simpleResolvers: true,
  description: 'An entity found by full-text search.',
})
export class SearchHitType {
  @Field(() => EntityType, { description: 'The entity found.' })
  entity!: EntityType;

  @Field(() => SearchMatchEnum, {
    description: 'How it matches; hits are ordered by this first, then by score.',
  })
  match!: string;

  @Field(() => Float, {
    description:
      'Full-text relevance (higher is better), which orders hits of the same match; 0 for an exact name the index did not rank.',
  })
  score!: number;
}
