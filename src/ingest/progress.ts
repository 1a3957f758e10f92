import { Logger } from '../logger';

/** Reports how far a long piece of work has got. */
export interface Progress {
  start(total: number): void;
  tick(done: number): void;
  done(): void;
}

export const silentProgress: Progress = {
  start: () => undefined,
  tick: () => undefined,
  done: () => undefined,
};

/**
 * A progress bar redrawn in place on a terminal; elsewhere (CI, pipes), a structured log
 * line at every tenth of the way.
 */
export function createProgress(
  label: string,
  stream: NodeJS.WriteStream,
  logger: Logger,
): Progress {
  let total = 0;
  let done = 0;
  let lastDecile = -1;
  let lastDraw = 0;
  const draw = (force = false) => {
    const now = Date.now();
    if (!force && now - lastDraw < 100) return;
    lastDraw = now;
    const ratio = total === 0 ? 1 : Math.min(1, done / total);
    const width = 30;
    const filled = Math.round(ratio * width);
    stream.write(
      `\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} rows ${Math.floor(ratio * 100)}%`,
    );
  };
  return {
    start(n) {
      total = n;
      done = 0;
      lastDecile = -1;
      if (stream.isTTY) draw(true);
      else logger.info({ total }, `${label}: started`);
    },
    tick(n) {
      done += n;
      if (stream.isTTY) draw();
      else {
        const decile = total === 0 ? 10 : Math.floor((done / total) * 10);
        if (decile > lastDecile && decile < 10) {
          lastDecile = decile;
          logger.info({ done, total }, `${label}: ${decile * 10}%`);
        }
      }
    },
    done() {
      if (stream.isTTY) {
        draw(true);
        stream.write('\n');
      } else logger.info({ done, total }, `${label}: done`);
    },
  };
}
