import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FIXTURE_SOURCES, ROOT, census as countAll, testExecutor, uniqueId } from './helpers';
import { GraphExecutor } from '../../src/graph/executor';
import { purgeSource } from '../../src/graph/dataset-writer';
import { MIGRATIONS_DIR, applyMigrations, readMigrations } from '../../src/graph/migrations';
import {
  StatementFilter,
  StatementRecord,
  StatementRepository,
} from '../../src/graph/statement.repository';
import { LoadOptions, loadFiles } from '../../src/ingest/load';
import { RelationKind } from '../../src/ontology/relations';
import { AppError, ErrorCode } from '../../src/errors';
import { generateWorld } from '../../src/generate/world';

const CAMBODIA = path.join(ROOT, 'data', 'cambodia.yaml');
const LAOS = path.join(ROOT, 'tests', 'fixtures', 'datasets', 'laos.yaml');
const HOSTILE = path.join(ROOT, 'tests', 'fixtures', 'hostile');
// Laos's text is a fixture; Cambodia's article is not in the repository, so its quotes load
// unverified (CI verifies them against the article).
const OPTIONS: LoadOptions = {
  sourcesDirs: [FIXTURE_SOURCES],
  requireSources: false,
  batchSize: 50,
  transactionTimeoutMs: 60_000,
};

/** The graph's counts and its sources: a load that writes nothing leaves them equal. */
async function census(executor: GraphExecutor) {
  const [row] = await executor.read<{ sources: string[] }>(
    'MATCH (s:Source) RETURN collect(s.id) AS sources',
  );
  return { ...(await countAll(executor)), sources: [...(row?.sources ?? [])].sort() };
}

/** A copy of the Laos fixture under a source id of its own, so that tests never share data. */
function laosCopy(
  dir: string,
  edit: (text: string) => string = (t) => t,
): { file: string; source: string } {
  const source = uniqueId('laos');
  const file = path.join(dir, `${source}.yaml`);
  writeFileSync(
    file,
    edit(readFileSync(LAOS, 'utf8').replace('id: laos-relations-fixture', `id: ${source}`)),
  );
  return { file, source };
}

function names(statements: StatementRecord[], end: 'subject' | 'object'): string[] {
  return [...new Set(statements.map((s) => s[end].name))].sort();
}

describe('loading datasets into the real Neo4j', () => {
  let executor: GraphExecutor;
  let statements: StatementRepository;
  /** Every statement the filter matches (the article graph holds far fewer than 10,000). */
  const find = (filter: StatementFilter) => statements.find(filter, 10_000);
  let dir: string;
  const purge: string[] = [];

  beforeAll(async () => {
    executor = testExecutor();
    statements = new StatementRepository(executor);
    await applyMigrations(executor, readMigrations(MIGRATIONS_DIR));
    dir = mkdtempSync(path.join(os.tmpdir(), 'diplograph-ingest-'));
    const result = await loadFiles(executor, [CAMBODIA], OPTIONS);
    expect(result.validation.problems).toEqual([]);
  });

  afterAll(async () => {
    for (const source of purge) await purgeSource(executor, source);
    await executor.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe("the article's facts", () => {
    it('who funds demining: the United States, in Cambodia', async () => {
      const found = await find({ kinds: [RelationKind.FUNDS], object: 'demining', in: 'KHM' });
      expect(found.map((s) => [s.subject.name, s.qualifiers.in])).toEqual([
        ['United States', 'KHM'],
      ]);
      expect(found[0]?.evidence).toEqual([
        {
          source: 'cambodia-foreign-relations',
          sourceTitle: 'Foreign diplomatic relations of Cambodia',
          section: 'united-states',
          heading: 'Relations with the United States',
          quote: 'funding demining, health, and education initiatives',
          start: null,
          end: null,
        },
      ]);
    });

    it("Cambodia's memberships and their years", async () => {
      const found = await find({ kinds: [RelationKind.MEMBER_OF], subject: 'KHM' });
      expect(found.map((s) => [s.object.id, s.qualifiers.since])).toEqual([
        ['asean', 1999],
        ['un', 1955],
      ]);
    });

    it('the ASEAN summits Cambodia hosted', async () => {
      const found = await find({
        kinds: [RelationKind.HOSTS],
        subject: 'KHM',
        object: 'asean',
      });
      expect(found.map((s) => [s.qualifiers.event, s.qualifiers.year]).sort()).toEqual([
        ['ASEAN Summit', 2012],
        ['ASEAN Summit', 2022],
      ]);
    });

    it('the parties of Everything But Arms and its suspension by the EU in 2020', async () => {
      const parties = await find({
        kinds: [RelationKind.PARTY_TO],
        object: 'everything-but-arms',
      });
      expect(parties.map((s) => [s.subject.id, s.qualifiers.role]).sort()).toEqual([
        ['KHM', 'beneficiary'],
        ['eu', 'grantor'],
      ]);
      const suspensions = await find({
        kinds: [RelationKind.SUSPENDS],
        object: 'everything-but-arms',
      });
      expect(suspensions).toHaveLength(1);
      expect(suspensions[0]).toMatchObject({
        subject: { id: 'eu', name: 'European Union' },
        qualifiers: { year: 2020, in: 'KHM', temporary: true },
        modality: 'fact',
      });
    });

    it('what South Korea invests in', async () => {
      const found = await find({ kinds: [RelationKind.INVESTS_IN], subject: 'KOR' });
      expect(names(found, 'object')).toEqual(['Agriculture', 'Innovation', 'Tourism']);
      expect(found.every((s) => s.qualifiers.in === 'KHM')).toBe(true);
    });

    it('who is a donor to Cambodia', async () => {
      const donors = await find({ kinds: [RelationKind.FUNDS], object: 'KHM' });
      expect(names(donors, 'subject')).toEqual(['Japan', 'United States']);
      const funders = await find({ kinds: [RelationKind.FUNDS], in: 'KHM' });
      expect(names(funders, 'subject')).toEqual(['Japan', 'United States']);
      expect(names(funders, 'object')).toEqual([
        'Demining',
        'Disaster relief',
        'Education',
        'Health',
        'Infrastructure',
      ]);
    });

    it('the level of the partnership with China, and that its future is an expectation', async () => {
      const found = await find({ kinds: [RelationKind.PARTNER_OF], entity: 'CHN' });
      expect(found.map((s) => [s.qualifiers.level, s.modality]).sort()).toEqual([
        ['close', 'expectation'],
        ['comprehensive-strategic', 'fact'],
      ]);
      const facts = await find({
        kinds: [RelationKind.PARTNER_OF],
        entity: 'CHN',
        modalities: ['fact'],
      });
      expect(facts.map((s) => s.qualifiers.level)).toEqual(['comprehensive-strategic']);
    });

    it('who raised concerns about Cambodia, and about what', async () => {
      const found = await find({
        kinds: [RelationKind.CONCERNED_ABOUT],
        regarding: 'KHM',
      });
      expect(found.map((s) => `${s.subject.id}:${s.object.id}`).sort()).toEqual([
        'USA:governance',
        'USA:human-rights',
        'eu:democracy',
        'eu:human-rights',
        'eu:labour-rights',
      ]);
    });

    it('what Cambodia exports to the United States', async () => {
      const [exports] = await find({
        kinds: [RelationKind.EXPORTS_TO],
        subject: 'KHM',
        object: 'USA',
      });
      expect(exports?.qualifiers.products).toEqual(['clothing', 'shoes']);
    });
  });

  describe('idempotence', () => {
    it('changes nothing when the same file is loaded again, forced or not', async () => {
      const before = await census(executor);
      const again = await loadFiles(executor, [CAMBODIA], OPTIONS);
      expect(again.unchanged).toEqual([CAMBODIA]);
      expect(again.written).toEqual([]);
      const forced = await loadFiles(executor, [CAMBODIA], { ...OPTIONS, force: true });
      expect(forced.written[0]?.statements).toMatchObject({ added: 0, retracted: 0 });
      expect(await census(executor)).toEqual(before);
    });
  });

  describe('an edited file', () => {
    it('updates changed statements and retracts removed ones of that source only', async () => {
      const laos = laosCopy(dir);
      purge.push(laos.source);
      const first = await loadFiles(executor, [laos.file], OPTIONS);
      expect(first.written[0]?.statements).toEqual({
        added: 4,
        updated: 0,
        unchanged: 0,
        retracted: 0,
        keptRetracted: 0,
      });
      const cambodiaBefore = await find({ source: 'cambodia-foreign-relations' });

      // One quote changed, one statement removed, one qualifier changed (a new derived id).
      const text = readFileSync(laos.file, 'utf8')
        .replace(
          '"Japan supports education projects across the country"',
          '"Japan supports education projects"',
        )
        .replace(/ {2}- kind: HOSTS\n( {4}.*\n)+?(?= {2}- kind)/, '')
        .replace('qualifiers: { since: 1997 }', 'qualifiers: { since: 1998 }')
        .replace(
          'quote: "Laos became a member of ASEAN in 1997"',
          'quote: "Laos became a member of ASEAN"',
        );
      writeFileSync(laos.file, text);
      const second = await loadFiles(executor, [laos.file], OPTIONS);
      expect(second.validation.problems).toEqual([]);
      expect(second.written[0]?.statements).toEqual({
        added: 1,
        updated: 1,
        unchanged: 1,
        retracted: 2,
        keptRetracted: 0,
      });

      const now = await find({ source: laos.source });
      expect(now.map((s) => `${s.kind}:${s.subject.id}:${s.object.id}`).sort()).toEqual([
        'FUNDS:JPN:education',
        'FUNDS:USA:demining',
        'MEMBER_OF:LAO:asean',
      ]);
      expect(now.find((s) => s.kind === 'MEMBER_OF')?.qualifiers.since).toBe(1998);
      expect(now.find((s) => s.subject.id === 'JPN')?.evidence?.[0]?.quote).toBe(
        'Japan supports education projects',
      );

      const history = await executor.read<{ kind: string; retracted: boolean }>(
        'MATCH (st:Statement {source: $source}) RETURN st.kind AS kind, st.retractedAt IS NOT NULL AS retracted ORDER BY kind',
        { source: laos.source },
      );
      expect(
        history
          .filter((h) => h.retracted)
          .map((h) => h.kind)
          .sort(),
      ).toEqual(['HOSTS', 'MEMBER_OF']);
      expect(await find({ source: 'cambodia-foreign-relations' })).toEqual(cambodiaBefore);
    });
  });

  describe('a second country beside Cambodia', () => {
    it('loads without changing any answer about Cambodia, and funding is told apart by recipient', async () => {
      const cambodiaBefore = await find({ entity: 'KHM' });
      const fundsBefore = await find({ kinds: [RelationKind.FUNDS], in: 'KHM' });
      const laos = laosCopy(dir);
      purge.push(laos.source);
      const result = await loadFiles(executor, [laos.file], OPTIONS);
      expect(result.validation.problems).toEqual([]);

      expect(await find({ entity: 'KHM' })).toEqual(cambodiaBefore);
      expect(await find({ kinds: [RelationKind.FUNDS], in: 'KHM' })).toEqual(fundsBefore);
      const inCambodia = await find({
        kinds: [RelationKind.FUNDS],
        object: 'demining',
        in: 'KHM',
      });
      const inLaos = await find({
        kinds: [RelationKind.FUNDS],
        object: 'demining',
        in: 'LAO',
        source: laos.source,
      });
      expect(inCambodia.map((s) => s.subject.id)).toEqual(['USA']);
      expect(inLaos.map((s) => [s.subject.id, s.qualifiers.in])).toEqual([['USA', 'LAO']]);
      const everywhere = await find({ kinds: [RelationKind.FUNDS], object: 'demining' });
      expect(new Set(everywhere.map((s) => s.qualifiers.in))).toEqual(new Set(['KHM', 'LAO']));
    });
  });

  describe('a generated world of several files', () => {
    it('loads file by file with counts matching the world, and a second load changes nothing', async () => {
      // Countries from the start of the ISO list, which no other test dataset declares.
      const world = await generateWorld(path.join(dir, 'world'), {
        countries: 30,
        organisations: 20,
        agreements: 10,
        issues: 16,
        relations: 3_500,
        perFile: 1_000,
        seed: 11,
      });
      const sources = [
        'synthetic-world-entities',
        ...world.datasets
          .slice(1)
          .map((_, i) => `synthetic-world-${String(i + 1).padStart(4, '0')}`),
      ];
      // Statements first, then the entities they connect, so that no entity is left behind.
      const newestFirst = [...sources].reverse();
      for (const source of newestFirst) await purgeSource(executor, source);
      purge.push(...newestFirst);
      const options = { ...OPTIONS, sourcesDirs: [world.sourcesDir], batchSize: 400 };

      const first = await loadFiles(executor, world.datasets, options);
      expect(first.validation.problems).toEqual([]);
      expect(first.written.map((w) => w.source)).toEqual(sources);
      expect(first.written.reduce((n, w) => n + w.statements.added, 0)).toBe(3_500);
      expect(first.written.reduce((n, w) => n + w.evidence, 0)).toBe(3_500);
      const [counts] = await executor.read<{
        entities: number;
        statements: number;
        edges: number;
        evidence: number;
      }>(
        `CALL { MATCH (:Source {id: $entities})-[:DESCRIBES]->(e:Entity) RETURN count(e) AS entities }
         CALL { MATCH (st:Statement) WHERE st.source IN $sources AND st.retractedAt IS NULL RETURN count(st) AS statements }
         CALL { MATCH (:Entity)-[r]->(:Entity) WHERE r.source IN $sources RETURN count(r) AS edges }
         CALL { MATCH (st:Statement)-[ev:EVIDENCE]->(:Source) WHERE st.source IN $sources RETURN count(ev) AS evidence }
         RETURN entities, statements, edges, evidence`,
        { entities: sources[0], sources },
      );
      expect(counts).toEqual({
        entities: world.entities,
        statements: 3_500,
        edges: 3_500,
        evidence: 3_500,
      });

      const before = await census(executor);
      const again = await loadFiles(executor, world.datasets, options);
      expect(again.unchanged).toEqual(world.datasets);
      expect(again.written).toEqual([]);
      const forced = await loadFiles(executor, world.datasets, { ...options, force: true });
      expect(forced.written.reduce((n, w) => n + w.statements.updated, 0)).toBe(3_500);
      expect(
        forced.written.every((w) => w.statements.added === 0 && w.statements.retracted === 0),
      ).toBe(true);
      expect(await census(executor)).toEqual(before);
    });
  });

  describe('hostile datasets', () => {
    const files = readdirSync(HOSTILE).filter((f) => f.endsWith('.yaml'));

    it.each(files)('%s writes nothing', async (name) => {
      const before = await census(executor);
      const result = await loadFiles(executor, [path.join(HOSTILE, name)], OPTIONS);
      expect(result.validation.problems.length).toBeGreaterThan(0);
      expect(result.written).toEqual([]);
      expect(await census(executor)).toEqual(before);
    });

    it('one bad file among good ones writes nothing at all', async () => {
      const before = await census(executor);
      const laos = laosCopy(dir);
      const result = await loadFiles(
        executor,
        [laos.file, path.join(HOSTILE, 'dangling-reference.yaml')],
        OPTIONS,
      );
      expect(result.validation.problems.length).toBeGreaterThan(0);
      expect(await census(executor)).toEqual(before);
    });

    it('rolls everything back when Neo4j fails half-way', async () => {
      const before = await census(executor);
      // A country already holding Mongolia's alpha-2 code: only the database can know, so
      // the load fails inside the transaction, after the first file has been written.
      const blocker = uniqueId('blocker');
      await executor.write('CREATE (:Entity:Country {id: $id, name: "Blocker", iso2: "MN"})', {
        id: blocker,
      });
      try {
        const good = laosCopy(dir);
        const bad = path.join(dir, `${uniqueId('mongolia')}.yaml`);
        writeFileSync(
          bad,
          [
            'source:',
            `  id: ${path.basename(bad, '.yaml')}`,
            '  title: A text on Mongolia',
            '  text: mongolia.txt',
            '  sections: [{ id: lead, heading: null }]',
            'entities:',
            '  - { kind: Country, id: MNG, iso2: MN, name: Mongolia }',
            '  - { kind: Organisation, id: un, type: intergovernmental, name: United Nations, acronym: UN, aliases: [UN], wikidataId: Q1065 }',
            'statements:',
            '  - kind: MEMBER_OF',
            '    subject: MNG',
            '    object: un',
            '    qualifiers: { since: 1961 }',
            '    evidence: [{ section: lead, quote: "a member of the United Nations since 1961" }]',
            '',
          ].join('\n'),
        );
        const withBlocker = await census(executor);
        let thrown: unknown;
        try {
          await loadFiles(executor, [good.file, bad], {
            ...OPTIONS,
            sourcesDirs: [],
            batchSize: 1,
          });
        } catch (error) {
          thrown = error;
        }
        expect(thrown).toBeInstanceOf(AppError);
        expect((thrown as AppError).code).toBe(ErrorCode.CONFLICT);
        expect(await census(executor)).toEqual(withBlocker);

        // Committed file by file, the file before the failure stays loaded, the failing one not.
        await expect(
          loadFiles(executor, [good.file, bad], {
            ...OPTIONS,
            sourcesDirs: [],
            batchSize: 1,
            commitPerFile: true,
          }),
        ).rejects.toMatchObject({ code: ErrorCode.CONFLICT });
        expect((await census(executor)).sources).toEqual(
          [...withBlocker.sources, good.source].sort(),
        );
        await purgeSource(executor, good.source);
        expect(await census(executor)).toEqual(withBlocker);
      } finally {
        await executor.write('MATCH (c:Country {id: $id}) DELETE c', { id: blocker });
      }
      expect(await census(executor)).toEqual(before);
    });
  });
});
