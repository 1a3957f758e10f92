import { GraphQLError } from 'graphql';

/** Every error code a client can receive in `errors[].extensions.code`. */
export enum ErrorCode {
  /** An argument or variable is malformed or out of range. */
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  /** The requested id does not exist. */
  NOT_FOUND = 'NOT_FOUND',
  /** The write conflicts with existing data (a uniqueness constraint). */
  CONFLICT = 'CONFLICT',
  /** Neo4j cannot be reached right now; retry later. */
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  /** The database work took longer than the configured transaction timeout. */
  TIMEOUT = 'TIMEOUT',
  /** Anything else; details are in the server log under the request id, never in the response. */
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

/** An error whose message is safe to show to clients, with one of our codes. */
export class AppError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options: { cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(message, {
      extensions: { code, ...options.details },
      originalError: asError(options.cause),
    });
    this.name = 'AppError';
  }
}

function asError(cause: unknown): Error | undefined {
  return cause instanceof Error ? cause : undefined;
}
