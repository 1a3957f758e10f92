import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/config';
import { coverageOf, entityNames, formatCoverage } from '../../src/ingest/coverage';
import { readLocatedText, validateFiles } from '../../src/ingest/validate';

const FIXTURES = path.join(PROJECT_ROOT, 'tests', 'fixtures');
const FIXTURE_SOURCES = path.join(FIXTURES, 'sources');
const LAOS = path.join(FIXTURES, 'datasets', 'laos.yaml');

/** The coverage of a dataset over its text of our own. */
function coverage(file: string) {
  const result = validateFiles([file], { sourcesDirs: [FIXTURE_SOURCES] });
  expect(result.problems).toEqual([]);
  const dataset = result.datasets[0]!;
  const text = readLocatedText([FIXTURE_SOURCES], dataset.source);
  return coverageOf(dataset, text, entityNames(dataset.entities));
}

describe('coverage of a source by its dataset', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'diplograph-coverage-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives every sentence, the statements citing it and the entities it names', () => {
    const report = coverage(LAOS);
    expect(report.sentences.map((s) => [s.index, s.section, s.citedBy.length, s.mentions])).toEqual(
      [
        [1, 'lead', 0, []],
        [2, 'lead', 0, ['LAO']],
        [3, 'asean', 2, ['LAO', 'asean']],
        [4, 'partners', 1, ['USA', 'demining', 'LAO']],
        [5, 'partners', 1, ['JPN', 'education']],
      ],
    );
    expect(report.sentences[3]?.text).toBe(
      'The United States funds demining in Laos, where unexploded ordnance still lies in farmland.',
    );
    expect(report.sentences[2]?.citedBy.map((s) => s.kind).sort()).toEqual(['HOSTS', 'MEMBER_OF']);
    expect(report.cited).toBe(3);
    expect(report.gaps).toEqual([]);
  });

  it('names an uncited sentence that names two known entities as a gap', () => {
    const file = path.join(dir, 'without-japan.yaml');
    const laos = readFileSync(LAOS, 'utf8');
    // Drop the last statement: Japan's funding of education.
    writeFileSync(file, laos.slice(0, laos.lastIndexOf('  - kind: FUNDS')));
    const report = coverage(file);
    expect(report.cited).toBe(2);
    expect(report.gaps).toEqual([5]);
    const text = formatCoverage(report);
    expect(text.split('\n')[0]).toBe(
      `${file} (laos-relations-fixture.txt): 2 of 5 sentences cited (40%); 1 uncited sentence names two or more known entities.`,
    );
    expect(text).toContain(
      '! 5 (line 5): Japan supports education projects across the country.\n    names JPN, education; cited by nothing',
    );
    expect(text).toContain(
      '+ 4 (line 5): The United States funds demining in Laos, where unexploded ordnance still lies in farmland.\n    FUNDS USA -> demining [laos-relations-fixture:',
    );
  });
});
