import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { EntityKind } from '../ontology/entities';
import { RelationKind } from '../ontology/relations';
import { AgreementStatusEnum, ModalityEnum, SearchMatchEnum, TimelineEvent } from './enums';
import { EntityType } from './entity.type';
import { RelationType } from './relation.type';

@ObjectType('Path', {
  simpleResolvers: true,
  description: 'A chain of relations from one entity to another.',
})
export class PathType {
  @Field(() => Int, { description: 'Number of relations in the path.' })
  length!: number;

  @Field(() => [EntityType], { description: 'The entities along the path, from start to end.' })
  entities!: EntityType[];

  @Field(() => [RelationType], {
    description: 'The relations along the path, in order; each may point either way.',
  })
  relations!: RelationType[];
}

@ObjectType('GraphNode', {
  simpleResolvers: true,
  description: 'A node of a subgraph, shaped for graph-drawing libraries.',
})
export class GraphNodeType {
  @Field(() => ID, { description: 'The entity id.' })
  id!: string;

  @Field({ description: 'A label to draw: the entity name.' })
  label!: string;

  @Field(() => EntityKind, { description: 'The entity kind, to colour by.' })
  kind!: EntityKind;

  @Field(() => Int, { description: 'Hops from the centre (0 for the centre).' })
  depth!: number;

  @Field(() => EntityType, { description: 'The entity itself.' })
  entity!: EntityType;
}

@ObjectType('GraphEdge', {
  simpleResolvers: true,
  description: 'An edge of a subgraph: one relation, from source to target.',
})
export class GraphEdgeType {
  @Field(() => ID, { description: 'The relation id.' })
  id!: string;

  @Field(() => ID, { description: 'Id of the node the edge leaves (the subject).' })
  source!: string;

  @Field(() => ID, { description: 'Id of the node the edge enters (the object).' })
  target!: string;

  @Field(() => RelationKind, { description: 'The relation kind, to label or style by.' })
  kind!: RelationKind;

  @Field({ description: 'A label to draw.' })
  label!: string;

  @Field(() => ModalityEnum, {
    description: 'FACT, or INTENTION / EXPECTATION: a drawing may dash the forward-looking ones.',
  })
  modality!: string;

  @Field(() => Boolean, {
    description: 'Whether the kind reads the same both ways: draw it without an arrow.',
  })
  symmetric!: boolean;

  @Field(() => RelationType, { description: 'The relation itself, with qualifiers and evidence.' })
  relation!: RelationType;
}

@ObjectType('Subgraph', {
  simpleResolvers: true,
  description: 'Nodes and edges around an entity, for front ends that draw graphs.',
})
export class SubgraphType {
  @Field(() => [GraphNodeType], { description: 'The nodes; the centre first.' })
  nodes!: GraphNodeType[];

  @Field(() => [GraphEdgeType], { description: 'The edges between them.' })
  edges!: GraphEdgeType[];

  @Field({ description: 'Whether the node or edge cap cut the neighbourhood short.' })
  truncated!: boolean;
}

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
