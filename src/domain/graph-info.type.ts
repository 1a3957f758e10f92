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
}
