import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { GraphExecutor, TxRunner } from './executor';
import { lockIngest } from './dataset-writer';
import { bumpGraphVersion } from './graph-version';
import { DEFAULT_LOAD_STALE_MS, StagingOptions } from '../config';

/*
 * Staged loads: a large first load, committed batch by batch, that readers never see half-way.
 *
 * One transaction per load keeps every file all or nothing, but Neo4j holds the whole load in
 * its heap until commit: a million relations need more than 7 GiB. A load of at least
 * `minRows` rows into a graph with no entity and no statement is staged instead:
 *
 * 1. In one transaction, under the ingest lock, it finds the graph empty and creates the one
 *    `StagedLoad` marker node: who loads (host, pid), what (sources, files, rows) and a
 *    heartbeat. While the marker stands the API answers every operation with 503 LOADING
 *    (see GraphWatch), other loads wait for it, and nothing else writes.
 * 2. It waits `checkMs` (how often API servers look for the marker), then writes in batches,
 *    each committed on its own, its heart beating every `staleMs / 4` (at most 2 s).
 * 3. The switch is one small transaction: it deletes the marker. The API answers again, with
 *    the whole load.
 *
 * A staged load that fails removes what it wrote, then its marker. One killed half-way leaves
 * its marker: the API keeps answering LOADING (nothing of the load is visible through it),
 * and the next load or start takes the marker over when its owner is gone (same host and its
 * process ended, or no heartbeat for `staleMs`), removes what the dead load wrote, and loads.
 * Removing is safe because the graph held no entity and no statement when the marker was
 * made and nothing else wrote while it stood: every entity and statement is the load's.
 */

/** The marker of a staged load, as read from the graph. */
export interface StagedLoadMarker {
  loadId: string;
  /** `writing`, or `cleaning` while a later load removes what an abandoned one wrote. */
  phase: string;
  host: string;
  pid: number;
  startedAt: string;
  sources: string[];
  files: string[];
  rows: number;
  /** Rows written so far (as of the last heartbeat). */
  done: number;
  /** Milliseconds since the last heartbeat, by the database's clock. */
  silentMs: number;
}

const READ_MARKER = `MATCH (m:StagedLoad)
  RETURN m.loadId AS loadId, m.phase AS phase, m.host AS host, m.pid AS pid,
         toString(m.startedAt) AS startedAt, m.sources AS sources, m.files AS files,
         m.rows AS rows, m.done AS done,
         duration.inSeconds(m.heartbeatAt, datetime()).milliseconds AS silentMs
  ORDER BY m.startedAt LIMIT 1`;

/** The marker of the staged load in progress or abandoned, if any. */
export async function readMarker(
  run: TxRunner | GraphExecutor,
): Promise<StagedLoadMarker | undefined> {
  const rows =
    run instanceof GraphExecutor
      ? await run.read<StagedLoadMarker>(READ_MARKER)
      : await run<StagedLoadMarker>(READ_MARKER);
  return rows[0];
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, owned by someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether the marker's owner is gone: its process ended (same host), or it fell silent. */
export function abandoned(marker: StagedLoadMarker, staleMs: number): boolean {
  if (marker.host === os.hostname() && marker.pid !== process.pid && !processAlive(marker.pid))
    return true;
  return marker.silentMs > staleMs;
}

/** What a load plans to write, for {@link claimLoad}. */
export interface LoadPlan {
  sources: string[];
  files: string[];
  rows: number;
}

/** What {@link claimLoad} decided. */
export type Claim =
  /** Staged: this load owns the new marker. */
  | { mode: 'staged'; loadId: string }
  /** One transaction, as always: a small load, or a graph that holds data. */
  | { mode: 'single' }
  /** Another load's marker stands and its owner is alive: wait for it. */
  | { mode: 'busy'; marker: StagedLoadMarker }
  /** An abandoned load's marker, now this load's (phase `cleaning`): remove what it wrote. */
  | { mode: 'recover'; loadId: string; marker: StagedLoadMarker };

/**
 * Decides, in one transaction under the ingest lock, how a load proceeds (see {@link Claim});
 * `staging` undefined never stages. The marker it makes or takes over is the load's own until
 * it deletes it.
 */
export async function claimLoad(
  executor: GraphExecutor,
  plan: LoadPlan,
  staging: StagingOptions | undefined,
): Promise<Claim> {
  return executor.writeTransaction(async (run) => {
    await lockIngest(run);
    const marker = await readMarker(run);
    const owner = { loadId: randomUUID(), host: os.hostname(), pid: process.pid };
    if (marker) {
      if (!abandoned(marker, staging?.staleMs ?? DEFAULT_LOAD_STALE_MS))
        return { mode: 'busy', marker };
      await run(
        `MATCH (m:StagedLoad {loadId: $old})
         SET m.loadId = $loadId, m.host = $host, m.pid = $pid, m.phase = 'cleaning',
             m.heartbeatAt = datetime()`,
        { old: marker.loadId, ...owner },
      );
      return { mode: 'recover', loadId: owner.loadId, marker };
    }
    if (!staging || plan.rows < staging.minRows) return { mode: 'single' };
    const [state] = await run<{ filled: boolean }>(
      'RETURN EXISTS { MATCH (:Entity) } OR EXISTS { MATCH (:Statement) } AS filled',
    );
    if (state?.filled !== false) return { mode: 'single' };
    await run(
      `CREATE (:StagedLoad {loadId: $loadId, host: $host, pid: $pid, phase: 'writing',
                            startedAt: datetime(), heartbeatAt: datetime(),
                            sources: $sources, files: $files, rows: $rows, done: 0})`,
      { ...owner, ...plan },
    );
    return { mode: 'staged', loadId: owner.loadId };
  });
}

/** The marker of a staged load was removed by another process: the load must stop. */
export class LoadTakenOverError extends Error {
  constructor() {
    super(
      'another load judged this staged load abandoned and removed it (no heartbeat for LOAD_STALE_MS); nothing of it is visible',
    );
    this.name = 'LoadTakenOverError';
  }
}

/**
 * Beats the heart of the load owning marker `loadId` every `intervalMs`, recording `done()`
 * rows; `check()` throws once the marker has gone (taken over by another load).
 */
export function heartbeat(
  executor: GraphExecutor,
  loadId: string,
  intervalMs: number,
  done: () => number,
): { check(): void; stop(): Promise<void> } {
  let lost = false;
  let beating: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    beating = executor
      .write<{ n: number }>(
        `OPTIONAL MATCH (m:StagedLoad {loadId: $loadId})
         SET m.heartbeatAt = datetime(), m.done = $done
         RETURN count(m) AS n`,
        { loadId, done: done() },
      )
      .then((rows) => {
        if ((rows[0]?.n ?? 0) === 0) lost = true;
      })
      // A missed beat is not fatal: the next one may land, and silence is judged in seconds.
      .catch(() => undefined);
  }, intervalMs);
  timer.unref();
  return {
    check() {
      if (lost) throw new LoadTakenOverError();
    },
    async stop() {
      clearInterval(timer);
      await beating;
    },
  };
}

/** Rows removed per inner transaction when a staged load is taken back. */
const REMOVE_BATCH = 10_000;

/**
 * Removes what the staged load owning marker `loadId` wrote: every relationship between
 * entities, every statement (with its evidence), every entity, and the sources of the marker,
 * each in committed batches, so that a million relations are removed on a small heap too. The
 * marker stays: the caller deletes it or goes on loading under it.
 */
export async function removeStaged(
  executor: GraphExecutor,
  marker: Pick<StagedLoadMarker, 'sources'>,
  timeoutMs: number,
): Promise<void> {
  const steps = [
    `MATCH (:Entity)-[r]->(:Entity) CALL (r) { DELETE r } IN TRANSACTIONS OF ${REMOVE_BATCH} ROWS`,
    `MATCH (st:Statement) CALL (st) { DETACH DELETE st } IN TRANSACTIONS OF ${REMOVE_BATCH} ROWS`,
    `MATCH (e:Entity) CALL (e) { DETACH DELETE e } IN TRANSACTIONS OF ${REMOVE_BATCH} ROWS`,
    'MATCH (s:Source) WHERE s.id IN $sources DETACH DELETE s',
  ];
  for (const step of steps) await executor.autoCommit(step, { sources: marker.sources }, timeoutMs);
}

/**
 * The switch: deletes the marker `loadId`, making the load visible, and moves the graph's
 * version forward in the same transaction. Fails when the marker is gone (another load took it
 * over and removed what this one wrote).
 */
export async function releaseMarker(executor: GraphExecutor, loadId: string): Promise<void> {
  const released = await executor.writeTransaction(async (run) => {
    const rows = await run<{ n: number }>(
      `OPTIONAL MATCH (m:StagedLoad {loadId: $loadId}) DELETE m RETURN count(m) AS n`,
      { loadId },
    );
    // Nothing to commit: the error is thrown outside, as itself.
    if ((rows[0]?.n ?? 0) === 0) return false;
    await bumpGraphVersion(run);
    return true;
  });
  if (!released) throw new LoadTakenOverError();
}

/** How a waiting load or API describes a marker. */
export function describeMarker(marker: StagedLoadMarker): string {
  const files = marker.files.length === 1 ? '1 file' : `${marker.files.length} files`;
  return `a staged load of ${files} (${marker.rows} rows, ${marker.done} written) started at ${marker.startedAt} by process ${marker.pid} on ${marker.host}`;
}
