import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GraphExecutor } from '../../src/graph/executor';
import {
  MIGRATIONS_DIR,
  MigrationError,
  appliedMigrations,
  applyMigrations,
  readMigrations,
} from '../../src/graph/migrations';
import { testExecutor } from './helpers';

describe('migrations against the real Neo4j', () => {
  let executor: GraphExecutor;
  let dir: string;
  // A version far above the real ones, and an index name no real migration uses.
  const version = 90_000 + Math.floor(Math.random() * 9_999);
  const index = `test_only_index_${version}`;

  beforeAll(() => {
    executor = testExecutor();
    dir = mkdtempSync(path.join(os.tmpdir(), 'diplograph-migrations-'));
  });

  afterAll(async () => {
    await executor.schema(`DROP INDEX ${index} IF EXISTS`);
    await executor.write('MATCH (m:SchemaMigration {version: $version}) DELETE m', { version });
    await executor.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('applies the project migrations idempotently and records them', async () => {
    const migrations = readMigrations(MIGRATIONS_DIR);
    await applyMigrations(executor, migrations);
    expect(await applyMigrations(executor, migrations)).toEqual([]);
    const recorded = await appliedMigrations(executor);
    for (const migration of migrations) {
      expect(recorded).toContainEqual(
        expect.objectContaining({ version: migration.version, checksum: migration.checksum }),
      );
    }
    const constraints = await executor.read<{ name: string }>(
      'SHOW CONSTRAINTS YIELD name RETURN name',
    );
    expect(constraints.map((c) => c.name)).toEqual(
      expect.arrayContaining(['entity_id', 'source_id', 'schema_migration_version']),
    );
  });

  it('applies a new migration once, then refuses it when its file changes', async () => {
    const file = path.join(dir, `V${version}__test_only.cypher`);
    writeFileSync(
      file,
      `// test\nCREATE INDEX ${index} IF NOT EXISTS FOR (n:TestOnly) ON (n.x);\n`,
    );
    const applied = await applyMigrations(executor, readMigrations(dir));
    expect(applied.map((m) => m.version)).toEqual([version]);
    const indexes = await executor.read<{ name: string }>(
      'SHOW INDEXES YIELD name WHERE name = $index RETURN name',
      { index },
    );
    expect(indexes).toHaveLength(1);
    expect(await applyMigrations(executor, readMigrations(dir))).toEqual([]);

    writeFileSync(file, `CREATE INDEX ${index} IF NOT EXISTS FOR (n:TestOnly) ON (n.y);\n`);
    await expect(applyMigrations(executor, readMigrations(dir))).rejects.toThrow(MigrationError);
    await expect(applyMigrations(executor, readMigrations(dir))).rejects.toThrow(
      /was changed after it was applied/,
    );
  });

  it('keeps migrations idempotent when two processes apply them at once', async () => {
    const second = testExecutor();
    try {
      const migrations = readMigrations(MIGRATIONS_DIR);
      await Promise.all([
        applyMigrations(executor, migrations),
        applyMigrations(second, migrations),
      ]);
      const recorded = await executor.read<{ n: number }>(
        'MATCH (m:SchemaMigration) WHERE m.version < 90000 RETURN count(m) AS n',
      );
      expect(recorded[0]?.n).toBe(migrations.length);
    } finally {
      await second.close();
    }
  });
});
