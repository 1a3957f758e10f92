import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  MIGRATIONS_DIR,
  MigrationError,
  readMigrations,
  splitStatements,
} from '../../src/graph/migrations';

describe('splitStatements', () => {
  it('splits on a semicolon at the end of a line and drops comments', () => {
    const text = [
      '// a comment',
      'CREATE CONSTRAINT a IF NOT EXISTS',
      '  FOR (n:A) REQUIRE n.id IS UNIQUE;',
      '',
      'CREATE INDEX b IF NOT EXISTS FOR (n:B) ON (n.name); ',
      'RETURN "x;y"',
    ].join('\n');
    expect(splitStatements(text)).toEqual([
      'CREATE CONSTRAINT a IF NOT EXISTS\n  FOR (n:A) REQUIRE n.id IS UNIQUE',
      'CREATE INDEX b IF NOT EXISTS FOR (n:B) ON (n.name)',
      'RETURN "x;y"',
    ]);
  });
});

describe('readMigrations', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'diplograph-unit-migrations-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('orders by version number, not by name', () => {
    writeFileSync(path.join(dir, 'V010__later.cypher'), 'RETURN 10;');
    writeFileSync(path.join(dir, 'V002__earlier.cypher'), 'RETURN 2;');
    writeFileSync(path.join(dir, 'README.md'), 'not a migration');
    expect(readMigrations(dir).map((m) => [m.version, m.name])).toEqual([
      [2, 'earlier'],
      [10, 'later'],
    ]);
  });

  it('gives the same checksum whatever the comments', () => {
    writeFileSync(path.join(dir, 'V001__a.cypher'), '// one\nRETURN 1;');
    const first = readMigrations(dir)[0]?.checksum;
    writeFileSync(path.join(dir, 'V001__a.cypher'), '// two\n\nRETURN 1;\n');
    expect(readMigrations(dir)[0]?.checksum).toBe(first);
  });

  it.each([
    ['V1__short_version.cypher', 'RETURN 1;', /named V<number>__<lower_snake_name>\.cypher/],
    ['V001-dash.cypher', 'RETURN 1;', /named V<number>__/],
    ['V001__empty.cypher', '// nothing\n', /holds no statement/],
  ])('rejects %s', (file, text, message) => {
    writeFileSync(path.join(dir, file), text);
    expect(() => readMigrations(dir)).toThrow(MigrationError);
    expect(() => readMigrations(dir)).toThrow(message);
  });

  it('rejects two files with one version', () => {
    writeFileSync(path.join(dir, 'V003__a.cypher'), 'RETURN 1;');
    writeFileSync(path.join(dir, 'V0003__b.cypher'), 'RETURN 2;');
    expect(() => readMigrations(dir)).toThrow(/have the same version 3/);
  });

  it('reads the project migrations, each statement idempotent', () => {
    const migrations = readMigrations(MIGRATIONS_DIR);
    expect(migrations.length).toBeGreaterThan(0);
    for (const statement of migrations.flatMap((m) => m.statements)) {
      expect(statement).toMatch(/IF NOT EXISTS|IF EXISTS|MERGE/);
    }
  });
});
