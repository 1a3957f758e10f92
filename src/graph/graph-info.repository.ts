import { GraphReader } from './executor';
import { readGraphVersion } from './graph-version';
import { AppliedMigration, appliedMigrations } from './migrations';

/** What the API is connected to, and the size of the graph. */
export interface GraphInfoRecord {
  neo4jVersion: string;
  edition: string;
  database: string;
  nodeCount: number;
  relationshipCount: number;
  migrations: Array<Omit<AppliedMigration, 'appliedAt'> & { appliedAt: Date }>;
  version: number;
  graphId: string;
  versionChangedAt: Date;
}

/** Reads facts about the database itself. */
export class GraphInfoRepository {
  constructor(
    private readonly executor: GraphReader,
    private readonly database: string,
  ) {}

  async get(): Promise<GraphInfoRecord> {
    const [components, counts, migrations, version] = await Promise.all([
      this.executor.read<{ version: string; edition: string }>(
        'CALL dbms.components() YIELD versions, edition RETURN versions[0] AS version, edition',
      ),
      // Both counts come from Neo4j's count store: constant time whatever the graph's size.
      this.executor.read<{ nodes: number; relationships: number }>(
        'CALL { MATCH (n) RETURN count(n) AS nodes } CALL { MATCH ()-[r]->() RETURN count(r) AS relationships } RETURN nodes, relationships',
      ),
      appliedMigrations(this.executor),
      readGraphVersion(this.executor),
    ]);
    return {
      neo4jVersion: components[0]?.version ?? 'unknown',
      edition: components[0]?.edition ?? 'unknown',
      database: this.database,
      nodeCount: counts[0]?.nodes ?? 0,
      relationshipCount: counts[0]?.relationships ?? 0,
      migrations: migrations.map((m) => ({ ...m, appliedAt: new Date(m.appliedAt) })),
      version: version.version,
      graphId: version.graphId,
      versionChangedAt: new Date(version.changedAt),
    };
  }
}
