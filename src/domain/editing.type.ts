import { GraphQLJSON, GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { RelationKind } from '../ontology/relations';
import { ModalityEnum } from './enums';
import { EntityType } from './entity.type';

@ObjectType('HistoryEntry', {
  simpleResolvers: true,
  description: 'A relation as first stated, and its retraction if it was retracted.',
})
export class HistoryEntryType {
  @Field(() => ID, { description: 'The relation id.' })
  id!: string;

  @Field(() => RelationKind, { description: 'Its kind.' })
  kind!: RelationKind;

  @Field(() => EntityType, { nullable: true, description: 'The subject (null if since deleted).' })
  from!: EntityType | null;

  @Field(() => EntityType, { nullable: true, description: 'The object (null if since deleted).' })
  to!: EntityType | null;

  @Field(() => ModalityEnum, { description: 'How firmly it was stated.' })
  modality!: string;

  @Field(() => GraphQLJSONObject, { description: 'Its qualifiers, as they were.' })
  qualifiers!: Record<string, unknown>;

  @Field({
    description: 'The source whose dataset stated it, or "editorial" for an edit through the API.',
  })
  origin!: string;

  @Field(() => String, { nullable: true, description: 'When it was stated or loaded (ISO 8601).' })
  createdAt!: string | null;

  @Field(() => String, { nullable: true, description: 'Who added it through the API.' })
  createdBy!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'When it was retracted; null while current.',
  })
  retractedAt!: string | null;

  @Field(() => String, { nullable: true, description: 'Who retracted it.' })
  retractedBy!: string | null;

  @Field(() => String, { nullable: true, description: 'Why it was retracted.' })
  retractionReason!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'When a load last found its dataset still stating what an editor retracted: the two disagree, and the retraction stands (ISO 8601).',
  })
  restatedAt!: string | null;
}

@ObjectType('FieldChange', {
  simpleResolvers: true,
  description: 'One field of an entity, before and after a change.',
})
export class FieldChangeType {
  @Field({ description: 'The field (name, aliases, description, ...).' })
  field!: string;

  @Field(() => GraphQLJSON, { nullable: true, description: 'Its value before; null if absent.' })
  from!: unknown;

  @Field(() => GraphQLJSON, { nullable: true, description: 'Its value after; null if absent.' })
  to!: unknown;
}

@ObjectType('EntityChange', {
  simpleResolvers: true,
  description:
    "A change of an entity's properties: by an editor, or by a load of a dataset that describes it.",
})
export class EntityChangeType {
  @Field(() => Int, { description: 'The version the entity reached with it.' })
  version!: number;

  @Field({ description: 'When (ISO 8601).' })
  at!: string;

  @Field(() => String, { nullable: true, description: 'The editor; null for a load.' })
  by!: string | null;

  @Field({ description: '"editorial", or the source whose load made the change.' })
  origin!: string;

  @Field(() => [FieldChangeType], { description: 'What changed.' })
  fields!: FieldChangeType[];

  @Field(() => [FieldChangeType], {
    description:
      'Where the dataset says otherwise than an editor did: `from` is the editor’s value, which stays; `to` is the dataset’s, which was not applied.',
  })
  kept!: FieldChangeType[];
}
