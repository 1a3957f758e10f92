import 'reflect-metadata';
import { GraphQLSchema, getIntrospectionQuery, parse } from 'graphql';
import { AppError } from '../../src/errors';
import {
  aliasCount,
  enforceLimits,
  operationCost,
  operationDepth,
  selectOperation,
} from '../../src/server/limits';
import { buildAppSchema } from '../../src/server/schema';

function depth(document: string, name?: string): number {
  const parsed = parse(document);
  return operationDepth(parsed, selectOperation(parsed, name)!);
}

function aliases(document: string): number {
  const parsed = parse(document);
  return aliasCount(parsed, selectOperation(parsed)!);
}

describe('operation depth', () => {
  it('counts field nesting', () => {
    expect(depth('{ a }')).toBe(1);
    expect(depth('{ a { b { c } } d }')).toBe(3);
  });

  it('counts through named and inline fragments, in the operation asked for', () => {
    const document = `
      query Shallow { a }
      query Deep { a { ...F } }
      fragment F on T { b { ... on U { c { d } } } }`;
    expect(depth(document, 'Shallow')).toBe(1);
    expect(depth(document, 'Deep')).toBe(4);
  });

  it("lets every tool's schema query through: ofType chains add no depth", () => {
    expect(depth(getIntrospectionQuery())).toBeLessThanOrEqual(6);
  });

  it('refuses an ofType chain longer than ten', () => {
    const chain = `{ __type(name: "X") { ${'ofType { '.repeat(11)}name${' }'.repeat(11)} } }`;
    expect(depth(chain)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('alias count', () => {
  it('counts aliases, also inside fragments each time they are used', () => {
    expect(aliases('{ a b: a c: a }')).toBe(2);
    expect(aliases('{ x: a { ...F } y: a { ...F } } fragment F on T { p: b q: b }')).toBe(6);
    expect(aliases('{ a { ... on T { p: b } } }')).toBe(1);
  });
});

describe('cost and limits against the real schema', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await buildAppSchema();
  });

  it('multiplies children by the page size above them', () => {
    const small = operationCost(
      schema,
      parse('{ countries(first: 2) { nodes { id } } }'),
      undefined,
      {},
    );
    const large = operationCost(
      schema,
      parse('{ countries(first: 20) { nodes { id } } }'),
      undefined,
      {},
    );
    expect(small).toBe(1 + 2 * (1 + 1));
    expect(large).toBe(1 + 20 * (1 + 1));
  });

  it('uses variables and argument defaults', () => {
    const document = parse('query ($n: Int!) { countries(first: $n) { nodes { id } } }');
    expect(operationCost(schema, document, undefined, { n: 5 })).toBe(11);
    expect(operationCost(schema, parse('{ countries { nodes { id } } }'), undefined, {})).toBe(41);
  });

  it.each([
    [
      'depth',
      '{ countries { nodes { relations { nodes { to { id } } } } } }',
      { depth: 5, aliases: 10, cost: 100_000 },
    ],
    [
      'aliases',
      '{ a: countries { totalCount } b: countries { totalCount } }',
      { depth: 10, aliases: 1, cost: 100_000 },
    ],
    [
      'cost',
      '{ countries(first: 100) { nodes { id name } } }',
      { depth: 10, aliases: 10, cost: 300 },
    ],
  ])('refuses an operation over the %s limit with QUERY_TOO_COMPLEX', (limit, document, limits) => {
    try {
      enforceLimits(schema, parse(document), undefined, {}, limits);
      throw new Error('expected a refusal');
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit });
    }
  });
});
