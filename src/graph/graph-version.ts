import { GraphReader, TxRunner } from './executor';

/*
 * The graph's version (see cypher/V008__graph_version.cypher): a counter on one node that every
 * write which changes what the API answers moves forward, in its own transaction, last, so
 * that the node's lock is held only while the transaction commits. Readers key cached answers
 * and ETags by it; a client that wrote waits for it on another API server
 * (x-graph-min-version).
 */

/** The version of the graph, and the database it belongs to. */
export interface GraphVersion {
  /** Increases by one with every committed load, unload, edit and migration. */
  version: number;
  /** Made anew with every database: versions of two databases never compare. */
  graphId: string;
  /** When the version last moved (ISO 8601). */
  changedAt: string;
}

/** What is known before the migration that makes the version, or while Neo4j never answered. */
export const NO_VERSION: GraphVersion = {
  version: 0,
  graphId: 'none',
  changedAt: new Date(0).toISOString(),
};

const RETURN_VERSION =
  'RETURN v.version AS version, v.graphId AS graphId, toString(v.changedAt) AS changedAt';

/**
 * Moves the graph's version forward inside the caller's write transaction and returns the new
 * one. Run it as the transaction's last statement: it takes the version node's write lock.
 */
export async function bumpGraphVersion(run: TxRunner): Promise<GraphVersion> {
  // MERGE under the uniqueness constraint: also right on a graph the migration has not reached.
  const [row] = await run<GraphVersion & Record<string, unknown>>(
    `MERGE (v:GraphVersion {id: 'graph'})
       ON CREATE SET v.version = 0, v.graphId = randomUUID()
     SET v.version = v.version + 1, v.changedAt = datetime()
     ${RETURN_VERSION}`,
  );
  return row as GraphVersion;
}

/** The graph's version now; {@link NO_VERSION} before the migration that makes it. */
export async function readGraphVersion(reader: GraphReader): Promise<GraphVersion> {
  const [row] = await reader.read<GraphVersion & Record<string, unknown>>(
    `MATCH (v:GraphVersion {id: 'graph'}) ${RETURN_VERSION}`,
  );
  return row ?? NO_VERSION;
}
