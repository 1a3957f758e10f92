import express from 'express';
import { ErrorCode } from '../errors';
import { GraphExecutor } from '../graph/executor';
import { StagedLoadMarker, abandoned, readMarker } from '../graph/staged-load';

/**
 * Whether a staged load is in progress or abandoned (see graph/staged-load.ts): while its
 * marker stands the graph holds part of a load, and the API answers nothing from it. The
 * gate looks for the marker every `checkMs` (LOAD_CHECK_MS) in the background, and requests
 * take its last answer: they cost no extra round trip, and a database that stops answering
 * delays them no more than their own statements do. A staged load waits `checkMs` after it
 * makes its marker before it writes, so by then every gate has seen it (unless its database
 * has stopped answering the gate, in which case it writes nothing either).
 */
export class LoadGate {
  private seen: StagedLoadMarker | undefined;
  private first: Promise<void> | undefined;
  private looking = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly executor: GraphExecutor,
    private readonly checkMs: number,
    private readonly staleMs: number,
  ) {}

  private look(): Promise<void> {
    if (this.looking) return Promise.resolve();
    this.looking = true;
    return (
      readMarker(this.executor)
        .then((marker) => {
          this.seen = marker;
        })
        // Unreachable: requests say so themselves, with their own code.
        .catch(() => undefined)
        .finally(() => {
          this.looking = false;
        })
    );
  }

  /** Looks now and then every `checkMs` until {@link stop}. */
  start(): Promise<void> {
    this.first ??= this.look();
    this.timer ??= setInterval(() => void this.look(), Math.max(this.checkMs, 50));
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
