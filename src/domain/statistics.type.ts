import { Field, Int, ObjectType } from 'type-graphql';
import { EntityKind } from '../ontology/entities';
import { RelationKind } from '../ontology/relations';
import { EntityType } from './entity.type';

@ObjectType('KindCount', {
  simpleResolvers: true,
  description: 'How many entities of a kind the graph holds.',
})
export class KindCountType {
  @Field(() => EntityKind, { description: 'The entity kind.' })
  kind!: EntityKind;

  @Field(() => Int, { description: 'How many.' })
  count!: number;
}

@ObjectType('RelationKindCount', {
  simpleResolvers: true,
  description: 'How many relations of a kind the graph holds.',
})
export class RelationKindCountType {
  @Field(() => RelationKind, { description: 'The relation kind.' })
  kind!: RelationKind;

  @Field(() => Int, { description: 'How many.' })
  count!: number;
}

@ObjectType('EntityDegree', {
  simpleResolvers: true,
  description: 'An entity and its number of relations.',
})
export class EntityDegreeType {
  @Field(() => EntityType, { description: 'The entity.' })
  entity!: EntityType;

  @Field(() => Int, { description: 'Its number of relations, either way.' })
  degree!: number;
}

@ObjectType('Statistics', {
  simpleResolvers: true,
  description: 'Counts over the whole graph.',
})
export class StatisticsType {
  @Field(() => [KindCountType], { description: 'Entities per kind.' })
  entities!: KindCountType[];

  @Field(() => [RelationKindCountType], { description: 'Relations per kind (only kinds present).' })
  relations!: RelationKindCountType[];
}
