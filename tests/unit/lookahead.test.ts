import 'reflect-metadata';
import {
  FieldNode,
  FragmentDefinitionNode,
  GraphQLObjectType,
  GraphQLSchema,
  Kind,
  OperationDefinitionNode,
  parse,
} from 'graphql';
import { relationsTail } from '../../src/graph/relations-tree';
import { EntityKind } from '../../src/ontology/entities';
import { connectionItemPlans } from '../../src/resolvers/lookahead';
import { buildAppSchema } from '../../src/server/schema';

let schema: GraphQLSchema;

beforeAll(async () => {
  schema = await buildAppSchema();
});

/** The plans the look-ahead makes for the `countries` list of a document. */
function plansOf(document: string, variables: Record<string, unknown> = {}) {
  const ast = parse(document);
  const operation = ast.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  ) as OperationDefinitionNode;
  const fragments = Object.fromEntries(
    ast.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  const field = operation.selectionSet.selections[0] as FieldNode;
  return connectionItemPlans(
    { schema, fragments, variableValues: variables },
    schema.getType('CountryConnection') as GraphQLObjectType,
    [field],
    EntityKind.COUNTRY,
    100,
  );
}

describe('the look-ahead over a selection', () => {
  it('finds nested relations through inline fragments, with their kinds and projections', () => {
    const [plan, ...others] = plansOf(`{
      countries(first: 5) {
        nodes {
          relations(kinds: [MEMBER_OF], direction: OUTGOING, first: 10) {
            nodes { to { id ... on Organisation { relations(direction: INCOMING, first: 3) { totalCount nodes { from { name } evidence { quote } } } } } }
          }
        }
      }
    }`);
    expect(others).toEqual([]);
    expect(plan?.options).toMatchObject({
      kinds: ['MEMBER_OF'],
      direction: 'OUTGOING',
      offset: 0,
      limit: 11,
      withTotal: false,
      withEvidence: false,
      withoutQualifiers: true,
    });
    // The organisations are the other end above and the end the nested page belongs to: they
    // are projected with what both levels read of them.
    expect(plan?.options.properties).toEqual(['id', 'name']);
    const [child] = plan?.children ?? [];
    expect(child?.kinds).toEqual(['Organisation']);
    expect(child?.options).toMatchObject({
      direction: 'INCOMING',
      limit: 4,
      withTotal: true,
      withEvidence: true,
      properties: ['id', 'name'],
    });
  });

  it('gives each alias with other arguments its own plan and merges equal ones', () => {
    const plans = plansOf(`{
      countries(first: 5) {
        nodes {
          a: relations(first: 2) { nodes { id } }
          b: relations(first: 2) { nodes { id } }
          c: relations(first: 3) { nodes { id } }
        }
      }
    }`);
    expect(plans.map((p) => p.options.limit).sort()).toEqual([3, 4]);
  });

  it('follows named fragments and variables, and leaves out what @include drops', () => {
    const document = `query ($deep: Boolean!, $n: Int!) {
      countries(first: 5) { edges { node { ...Ties } } }
    }
    fragment Ties on Country {
      relations(first: $n) { nodes { id } }
      hidden: relations(first: 7) @include(if: $deep) { nodes { id } }
    }`;
    expect(plansOf(document, { deep: false, n: 9 }).map((p) => p.options.limit)).toEqual([10]);
    expect(
      plansOf(document, { deep: true, n: 9 })
        .map((p) => p.options.limit)
        .sort(),
    ).toEqual([10, 8]);
  });

  it('leaves a field with a bad argument to its resolver', () => {
    const [plan] = plansOf(`{
      countries(first: 5) { nodes { relations(first: 2) { nodes { to { relations(first: 0) { nodes { id } } } } } } }
    }`);
    expect(plan?.children).toEqual([]);
  });

  it('projects only the properties the selection reads', () => {
    const [plan] = plansOf(`{
      countries(first: 5) { nodes { relations(first: 2) { nodes { to { id name aliases iso2 } } } } }
    }`);
    expect(plan?.options.properties).toEqual(['aliases', 'id', 'iso2', 'name']);
  });

  it('compiles plans into subqueries with every value a parameter and guards by label', () => {
    const plans = plansOf(`{
      countries(first: 5) {
        nodes { relations(kinds: [MEMBER_OF], first: 2) { nodes { to { ... on Organisation { relations(first: 1) { nodes { id } } } } } } }
      }
    }`);
    const tail = relationsTail('e', plans);
    expect(tail.clause).toContain('CALL (e) {');
    expect(tail.clause).toContain('CALL (o1) {');
    expect(tail.clause).toContain('WITH o1 WHERE o1:Organisation');
    expect(tail.clause).toContain('[r1:MEMBER_OF]');
    expect(tail.params).toMatchObject({ t_0_s: 0, t_0_l: 3, t_0_0_s: 0, t_0_0_l: 2 });
    expect(tail.values).toBe('[{total: -1, edges: t_0_e}]');
  });
});
