import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
} from 'graphql';
import { PROJECT_ROOT } from '../../src/config';
import { datasetJsonSchema } from '../../src/ingest/dataset-format';
import { withGeneratedPart } from '../../src/ontology/document';
import { buildAppSchema, printAppSchema } from '../../src/server/schema';

describe('GraphQL schema', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await buildAppSchema();
  });

  it('matches the committed schema/schema.graphql (run `npm run schema` after changing types)', () => {
    const committed = readFileSync(path.join(PROJECT_ROOT, 'schema', 'schema.graphql'), 'utf8');
    expect(printAppSchema(schema)).toBe(committed);
  });

  it('describes every type, field, argument and enum value of ours', () => {
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (
        type.name.startsWith('__') ||
        ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name)
      )
        continue;
      if (type.name !== 'Query' && type.name !== 'Mutation' && !type.description)
        missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          if ('args' in field) {
            for (const arg of field.args)
              if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
          }
        }
      }
      if (isEnumType(type)) {
        for (const value of type.getValues())
          if (!value.description) missing.push(`${type.name}.${value.name}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('generated documents', () => {
  it('schema/dataset.schema.json is the JSON Schema the validator generates (run `npm run schema`)', () => {
    const committed = readFileSync(
      path.join(PROJECT_ROOT, 'schema', 'dataset.schema.json'),
      'utf8',
    );
    expect(JSON.parse(committed)).toEqual(datasetJsonSchema());
  });

  it('the tables of docs/ontology.md are those the ontology generates (run `npm run schema`)', () => {
    const committed = readFileSync(path.join(PROJECT_ROOT, 'docs', 'ontology.md'), 'utf8');
    expect(withGeneratedPart(committed)).toBe(committed);
  });

  it('the JSON Schema offers every relation kind with its own qualifiers to editors', () => {
    const schema = datasetJsonSchema() as {
      properties: { statements: { items: { oneOf: unknown[] } } };
    };
    const kinds = schema.properties.statements.items.oneOf as Array<{
      properties: { kind: { const: string }; qualifiers: { properties: Record<string, unknown> } };
    }>;
    const funds = kinds.find((k) => k.properties.kind.const === 'FUNDS');
    expect(Object.keys(funds?.properties.qualifiers.properties ?? {})).toEqual([
      'in',
      'via',
      'since',
      'until',
      'year',
    ]);
    expect(kinds).toHaveLength(16);
  });
});
