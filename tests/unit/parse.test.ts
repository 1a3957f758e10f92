import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { PROJECT_ROOT } from '../../src/config';
import { fastParse, parseDatasetFile } from '../../src/ingest/parse';

/*
 * Datasets are read by js-yaml first (twenty times faster), by the positional parser when
 * js-yaml cannot say the same: both must give the same data, every place must still be found,
 * and whatever is hostile must reach the positional parser, which reports it where it is.
 */

const yamlIn = (dir: string): string[] =>
  readdirSync(path.join(PROJECT_ROOT, dir))
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => path.join(PROJECT_ROOT, dir, name));

const FILES = [
  ...yamlIn('data'),
  ...yamlIn('catalogue'),
  ...yamlIn('tests/fixtures/datasets'),
  ...yamlIn('tests/fixtures/hostile'),
];

describe('the fast parse', () => {
  it.each(FILES.map((file) => [path.relative(PROJECT_ROOT, file), file]))(
    '%s: gives what the positional parser gives, or leaves it to that parser',
    (_name, file) => {
      const text = readFileSync(file, 'utf8');
      const fast = fastParse(text);
      if (fast === undefined) return;
      const doc = parseDocument(text, { uniqueKeys: true, strict: true });
      expect(doc.errors).toEqual([]);
      expect(fast).toEqual(doc.toJS());
    },
  );

  it('takes the plain datasets, and leaves every hostile construct to the positional parser', () => {
    const plain = [...yamlIn('data'), ...yamlIn('tests/fixtures/datasets')];
    expect(plain.map((file) => fastParse(readFileSync(file, 'utf8')) !== undefined)).toEqual(
      plain.map(() => true),
    );
    for (const name of [
      'yaml-bomb.yaml',
      'custom-tag.yaml',
      'duplicate-key.yaml',
      'multi-document.yaml',
      'malformed.yaml',
      'empty.yaml',
      'not-a-mapping.yaml',
    ]) {
      const text = readFileSync(path.join(PROJECT_ROOT, 'tests/fixtures/hostile', name), 'utf8');
      expect([name, fastParse(text)]).toEqual([name, undefined]);
    }
  });

  it('finds places lazily, in the head of the file and among the statements alike', () => {
    const file = path.join(PROJECT_ROOT, 'tests/fixtures/datasets/laos.yaml');
    const { parsed } = parseDatasetFile(file);
    const lines = readFileSync(file, 'utf8').split('\n');
    const lineOf = (p: Array<string | number>) => parsed?.locate(p).line ?? 0;
    expect(lines[lineOf(['source', 'id']) - 1]).toContain('id: laos-relations-fixture');
    expect(lines[lineOf(['entities', 0, 'id']) - 1]).toContain('id: LAO');
    expect(lines[lineOf(['statements', 1, 'kind']) - 1]).toContain('kind: HOSTS');
    expect(lines[lineOf(['statements', 3, 'evidence', 0, 'quote']) - 1]).toContain(
      'Japan supports education',
    );
  });
});
