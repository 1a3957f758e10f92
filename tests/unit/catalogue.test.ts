import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iso3166 from 'iso-3166-1';
import { PROJECT_ROOT } from '../../src/config';
import { WorldCountry, countriesYaml } from '../../src/generate/catalogue';
import { readCatalogue, sharedIdsMarkdown } from '../../src/ingest/catalogue';
import { validateFiles } from '../../src/ingest/validate';

/*
 * The reference catalogue: well-formed, every ISO 3166-1 country in it, generated as its
 * generator writes it, and used by validation: what a dataset names without declaring
 * resolves, a kind it contradicts is refused, a second id for a listed name is a warning.
 */

const CATALOGUE = path.join(PROJECT_ROOT, 'catalogue');
const FIXTURES = path.join(PROJECT_ROOT, 'tests', 'fixtures');
const THAILAND = path.join(FIXTURES, 'datasets', 'thailand.yaml');
const SOURCES = [path.join(FIXTURES, 'sources')];

describe('the reference catalogue', () => {
  const catalogue = readCatalogue(CATALOGUE);

  it('is well-formed and lists every ISO 3166-1 country under its alpha-3 code', () => {
    expect(catalogue.problems).toEqual([]);
    const countries = [...catalogue.entries.values()].filter((e) => e.entity.kind === 'Country');
    expect(countries.map((e) => e.entity.id).sort()).toEqual(
      iso3166
        .all()
        .map((c) => c.alpha3)
        .sort(),
    );
    expect(catalogue.entries.get('KHM')?.entity).toMatchObject({
      name: 'Cambodia',
      iso2: 'KH',
      officialName: 'Kingdom of Cambodia',
      demonyms: ['Cambodian'],
    });
  });

  it('holds countries.yaml as `npm run catalogue` generates it, and shared-ids.md as listed', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a JSON data package.
    const world = require('world-countries') as WorldCountry[];
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- its version.
    const { version } = require('world-countries/package.json') as { version: string };
    expect(readFileSync(path.join(CATALOGUE, 'countries.yaml'), 'utf8')).toBe(
      countriesYaml(world, version),
    );
    expect(readFileSync(path.join(PROJECT_ROOT, 'docs', 'shared-ids.md'), 'utf8')).toBe(
      sharedIdsMarkdown(catalogue),
    );
  });

  it('lets a dataset name its entities without declaring them, and only with it', () => {
    const withCatalogue = validateFiles([THAILAND], { sourcesDirs: SOURCES, catalogue });
    expect(withCatalogue.problems).toEqual([]);
    const [dataset] = withCatalogue.datasets;
    expect(dataset?.entities.map((e) => e.id)).not.toContain('MMR');
    expect(dataset?.catalogue.map((e) => e.id)).toEqual(
      expect.arrayContaining(['MMR', 'THA', 'asean', 'belt-and-road-initiative']),
    );
    const without = validateFiles([THAILAND], { sourcesDirs: SOURCES });
    expect(without.problems[0]?.message).toBe(
      'object "asean" names no known entity (a dangling reference)',
    );
  });

  describe('against datasets that contradict it', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'diplograph-catalogue-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    const dataset = (entities: string) => {
      const file = path.join(dir, `d${Math.random().toString(36).slice(2)}.yaml`);
      writeFileSync(
        file,
        `source:\n  id: contradiction\n  title: A test\n  text: none.txt\n  sections:\n    - { id: lead, heading: null }\nentities:\n${entities}\nstatements: []\n`,
      );
      return file;
    };

    it('refuses a declaration of another kind, naming the catalogue entry', () => {
      const file = dataset('  - { kind: Issue, id: asean, category: economy, name: ASEAN }');
      const result = validateFiles([file], { catalogue });
      expect(result.problems).toHaveLength(1);
      expect(result.problems[0]?.message).toMatch(
        /^entity "asean" is declared as Issue here but as Organisation in the catalogue \(.*shared\.yaml:\d+\)$/,
      );
    });

    it('lets a declaration say otherwise of a property: the dataset wins', () => {
      const file = dataset(
        '  - { kind: Organisation, id: asean, type: group, name: The ASEAN countries }',
      );
      expect(validateFiles([file], { catalogue }).problems).toEqual([]);
    });

    it('warns of a second id for a name the catalogue lists', () => {
      const file = dataset(
        '  - { kind: Organisation, id: nato-alliance, type: group, name: NATO }',
      );
      const named = dataset(
        '  - { kind: Organisation, id: the-nato, type: intergovernmental, name: North Atlantic Treaty Organization }',
      );
      const nameWarnings = (w: string[]) =>
        w.filter((warning) => warning.includes('has the name of'));
      expect(nameWarnings(validateFiles([file], { catalogue }).warnings)).toEqual([]);
      const { warnings, problems } = validateFiles([named], { catalogue });
      expect(problems).toEqual([]);
      expect(warnings.join('\n')).toMatch(
        /entity "the-nato" has the name of "nato" \(.*shared\.yaml:\d+\)/,
      );
    });

    it('reports a malformed catalogue file where it is wrong', () => {
      const broken = mkdtempSync(path.join(dir, 'broken-'));
      writeFileSync(
        path.join(broken, 'bad.yaml'),
        'catalogue:\n  title: Bad\nentities:\n  - { kind: Country, id: XYZ, iso2: XY, name: Nowhere }\n  - { kind: Country, id: KHM, iso2: KH, name: Cambodia }\n  - { kind: Country, id: KHM, iso2: KH, name: Cambodia }\n',
      );
      const bad = readCatalogue(broken);
      expect(bad.problems.map((p) => [p.line, p.message])).toEqual([
        [4, '"XYZ" is not an ISO 3166-1 alpha-3 country code'],
        [6, expect.stringMatching(/^duplicate catalogue id "KHM" \(also at .*bad\.yaml:5\)$/)],
      ]);
      const file = dataset('  - { kind: Issue, id: tea, category: economy, name: Tea }');
      expect(validateFiles([file], { catalogue: bad }).problems).toHaveLength(2);
    });
  });
});
