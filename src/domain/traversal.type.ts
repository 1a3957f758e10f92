import { Field, ID, Int, ObjectType } from 'type-graphql';
import { EntityKind } from '../ontology/entities';
import { RelationKind } from '../ontology/relations';
import { ModalityEnum } from './enums';
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
