import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { purgeSource } from '../../src/graph/dataset-writer';
import { GraphExecutor } from '../../src/graph/executor';
import { MIGRATIONS_DIR, applyMigrations, readMigrations } from '../../src/graph/migrations';
import { loadFiles } from '../../src/ingest/load';
import { validateFiles } from '../../src/ingest/validate';
import { RunningServer } from '../../src/server/app';
import { signToken } from '../../src/server/auth';
import { runCli, startTestServer, testExecutor, uniqueId } from './helpers';

/*
 * What editors do through the API survives every load: a retraction, a change to an entity,
 * a relation they added, an entity they made; `version` only goes up; where a dataset and an
 * editor disagree, the editor's act stands and the history shows both.
 */

const SECRET = 'test-secret-that-is-long-enough-for-hs256';
const AUTH = { jwtSecret: SECRET, rolesClaim: 'roles', requireReader: false };

/** A dataset of its own: two organisations and an issue, with ids no other test uses. */
function dataset(source: string, p: string, edit: { name?: string; since?: number } = {}) {
  return `source:
  id: ${source}
  title: Editorial test source
  text: ${source}.txt
  sections:
    - { id: lead, heading: null }
entities:
  - { kind: Organisation, id: ${p}-a, type: agency, name: ${edit.name ?? 'Agency A'}, description: As the dataset describes it. }
  - { kind: Organisation, id: ${p}-b, type: intergovernmental, name: Body B }
  - { kind: Issue, id: ${p}-issue, category: development, name: Editorial issue }
statements:
  - kind: MEMBER_OF
    id: a-member-of-b
    subject: ${p}-a
    object: ${p}-b
    qualifiers: { since: ${edit.since ?? 1999} }
    evidence: [{ section: lead, quote: "A is a member of B" }]
  - kind: ADDRESSES
    subject: ${p}-a
    object: ${p}-issue
    evidence: [{ section: lead, quote: "A works on the issue" }]
`;
}

describe('editorial state through loads', () => {
  let executor: GraphExecutor;
  let server: RunningServer;
  let dir: string;
  let editor: string;

  const gql = async (query: string, variables?: Record<string, unknown>, token?: string) => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: any; errors?: any[] };
  };
  const edit = async (query: string, variables?: Record<string, unknown>) => {
    const body = await gql(query, variables, editor);
    expect(body.errors).toBeUndefined();
    return body.data;
  };

  /** A fresh dataset file: its source id, entity prefix and path. */
  const fresh = () => {
    const source = uniqueId('editorial');
    const p = uniqueId('ed');
    const file = path.join(dir, `${source}.yaml`);
    writeFileSync(file, dataset(source, p));
    return { source, p, file };
  };
  const load = async (file: string, force = false) => {
    const result = await loadFiles(executor, [file], {
      sourcesDirs: [],
      batchSize: 100,
      transactionTimeoutMs: 60_000,
      force,
    });
    expect(result.validation.problems).toEqual([]);
    return result;
  };

  beforeAll(async () => {
    executor = testExecutor();
    await applyMigrations(executor, readMigrations(MIGRATIONS_DIR));
    server = await startTestServer(executor, { auth: AUTH });
    dir = mkdtempSync(path.join(os.tmpdir(), 'diplograph-editorial-'));
    editor = await signToken(SECRET, {
      subject: 'erin-editor',
      roles: ['editor'],
      expiresIn: '10m',
    });
  });

  afterAll(async () => {
    await server?.stop();
    await executor.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps a retraction through load, load --force, a changed dataset and the unload of another source', async () => {
    const { source, p, file } = fresh();
    await load(file);
    const id = `${source}:a-member-of-b`;
    await edit(`mutation ($id: ID!) { retractRelation(id: $id, reason: "Not a member") { id } }`, {
      id,
    });

    const forced = await runCli(['load', '--force', file]);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain(
      'Kept as editors left them: 0 entity fields the dataset says otherwise, 1 retracted statement it still states.',
    );
    // The dataset now dates it otherwise: still retracted.
    writeFileSync(file, dataset(source, p, { since: 2001 }));
    await load(file);
    const other = fresh();
    await load(other.file);
    await purgeSource(executor, other.source);

    const gone = await gql(`query ($id: ID!) { relation(id: $id) { id } }`, { id });
    expect(gone.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    const after = await gql(
      `query ($a: ID!) { history(entity: $a) { id retractedBy retractionReason retractedAt restatedAt } }`,
      { a: `${p}-a` },
    );
    const entry = after.data.history.find((h: any) => h.id === id);
    expect(entry).toMatchObject({ retractedBy: 'erin-editor', retractionReason: 'Not a member' });
    expect(entry.retractedAt).toEqual(expect.any(String));
    expect(entry.restatedAt).toEqual(expect.any(String));
    await purgeSource(executor, source);
  });

  it("keeps an editor's change to an entity through loads, with a version that only goes up", async () => {
    const { source, p, file } = fresh();
    const a = `${p}-a`;
    const alias = `Edited alias ${p}`;
    await load(file);
    const changed = await edit(
      `mutation ($a: ID!, $alias: String!) { updateEntity(id: $a, expectedVersion: 1, changes: { description: "As an editor corrected it.", aliases: [$alias] }) { version description } }`,
      { a, alias },
    );
    expect(changed.updateEntity).toEqual({ version: 2, description: 'As an editor corrected it.' });

    // A forced reload changes nothing: the version stays.
    await load(file, true);
    const ENTITY = `query ($a: ID!, $alias: String!) { entity(id: $a) { name description aliases version } lookup(name: $alias) { id } }`;
    expect((await gql(ENTITY, { a, alias: alias.toLowerCase() })).data).toEqual({
      entity: {
        name: 'Agency A',
        description: 'As an editor corrected it.',
        aliases: [alias],
        version: 2,
      },
      lookup: [{ id: a }],
    });

    // The dataset renames it and, as always, describes it otherwise: the name changes, the
    // editor's description and alias stay, and the version goes up.
    writeFileSync(file, dataset(source, p, { name: 'Agency A renamed' }));
    const report = await load(file);
    expect(report.written[0]?.entities.keptEdits).toBe(2);
    const after = await gql(
      `query ($a: ID!, $alias: String!) {
        entity(id: $a) { name description aliases version }
        lookup(name: $alias) { id }
        entityChanges(entity: $a) { version by origin fields { field from to } kept { field from to } }
      }`,
      { a, alias },
    );
    expect(after.data.entity).toEqual({
      name: 'Agency A renamed',
      description: 'As an editor corrected it.',
      aliases: [alias],
      version: 3,
    });
    expect(after.data.lookup).toEqual([{ id: a }]);
    expect(after.data.entityChanges).toEqual([
      {
        version: 3,
        by: null,
        origin: source,
        fields: [{ field: 'name', from: 'Agency A', to: 'Agency A renamed' }],
        kept: [
          { field: 'aliases', from: [alias], to: [] },
          {
            field: 'description',
            from: 'As an editor corrected it.',
            to: 'As the dataset describes it.',
          },
        ],
      },
      {
        version: 2,
        by: 'erin-editor',
        origin: 'editorial',
        fields: [
          { field: 'aliases', from: [], to: [alias] },
          {
            field: 'description',
            from: 'As the dataset describes it.',
            to: 'As an editor corrected it.',
          },
        ],
        kept: [],
      },
    ]);

    // Another source describing it, loaded and unloaded, takes nothing of the editor's.
    const other = fresh();
    writeFileSync(other.file, dataset(other.source, p, { name: 'Agency A renamed' }));
    await load(other.file);
    await purgeSource(executor, other.source);
    expect((await gql(ENTITY, { a, alias })).data.entity).toEqual({
      name: 'Agency A renamed',
      description: 'As an editor corrected it.',
      aliases: [alias],
      version: 3,
    });

    // A client that read version 1 or 2 is refused: nothing it missed is overwritten.
    for (const stale of [1, 2]) {
      const refused = await gql(
        `mutation ($a: ID!, $v: Int!) { updateEntity(id: $a, expectedVersion: $v, changes: { description: "stale" }) { version } }`,
        { a, v: stale },
        editor,
      );
      expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', version: 3 });
    }
    await purgeSource(executor, source);
    // The entity an editor changed stays when its source goes.
    expect((await gql(ENTITY, { a, alias })).data.entity.description).toBe(
      'As an editor corrected it.',
    );
  });

  it("keeps an editor's relation, and the source its evidence quotes, through an unload", async () => {
    const { source, p, file } = fresh();
    await load(file);
    const added = await edit(
      `mutation ($from: ID!, $to: ID!, $source: ID!) { addRelation(input: { kind: PROMOTES, from: $from, to: $to,
         evidence: [{ source: $source, section: "lead", quote: "B promotes the issue" }] }) { id } }`,
      { from: `${p}-b`, to: `${p}-issue`, source },
    );
    const id = added.addRelation.id;
    // A changed dataset leaves it as it is.
    writeFileSync(file, dataset(source, p, { since: 2005 }));
    await load(file);
    expect((await gql(`query ($id: ID!) { relation(id: $id) { id } }`, { id })).data).toEqual({
      relation: { id },
    });

    const unloaded = await runCli(['unload', source]);
    expect(unloaded.stdout).toBe(
      `${source}: its dataset removed, with 2 statements; the source itself stays, cited by 1 relation editors added.\n`,
    );
    const READ = `query ($id: ID!, $source: ID!) {
      relation(id: $id) { from { id } to { id } evidence { quote source { id title statementCount } } }
      relations(filter: { source: $source }) { nodes { id } }
    }`;
    expect((await gql(READ, { id, source })).data).toEqual({
      relation: {
        from: { id: `${p}-b` },
        to: { id: `${p}-issue` },
        evidence: [
          {
            quote: 'B promotes the issue',
            source: { id: source, title: 'Editorial test source', statementCount: 0 },
          },
        ],
      },
      relations: { nodes: [] },
    });

    // Loaded again (forced too), the dataset comes back beside the editor's relation.
    await load(file);
    await load(file, true);
    const back = (await gql(READ, { id, source })).data;
    expect(back.relation.from).toEqual({ id: `${p}-b` });
    expect(back.relations.nodes).toHaveLength(2);
    // Taken back whole, so that the source can go too.
    await executor.write(
      'MATCH (st:Statement {id: $id}) OPTIONAL MATCH (a)-[r]->(b) WHERE r.statementId = $id DELETE r WITH st DETACH DELETE st',
      { id },
    );
    expect((await purgeSource(executor, source))?.citedByEditors).toBe(0);
  });

  it('refuses a bidirectional override in a name with the words a dataset gets', async () => {
    const { source, p, file } = fresh();
    await load(file);
    const spoofed = 'Agency \u202EA';
    const invalid = path.join(dir, `${source}-spoofed.yaml`);
    writeFileSync(invalid, dataset(source, p).replace('name: Agency A', `name: "${spoofed}"`));
    const validation = validateFiles([invalid]);
    const edited = await gql(
      `mutation ($id: ID!, $name: String!) { updateEntity(id: $id, changes: { name: $name }) { id } }`,
      { id: `${p}-a`, name: spoofed },
      editor,
    );
    const rule =
      'must not contain control or bidirectional-formatting characters (U+202E at character 8)';
    expect(validation.problems.map((problem) => problem.message)).toEqual([
      `entities[0].name: ${rule}`,
    ]);
    expect(edited.errors?.[0]).toMatchObject({
      message: `changes.name: ${rule}`,
      extensions: { code: 'BAD_USER_INPUT', argument: 'changes.name' },
    });
    await purgeSource(executor, source);
  });

  it('keeps the fields of an entity an editor made when a dataset declares it', async () => {
    const { source, p, file } = fresh();
    const made = await edit(
      `mutation ($id: ID!) { createEntity(input: { kind: ORGANISATION, id: $id, name: "Named by an editor", organisationType: NGO }) { version } }`,
      { id: `${p}-a` },
    );
    expect(made.createEntity.version).toBe(1);
    await load(file);
    const read = await gql(
      `query ($id: ID!) { entity(id: $id) { name version ... on Organisation { organisationType } } entityChanges(entity: $id) { version origin kept { field from to } } }`,
      { id: `${p}-a` },
    );
    expect(read.data.entity).toEqual({
      name: 'Named by an editor',
      version: 2,
      organisationType: 'NGO',
    });
    expect(read.data.entityChanges[0]).toEqual({
      version: 2,
      origin: source,
      kept: [
        { field: 'name', from: 'Named by an editor', to: 'Agency A' },
        { field: 'type', from: 'ngo', to: 'agency' },
      ],
    });
    await purgeSource(executor, source);
    expect((await gql(`{ entity(id: "${p}-a") { name } }`)).data.entity.name).toBe(
      'Named by an editor',
    );
  });

  it('makes a project and a loan for it in the series vocabulary, as a dataset would', async () => {
    const { source, p, file } = fresh();
    await load(file);
    const project = `${p}-bridge`;
    const made = await edit(
      `mutation ($id: ID!) { createEntity(input: { kind: PROJECT, id: $id, name: "A bridge",
         projectType: TRANSPORT, projectStatus: UNDER_CONSTRUCTION, startYear: 2019 }) {
         ... on Project { projectType projectStatus startYear endYear } } }`,
      { id: project },
    );
    expect(made.createEntity).toEqual({
      projectType: 'TRANSPORT',
      projectStatus: 'UNDER_CONSTRUCTION',
      startYear: 2019,
      endYear: null,
    });
    const changed = await edit(
      `mutation ($id: ID!) { updateEntity(id: $id, changes: { projectStatus: COMPLETED, endYear: 2023 }) {
         ... on Project { projectStatus startYear endYear } } }`,
      { id: project },
    );
    expect(changed.updateEntity).toEqual({
      projectStatus: 'COMPLETED',
      startYear: 2019,
      endYear: 2023,
    });
    const lent = await edit(
      `mutation ($from: ID!, $to: ID!, $purpose: ID!, $source: ID!) { addRelation(input: {
         kind: LENDS, from: $from, to: $to,
         qualifiers: { amount: 250000000, currency: "JPY", year: 2019, purpose: $purpose },
         evidence: [{ source: $source, section: "lead", quote: "A is a member of B" }] }) {
         kind qualifiers { amount currency year purpose { id kind } } } }`,
      { from: `${p}-a`, to: `${p}-b`, purpose: project, source },
    );
    expect(lent.addRelation).toEqual({
      kind: 'LENDS',
      qualifiers: {
        amount: 250_000_000,
        currency: 'JPY',
        year: 2019,
        purpose: { id: project, kind: 'PROJECT' },
      },
    });
    // A currency that is not ISO 4217 is refused in the dataset's words.
    const refused = await gql(
      `mutation ($from: ID!, $to: ID!, $source: ID!) { addRelation(input: {
         kind: LENDS, from: $from, to: $to, qualifiers: { currency: "yen" },
         evidence: [{ source: $source, section: "lead", quote: "A is a member of B" }] }) { id } }`,
      { from: `${p}-a`, to: `${p}-b`, source },
      editor,
    );
    expect(refused.errors?.[0]?.message).toContain(
      'must be an ISO 4217 currency code such as "USD"',
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    // Taken back whole: the loan, the project and the dataset, leaving other tests the graph.
    await executor.write(
      `MATCH (st:Statement {source: 'editorial'}) WHERE st.subject = $a AND st.object = $b
       OPTIONAL MATCH ()-[r]->() WHERE r.statementId = st.id
       DELETE r WITH st DETACH DELETE st`,
      { a: `${p}-a`, b: `${p}-b` },
    );
    await executor.write('MATCH (e:Entity {id: $id}) DETACH DELETE e', { id: project });
    await executor.write('MATCH (c:EntityChange {entity: $id}) DELETE c', { id: project });
    expect((await purgeSource(executor, source))?.citedByEditors).toBe(0);
    expect(
      (await gql(`{ projects(first: 100) { nodes { id } } }`)).data.projects.nodes,
    ).not.toContainEqual({
      id: project,
    });
  });
});
