import pino, { Logger } from 'pino';

export type { Logger };

/**
 * Creates the process logger: JSON lines on stderr, so that stdout stays free for
 * command output (`diplograph neo4j status`, `emit-schema`).
 */
export function createLogger(level: string): Logger {
  return pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    pino.destination({ fd: 2, sync: true }),
  );
}
