import express from 'express';
import { ErrorCode } from '../errors';
import { GraphExecutor } from '../graph/executor';
import { StagedLoadMarker, abandoned, readMarker } from '../graph/staged-load';

/**
 * Whether a staged load is in progress or abandoned (see graph/staged-load.ts): while its
 * marker stands the graph holds part of a load, and the API answers nothing from it. The
 * answer is trusted for `checkMs` (LOAD_CHECK_MS), so that requests cost no extra round trip;
 * a staged load waits as long before it writes.
 */
export class LoadGate {
  private seen: { at: number; marker: StagedLoadMarker | undefined } | undefined;
  private looking: Promise<StagedLoadMarker | undefined> | undefined;

  constructor(
    private readonly executor: GraphExecutor,
    private readonly checkMs: number,
    private readonly staleMs: number,
  ) {}

  /** The marker standing now, if any; undefined too when the database cannot be asked. */
  async marker(): Promise<StagedLoadMarker | undefined> {
    if (this.seen && Date.now() - this.seen.at < this.checkMs) return this.seen.marker;
    this.looking ??= readMarker(this.executor)
      .then((marker) => {
        this.seen = { at: Date.now(), marker };
        return marker;
      })
      // Unreachable: the request itself will say so, with its own code.
      .catch(() => undefined)
      .finally(() => (this.looking = undefined));
    return this.looking;
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
