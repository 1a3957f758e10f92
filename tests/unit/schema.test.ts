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
import { RELATION_KINDS } from '../../src/ontology/relations';
import { datasetJsonSchema } from '../../src/ontology/dataset-format';
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

  it('names each page of a list in a proper plural', () => {
    const pages = Object.values(schema.getTypeMap())
      .filter((type) => type.name.endsWith('Connection'))
      .map((type) => type.description);
    expect(pages.sort()).toEqual([
      'A page of agreements.',
      'A page of countries.',
      'A page of events.',
      'A page of issues.',
      'A page of organisations.',
      'A page of projects.',
      'A page of relations.',
    ]);
  });

  it('defaults every modalities argument and filter field to facts', () => {
    const modalities: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__')) continue;
      if (isInputObjectType(type)) {
        const field = type.getFields().modalities;
        if (field)
          modalities.push(`${type.name}.modalities = ${JSON.stringify(field.defaultValue)}`);
      }
      if (isObjectType(type) || isInterfaceType(type))
        for (const field of Object.values(type.getFields()))
          for (const arg of field.args)
            if (arg.name === 'modalities')
              modalities.push(
                `${type.name}.${field.name}(modalities = ${JSON.stringify(arg.defaultValue)})`,
              );
    }
    expect(modalities.length).toBeGreaterThanOrEqual(12);
    for (const line of modalities) expect(line).toMatch(/= \["fact"\]\)?$/);
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
      'amount',
      'currency',
    ]);
    expect(kinds.map((k) => k.properties.kind.const)).toEqual(RELATION_KINDS);
  });
});
