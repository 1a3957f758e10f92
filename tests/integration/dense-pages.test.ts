import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { purgeSource } from '../../src/graph/dataset-writer';
import { GraphExecutor } from '../../src/graph/executor';
import { MIGRATIONS_DIR, applyMigrations, readMigrations } from '../../src/graph/migrations';
import { relationsPlan } from '../../src/graph/relations-tree';
import { StatementRepository } from '../../src/graph/statement.repository';
import { loadFiles } from '../../src/ingest/load';
import { RelationKind } from '../../src/ontology/relations';
import { RunningServer } from '../../src/server/app';
import { signToken } from '../../src/server/auth';
import { startTestServer, testExecutor, uniqueId } from './helpers';

/*
 * A page of an entity's relations is read by expanding and sorting all of them (sparse) or by
 * seeking the statement indexes (dense), chosen by the entity's degree
 * (DENSE_RELATIONS_DEGREE). Both ways must give the same answer, byte for byte: one server
 * always expands, the other always seeks, over a hub with relations of every shape (directed
 * and symmetric, either end, several modalities, qualifiers, evidence, a retraction).
 */

const SECRET = 'test-secret-that-is-long-enough-for-hs256';
const AUTH = { jwtSecret: SECRET, rolesClaim: 'roles', requireReader: false };
const MEMBERS = 14;

/** A hub organisation with members, partners on either end, funding and cooperation. */
function dataset(source: string, p: string): string {
  const members = Array.from({ length: MEMBERS }, (_, i) => i + 1);
  const statements = [
    ...members.map(
      (i) => `  - kind: MEMBER_OF
    id: member-${String(i).padStart(2, '0')}
    subject: ${p}-m${i}
    object: ${p}-hub
    ${i % 4 === 0 ? 'modality: intention\n    ' : ''}qualifiers: { since: ${1990 + i} }
    evidence: [{ section: lead, quote: "member ${i} joined the hub" }]`,
    ),
    ...[2, 5, 9].map(
      (i) => `  - kind: PARTNER_OF
    id: partner-${i}
    subject: ${i === 5 ? `${p}-hub` : `${p}-m${i}`}
    object: ${i === 5 ? `${p}-m${i}` : `${p}-hub`}
    qualifiers: { level: strategic }
    evidence: [{ section: lead, quote: "partner ${i} and the hub" }]`,
    ),
    ...[3, 7].map(
      (i) => `  - kind: FUNDS
    id: funds-${i}
    subject: ${p}-hub
    object: ${p}-issue
    ${i === 7 ? 'modality: expectation\n    ' : ''}qualifiers: { year: ${2000 + i}, via: ${p}-m${i} }
    evidence: [{ section: lead, quote: "the hub funds it (${i})" }]`,
    ),
    `  - kind: COOPERATES_WITH
    id: cooperates-1
    subject: ${p}-m1
    object: ${p}-m2
    qualifiers: { fields: [trade, health] }
    evidence: [{ section: lead, quote: "one and two cooperate" }]`,
  ];
  return `source:
  id: ${source}
  title: Dense pages test source
  text: ${source}.txt
  sections:
    - { id: lead, heading: null }
entities:
  - { kind: Organisation, id: ${p}-hub, type: intergovernmental, name: Hub }
  - { kind: Issue, id: ${p}-issue, category: development, name: Dense issue }
${members.map((i) => `  - { kind: Organisation, id: ${p}-m${i}, type: agency, name: Member ${i} }`).join('\n')}
statements:
${statements.join('\n')}
`;
}

describe('dense and sparse pages of relations', () => {
  let executor: GraphExecutor;
  let sparse: RunningServer;
  let dense: RunningServer;
  let dir: string;
  let source: string;
  let p: string;

  const ask = async (url: string, query: string, token?: string) => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query }),
    });
    return (await response.json()) as { data?: any; errors?: any[] };
  };

  beforeAll(async () => {
    executor = testExecutor();
    await applyMigrations(executor, readMigrations(MIGRATIONS_DIR));
    dir = mkdtempSync(path.join(os.tmpdir(), 'diplograph-dense-'));
    source = uniqueId('dense');
    p = uniqueId('dn');
    const file = path.join(dir, `${source}.yaml`);
    writeFileSync(file, dataset(source, p));
    const loaded = await loadFiles(executor, [file], {
      sourcesDirs: [],
      batchSize: 100,
      transactionTimeoutMs: 60_000,
    });
    expect(loaded.validation.problems).toEqual([]);
    sparse = await startTestServer(executor, { auth: AUTH, api: { denseDegree: 1_000_000_000 } });
    dense = await startTestServer(executor, { auth: AUTH, api: { denseDegree: 0 } });
  });

  afterAll(async () => {
    await sparse?.stop();
    await dense?.stop();
    if (source) await purgeSource(executor, source);
    await executor?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const documents = (): Array<[string, string]> => [
    [
      'every kind, both ways, with all a relation holds',
      `{ entity(id: "${p}-hub") { id relations(direction: BOTH, first: 30, modalities: [FACT, INTENTION, EXPECTATION]) {
          totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id kind modality symmetric
          from { id name } to { id name } source { id } qualifiers { since year level via { id } fields }
          evidence { quote section } } } } } }`,
    ],
    [
      'one kind each way, facts only, nested',
      `{ entity(id: "${p}-hub") { in: relations(kinds: [MEMBER_OF], direction: INCOMING, first: 5) {
          nodes { id from { id relations(direction: OUTGOING, first: 3) { nodes { id kind to { id } } } } } }
          out: relations(kinds: [MEMBER_OF], direction: OUTGOING, first: 5) { nodes { id } } } }`,
    ],
    [
      'a symmetric kind asked one way finds it on either end',
      `{ entity(id: "${p}-hub") { out: relations(kinds: [PARTNER_OF, FUNDS], direction: OUTGOING, first: 10) {
          nodes { id kind from { id } to { id } } }
          in: relations(kinds: [PARTNER_OF, MEMBER_OF], direction: INCOMING, first: 10) { nodes { id kind from { id } to { id } } } } }`,
    ],
    [
      'a list of entities with their pages',
      `{ organisations(first: 100, filter: { nameContains: "Member 1" }) { nodes { id relations(first: 3, direction: BOTH) { nodes { id kind modality to { id } } } } } }`,
    ],
  ];

  it('give the same answers both ways', async () => {
    for (const [name, document] of documents()) {
      const [a, b] = await Promise.all([ask(sparse.url, document), ask(dense.url, document)]);
      expect({ name, body: b }).toEqual({ name, body: a });
      expect(a.errors).toBeUndefined();
    }
    // The documents read what the hub holds: 14 members, 3 partners, 2 fundings.
    const first = `{ entity(id: "${p}-hub") { relations(kinds: [MEMBER_OF], direction: INCOMING, first: 4) { pageInfo { endCursor } } } }`;
    const cursor = (await ask(sparse.url, first)).data.entity.relations.pageInfo.endCursor;
    const next = `{ entity(id: "${p}-hub") { relations(kinds: [MEMBER_OF], direction: INCOMING, first: 4, after: "${cursor}") { nodes { id } } } }`;
    const [a, b] = await Promise.all([ask(sparse.url, next), ask(dense.url, next)]);
    expect(b).toEqual(a);
    // The facts after members 1, 2, 3 and 5; every fourth is an intention.
    expect(a.data.entity.relations.nodes.map((n: any) => n.id.split(':')[1])).toEqual([
      'member-06',
      'member-07',
      'member-09',
      'member-10',
    ]);
    const all = await ask(dense.url, documents()[0]?.[1] ?? '');
    expect(all.data.entity.relations.totalCount).toBe(MEMBERS + 3 + 2);
    const kinds = all.data.entity.relations.edges.map((e: any) => e.node.kind);
    expect(new Set(kinds)).toEqual(new Set(['MEMBER_OF', 'PARTNER_OF', 'FUNDS']));
  });

  it('leave out a retracted relation both ways', async () => {
    const editor = await signToken(SECRET, {
      subject: 'dana-dense',
      roles: ['editor'],
      expiresIn: '10m',
    });
    const retracted = await ask(
      sparse.url,
      `mutation { retractRelation(id: "${source}:member-01", reason: "test") { id } }`,
      editor,
    );
    expect(retracted.errors).toBeUndefined();
    const document = `{ entity(id: "${p}-hub") { relations(kinds: [MEMBER_OF], direction: INCOMING, first: 3) { nodes { id } } } }`;
    const [a, b] = await Promise.all([ask(sparse.url, document), ask(dense.url, document)]);
    expect(b).toEqual(a);
    expect(a.data.entity.relations.nodes.map((n: any) => n.id)).toEqual([
      `${source}:member-02`,
      `${source}:member-03`,
      `${source}:member-05`,
    ]);
  });

  it('read the statement node when dense and the typed edge when sparse', async () => {
    // Made to disagree for a moment: the statement node calls member 2 an intention, its
    // edge still a fact. A facts-only page shows which of the two each way read.
    const id = `${source}:member-02`;
    const plan = relationsPlan({
      kinds: [RelationKind.MEMBER_OF],
      direction: 'INCOMING',
      modalities: ['fact'],
      offset: 0,
      limit: 2,
      withTotal: false,
    });
    const read = async () =>
      Promise.all(
        [1_000_000_000, 0].map(async (degree) => {
          const pages = await new StatementRepository(executor, degree).relationsOf(
            [`${p}-hub`],
            plan,
          );
          return pages.get(`${p}-hub`)?.statements.map((st) => st.id.split(':')[1]);
        }),
      );
    await executor.write("MATCH (st:Statement {id: $id}) SET st.modality = 'intention'", { id });
    try {
      const [bySparse, byDense] = await read();
      expect(bySparse).toEqual(['member-02', 'member-03']);
      expect(byDense).toEqual(['member-03', 'member-05']);
    } finally {
      await executor.write("MATCH (st:Statement {id: $id}) SET st.modality = 'fact'", { id });
    }
    const [bySparse, byDense] = await read();
    expect(byDense).toEqual(bySparse);
  });
});
