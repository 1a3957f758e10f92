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
import { fixedOtherKind, relationsTail, statementSeeks } from '../../src/graph/relations-tree';
import { EntityKind } from '../../src/ontology/entities';
import { RelationKind } from '../../src/ontology/relations';
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

  it('reads of each relation only what the selection and the question leave open', () => {
    // One kind, one modality (facts by default), an end whose kind MEMBER_OF fixes, no
    // source selected: none of them is sent for each of thousands of relations.
    const [lean] = plansOf(`{
      countries(first: 5) { nodes { relations(kinds: [MEMBER_OF], direction: OUTGOING, first: 2) { nodes { to { id } } } } }
    }`);
    expect(lean?.options).toMatchObject({ withoutSource: true, withoutQualifiers: true });
    const leanClause = relationsTail('e', lean ? [lean] : []).clause;
    expect(leanClause).toContain('[null, r1.statementId, null, null, null] AS x1, true AS w1');
    expect(leanClause).toContain('[null, s1.id, null, null, null] AS x1, true AS w1');
    expect(leanClause).toContain('RETURN collect(x1 + [[null, o1.id], w1, null, []]) AS t_0_e');
    // Several kinds, both modalities, ends of several kinds, the source selected: all read.
    const [full] = plansOf(`{
      countries(first: 5) { nodes { relations(modalities: [FACT, INTENTION], first: 2) { nodes { source { id } to { id } } } } }
    }`);
    expect(full?.options.withoutSource).toBe(false);
    const clause = relationsTail('e', full ? [full] : []).clause;
    expect(clause).toContain('type(r1), r1.statementId, r1.source, r1.modality, null');
    expect(clause).toContain('s1.kind, s1.id, s1.source, s1.modality, null');
    expect(clause).toContain('head([l IN labels(o1) WHERE l IN ');
  });
});

describe('the kind the other end must be', () => {
  it('is known when the relation kinds and the direction leave one', () => {
    const base = { offset: 0, limit: 1, withTotal: false };
    expect(
      fixedOtherKind({ ...base, kinds: [RelationKind.MEMBER_OF], direction: 'OUTGOING' }),
    ).toBe(EntityKind.ORGANISATION);
    expect(fixedOtherKind({ ...base, kinds: [RelationKind.PARTY_TO], direction: 'OUTGOING' })).toBe(
      EntityKind.AGREEMENT,
    );
    // Members may be countries or organisations; both ways doubles the candidates.
    expect(
      fixedOtherKind({ ...base, kinds: [RelationKind.MEMBER_OF], direction: 'INCOMING' }),
    ).toBeUndefined();
    expect(
      fixedOtherKind({ ...base, kinds: [RelationKind.MEMBER_OF], direction: 'BOTH' }),
    ).toBeUndefined();
    expect(fixedOtherKind({ ...base, direction: 'OUTGOING' })).toBeUndefined();
  });
});

describe('the statement index seeks of a dense page', () => {
  const base = { offset: 0, limit: 1, withTotal: false };
  const { MEMBER_OF, PARTNER_OF } = RelationKind;

  it('seek the side the direction names, and both sides for symmetric kinds', () => {
    const kinds = [MEMBER_OF, PARTNER_OF];
    expect(statementSeeks({ ...base, kinds, direction: 'OUTGOING' })).toEqual({
      subject: kinds,
      object: [PARTNER_OF],
    });
    expect(statementSeeks({ ...base, kinds, direction: 'INCOMING' })).toEqual({
      subject: [PARTNER_OF],
      object: kinds,
    });
    expect(statementSeeks({ ...base, kinds, direction: 'BOTH' })).toEqual({
      subject: kinds,
      object: kinds,
    });
  });

  it('scale the degree that makes a page dense with the seeks it takes', () => {
    const plans = plansOf(`{
      countries(first: 5) { nodes { relations(kinds: [MEMBER_OF, PARTNER_OF], direction: OUTGOING, first: 2) { nodes { to { id } } } } }
    }`);
    const tail = relationsTail('e', plans, 7);
    expect(tail.params).toMatchObject({
      t_0_d: 21,
      t_0_sl: 3,
      t_0_ks: [MEMBER_OF, PARTNER_OF],
      t_0_ko: [PARTNER_OF],
    });
    expect(tail.clause).toContain('WITH e, COUNT { (e)-[:MEMBER_OF|PARTNER_OF]-() } AS g1');
    expect(tail.clause).toContain('WITH e WHERE g1 <= $t_0_d');
    expect(tail.clause).toContain('WITH e WHERE g1 > $t_0_d');
    expect(tail.clause).toContain('USING INDEX s1:Statement(object, kind, id)');
  });
});
