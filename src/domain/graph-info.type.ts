import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType('AppliedMigration', {
  simpleResolvers: true,
  description: 'A schema migration recorded in the graph.',
})
export class AppliedMigrationType {
  @Field(() => Int, { description: 'The version, from the V<version>__ file name prefix.' })
  version!: number;

  @Field({ description: 'The name, from the file name.' })
  name!: string;

  @Field({ description: 'SHA-256 of the statements, to detect a changed migration.' })
  checksum!: string;

  @Field(() => DateTimeISOResolver, { description: 'When it was applied.' })
  appliedAt!: Date;
}

@ObjectType('GraphInfo', {
  simpleResolvers: true,
  description: 'What the API is connected to and the state of the graph.',
})
export class GraphInfoType {
  @Field({ description: 'The Neo4j server version.' })
  neo4jVersion!: string;

  @Field({ description: 'The Neo4j edition (community or enterprise).' })
  edition!: string;

  @Field({ description: 'The database the API reads.' })
  database!: string;

  @Field(() => Int, { description: 'Number of nodes in the database.' })
  nodeCount!: number;

  @Field(() => Int, { description: 'Number of relationships in the database.' })
  relationshipCount!: number;

  @Field(() => [AppliedMigrationType], { description: 'Schema migrations applied, in order.' })
  migrations!: AppliedMigrationType[];

  @Field(() => Int, {
    description:
      "The graph's version: it increases by one with every committed load, unload, edit and migration. Every response says the version its server knew in the `x-graph-version` header; send it back as `x-graph-min-version` to read your own writes on any server.",
  })
  version!: number;

  @Field({
    description:
      'Made anew with every database: versions of two databases (a reload from scratch) do not compare.',
  })
  graphId!: string;

  @Field(() => DateTimeISOResolver, { description: 'When the version last moved.' })
  versionChangedAt!: Date;
}
