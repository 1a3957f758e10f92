import 'reflect-metadata';
import { GraphQLSchema, isInterfaceType, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import {
  AgreementType,
  CountryType,
  EventType,
  IssueType,
  OrganisationType,
  ProjectType,
  resolveEntityType,
} from '../domain/entity.type';
import { EditingResolver } from '../resolvers/editing.resolver';
import { FundingResolver } from '../resolvers/funding.resolver';
import { AgreementResolver, EntityResolver } from '../resolvers/entity.resolver';
import { GraphInfoResolver } from '../resolvers/graph-info.resolver';
import { SearchResolver } from '../resolvers/search.resolver';
import { SourceResolver } from '../resolvers/sources.resolver';
import { StatisticsResolver } from '../resolvers/statistics.resolver';
import { TimelineResolver } from '../resolvers/timeline.resolver';
import { TraversalResolver } from '../resolvers/traversal.resolver';
import {
  EvidenceResolver,
  QualifiersResolver,
  RelationResolver,
} from '../resolvers/relation.resolver';

/** Builds the executable schema from the decorated resolvers and types. */
export async function buildAppSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: [
      EntityResolver,
      AgreementResolver,
      RelationResolver,
      QualifiersResolver,
      EvidenceResolver,
      FundingResolver,
      TimelineResolver,
      SearchResolver,
      TraversalResolver,
      StatisticsResolver,
      SourceResolver,
      GraphInfoResolver,
      EditingResolver,
    ],
    // Types reached only through the Entity interface must be named here.
    orphanedTypes: [
      CountryType,
      OrganisationType,
      AgreementType,
      IssueType,
      ProjectType,
      EventType,
    ],
    // class-validator runs only where an argument asks for it (the editor's inputs): run on
    // every argument object, it cost a promise and a metadata walk per entity per field.
    validate: false,
  });
  // type-graphql wraps a resolveType in an async function: a promise for every entity of an
  // answer, and one graphql-jit cannot wait for. Ours reads the kind, which is the type name.
  const entity = schema.getType('Entity');
  if (!isInterfaceType(entity)) throw new Error('the schema has no Entity interface');
  entity.resolveType = resolveEntityType;
  return schema;
}

/** The SDL as committed to schema/schema.graphql: sorted, so diffs show real changes only. */
export function printAppSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
