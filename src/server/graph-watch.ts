import express from 'express';
import { AppError, ErrorCode } from '../errors';
import { GraphExecutor } from '../graph/executor';
import { GraphVersion, NO_VERSION, readGraphVersion } from '../graph/graph-version';
import { StagedLoadMarker, abandoned, readMarker } from '../graph/staged-load';

/**
 * What the API knows of the graph's state without asking for each request: whether a staged
 * load is in progress or abandoned (see graph/staged-load.ts), and the graph's version (see
 * graph/graph-version.ts).
 *
 * It looks every half `checkMs` (LOAD_CHECK_MS) in the background, and requests take its last
 * answer: they cost no extra round trip, and a database that stops answering delays them no
 * more than their own statements do.
 * - While a staged load's marker stands the graph holds part of a load, and the API answers
 *   nothing from it. A staged load waits `checkMs` after it makes its marker before it writes,
 *   so by then every server has seen it (unless its database has stopped answering, in which
 *   case the load writes nothing either).
 * - Cached answers and ETags are keyed by the version of a look begun within the last
 *   `checkMs` ({@link version}). A load waits twice `checkMs` after it commits before it says it
 *   is done, so every request after that is answered from its version or a later one. An
 *   edit through this server is seen at once ({@link advance}); a client that edited through
 *   another server asks for its version (`x-graph-min-version`), and {@link atLeast} looks
 *   again until the graph has reached it.
 */
export class GraphWatch {
  private seen: StagedLoadMarker | undefined;
  private known: GraphVersion | undefined;
  /** When the look that found `known` began (ms since the epoch). */
  private knownAt = 0;
  private first: Promise<void> | undefined;
  private looking: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly listeners = new Set<(version: GraphVersion) => void>();

  constructor(
    private readonly executor: GraphExecutor,
    private readonly checkMs: number,
    private readonly staleMs: number,
  ) {}

  /** Looks at the marker and the version; a look in progress is shared, not doubled. */
  private look(): Promise<void> {
    if (!this.looking) {
      const began = Date.now();
      this.looking = Promise.all([readMarker(this.executor), readGraphVersion(this.executor)])
        .then(([marker, version]) => {
          this.seen = marker;
          this.knownAt = began;
          this.advance(version);
        })
        // Unreachable: requests say so themselves, with their own code.
        .catch(() => undefined)
        .finally(() => {
          this.looking = undefined;
        });
    }
    return this.looking;
  }

  /**
   * Takes a version learnt elsewhere (an edit this server committed) when it is later than
   * the one known, or of another database; listeners hear of every change.
   */
  advance(version: GraphVersion): void {
    const known = this.known;
    if (known && known.graphId === version.graphId && known.version >= version.version) return;
    this.known = version;
    for (const listener of this.listeners) listener(version);
  }

  /** Calls `listener` with every new version; returns the way to stop. */
  onChange(listener: (version: GraphVersion) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The version to answer from: one a look begun within the last `checkMs` found. The looks in
   * the background keep it so; when they fall behind (a busy event loop, a slow read), the
   * request waits for a look, shared with every other request waiting. A load that waits
   * longer than `checkMs` after it commits is therefore seen by every request that comes
   * after it. While Neo4j does not answer, the last version seen (0 if none ever was).
   */
  async version(): Promise<GraphVersion> {
    await this.start();
    for (let tries = 0; tries < 2 && Date.now() - this.knownAt > this.checkMs; tries++)
      await this.look();
    return this.latest();
  }

  /** The version known now, with no look. */
  latest(): GraphVersion {
    return this.known ?? NO_VERSION;
  }

  /**
   * The version, once it is at least `min`: looked at again until it is, for up to
   * `timeoutMs`; then SERVICE_UNAVAILABLE, saying which version this server has reached.
   */
  async atLeast(min: number, timeoutMs: number): Promise<GraphVersion> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const version = await this.version();
      if (version.version >= min) return version;
      if (Date.now() >= deadline)
        throw new AppError(
          ErrorCode.SERVICE_UNAVAILABLE,
          `The graph has not reached version ${min} here within ${timeoutMs} ms (it is at version ${version.version}); retry later`,
          { status: 503, details: { minVersion: min, version: version.version } },
        );
      await this.look();
      if ((this.known?.version ?? 0) < min) await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** Looks now and then every half `checkMs` (at least 50 ms apart) until {@link stop}. */
  start(): Promise<void> {
    this.first ??= this.look();
    this.timer ??= setInterval(() => void this.look(), Math.max(this.checkMs / 2, 50));
    this.timer.unref();
    return this.first;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** The marker standing at the last look, if any (the first look awaited). */
  async marker(): Promise<StagedLoadMarker | undefined> {
    await this.start();
    return this.seen;
  }

  /** What a client is told while `marker` stands. */
  refusal(marker: StagedLoadMarker): { message: string; extensions: Record<string, unknown> } {
    const dead = abandoned(marker, this.staleMs);
    const share = marker.rows > 0 ? Math.floor((marker.done / marker.rows) * 100) : 0;
    return {
      message: dead
        ? `A staged load started at ${marker.startedAt} did not finish; nothing of it is shown. The next load or start of the server removes it.`
        : `The graph is being loaded (${share}% of ${marker.rows} rows, started at ${marker.startedAt}); the API answers once the load is complete.`,
      extensions: {
        code: ErrorCode.LOADING,
        startedAt: marker.startedAt,
        rows: marker.rows,
        done: marker.done,
        abandoned: dead,
      },
    };
  }

  /** Express middleware: 503 LOADING, in GraphQL's error shape, while a marker stands. */
  middleware(): express.RequestHandler {
    return (req, res, next) => {
      if (req.method === 'OPTIONS') {
        next();
        return;
      }
      this.marker()
        .then((marker) => {
          if (!marker) {
            next();
            return;
          }
          res.setHeader('retry-after', String(Math.max(1, Math.ceil(this.checkMs / 1000))));
          res.status(503).json({ errors: [this.refusal(marker)] });
        })
        .catch(next);
    };
  }
}
