import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../config';
import { Logger } from '../logger';
import { bumpGraphVersion } from './graph-version';
import { GraphExecutor, GraphReader } from './executor';

/** How long applying migrations waits for indexes to come online, in seconds. */
const INDEX_WAIT_S = 3600;

/** Where the migrations the project ships are. */
export const MIGRATIONS_DIR = path.join(PROJECT_ROOT, 'cypher');

/** One versioned file of `cypher/`. */
export interface Migration {
  version: number;
  name: string;
  file: string;
  checksum: string;
  statements: string[];
}

/** A migration as recorded in the graph. */
export interface AppliedMigration {
  version: number;
  name: string;
  checksum: string;
  appliedAt: string;
}

/** A problem with the migration files or with what the graph says was applied. */
export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

const FILE_PATTERN = /^V(\d{3,})__([a-z0-9][a-z0-9_]*)\.cypher$/;

/**
 * Splits a migration file into statements: a statement ends with `;` at the end of a line;
 * lines starting with `//` are comments.
 */
export function splitStatements(text: string): string[] {
  const statements: string[] = [];
  let current: string[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trimEnd();
    if (line.trim().startsWith('//') || (line.trim() === '' && current.length === 0)) continue;
    if (line.endsWith(';')) {
      current.push(line.slice(0, -1));
      const statement = current.join('\n').trim();
      if (statement !== '') statements.push(statement);
      current = [];
    } else {
      current.push(line);
    }
  }
  const rest = current.join('\n').trim();
  if (rest !== '') statements.push(rest);
  return statements;
}

/** Reads `V<version>__<name>.cypher` files from a folder, in version order. */
export function readMigrations(dir: string): Migration[] {
  const migrations: Migration[] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.cypher')) continue;
    const match = FILE_PATTERN.exec(file);
    if (!match) {
      throw new MigrationError(
        `${path.join(dir, file)}: a migration file is named V<number>__<lower_snake_name>.cypher`,
      );
    }
    const text = readFileSync(path.join(dir, file), 'utf8');
    const statements = splitStatements(text);
    if (statements.length === 0) {
      throw new MigrationError(`${path.join(dir, file)}: holds no statement`);
    }
    migrations.push({
      version: Number(match[1]),
      name: match[2] as string,
      file,
      checksum: createHash('sha256').update(statements.join(';\n')).digest('hex'),
      statements,
    });
  }
  migrations.sort((a, b) => a.version - b.version);
  for (let i = 1; i < migrations.length; i++) {
    const [previous, current] = [migrations[i - 1], migrations[i]] as [Migration, Migration];
    if (previous.version === current.version) {
      throw new MigrationError(
        `${current.file} and ${previous.file} have the same version ${current.version}`,
      );
    }
  }
  return migrations;
}

const BOOTSTRAP =
  'CREATE CONSTRAINT schema_migration_version IF NOT EXISTS FOR (m:SchemaMigration) REQUIRE m.version IS UNIQUE';

/**
 * Applies the project's migrations (`cypher/`), logging each one applied and the outcome: what
 * `serve`, `migrate` and `load` run before anything else.
 */
export async function migrateProject(
  executor: GraphExecutor,
  logger: Logger,
): Promise<{ applied: Migration[]; total: number }> {
  const migrations = readMigrations(MIGRATIONS_DIR);
  const applied = await applyMigrations(executor, migrations, (m) =>
    logger.info({ version: m.version, migration: m.name }, 'applying migration'),
  );
  logger.info({ applied: applied.length, total: migrations.length }, 'migrations current');
  return { applied, total: migrations.length };
}

/** The migrations the graph records as applied, in version order. */
export async function appliedMigrations(executor: GraphReader): Promise<AppliedMigration[]> {
  return executor.read<AppliedMigration & Record<string, unknown>>(
    `MATCH (m:SchemaMigration)
     RETURN m.version AS version, m.name AS name, m.checksum AS checksum,
            toString(m.appliedAt) AS appliedAt
     ORDER BY m.version`,
  );
}

/**
 * Applies the migrations the graph has not recorded yet, in order, and records each one.
 * An applied migration whose file has changed since is an error: migrations are immutable.
 *
 * @returns the migrations applied by this call (empty when the graph was current).
 */
export async function applyMigrations(
  executor: GraphExecutor,
  migrations: Migration[],
  onApply: (migration: Migration) => void = () => undefined,
): Promise<Migration[]> {
  await executor.schema(BOOTSTRAP);
  const applied = new Map((await appliedMigrations(executor)).map((m) => [m.version, m]));
  const done: Migration[] = [];
  for (const migration of migrations) {
    const recorded = applied.get(migration.version);
    if (recorded) {
      if (recorded.checksum !== migration.checksum) {
        throw new MigrationError(
          `${migration.file} was changed after it was applied (checksum ${recorded.checksum.slice(0, 12)} in the graph, ${migration.checksum.slice(0, 12)} on disk); add a new migration instead`,
        );
      }
      continue;
    }
    onApply(migration);
    for (const statement of migration.statements) await executor.schema(statement);
    await executor.write(
      `MERGE (m:SchemaMigration {version: $version})
       ON CREATE SET m.name = $name, m.checksum = $checksum, m.appliedAt = datetime()`,
      { version: migration.version, name: migration.name, checksum: migration.checksum },
    );
    done.push(migration);
  }
  // A new index or analyser can change answers: what was cached before it is not current.
  if (done.length > 0) await executor.writeTransaction((run) => bumpGraphVersion(run));
  // Reads name indexes in hints: every index must be online before anything reads, also
  // when an earlier start applied its migration and stopped before the index was filled.
  await executor.schema(`CALL db.awaitIndexes(${INDEX_WAIT_S})`, (INDEX_WAIT_S + 10) * 1000);
  return done;
}
