import { GraphQLError } from 'graphql';
import { Neo4jError } from 'neo4j-driver';
import { AppError, ErrorCode } from '../../src/errors';
import { mapError } from '../../src/graph/executor';
import { formatError } from '../../src/server/app';

describe('formatError', () => {
  it('keeps our errors with their code', () => {
    const error = new AppError(ErrorCode.NOT_FOUND, 'No entity has the id "x"', {
      details: { id: 'x' },
    });
    expect(
      formatError(
        { message: error.message, extensions: { code: 'NOT_FOUND', stacktrace: ['at x'] } },
        error,
      ),
    ).toEqual({
      message: 'No entity has the id "x"',
      extensions: { code: 'NOT_FOUND', id: 'x' },
    });
  });

  it('masks anything else, whatever it says', () => {
    const leaky = new Error(
      'Neo.ClientError: MATCH (n:Secret) RETURN n failed at /srv/app/src/graph/executor.ts:12',
    );
    const formatted = formatError(
      {
        message: leaky.message,
        path: ['entity'],
        extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['Error: ...'] },
      },
      new GraphQLError(leaky.message, { originalError: leaky }),
    );
    expect(formatted).toEqual({
      message: 'Internal server error',
      path: ['entity'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });

  it('keeps client errors from GraphQL itself, without a stack trace', () => {
    const formatted = formatError(
      {
        message: 'Cannot query field "x" on type "Query".',
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED', stacktrace: ['...'] },
      },
      new GraphQLError('Cannot query field "x" on type "Query".'),
    );
    expect(formatted).toEqual({
      message: 'Cannot query field "x" on type "Query".',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
  });
});

describe('errors that carry no code of their own', () => {
  it('says why graphql-js gave up validating', () => {
    expect(
      formatError(
        { message: 'Validation aborted.', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } },
        new GraphQLError('Validation aborted.'),
      ),
    ).toEqual({
      message:
        'The document is too costly to validate: too many fields or fragment spreads to compare with each other',
      extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'validation' },
    });
  });

  it("keeps Apollo's refusal of a request as a BAD_REQUEST", () => {
    const refusal = new GraphQLError('provided sha does not match query', {
      extensions: { http: { status: 400 } },
    });
    expect(
      formatError(
        { message: refusal.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } },
        refusal,
      ),
    ).toEqual({
      message: 'provided sha does not match query',
      extensions: { code: 'BAD_REQUEST' },
    });
  });
});

describe('mapError', () => {
  it.each([
    ['ServiceUnavailable', ErrorCode.SERVICE_UNAVAILABLE],
    ['SessionExpired', ErrorCode.SERVICE_UNAVAILABLE],
    ['Neo.ClientError.Schema.ConstraintValidationFailed', ErrorCode.CONFLICT],
    ['Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration', ErrorCode.TIMEOUT],
    ['Neo.ClientError.Statement.SyntaxError', ErrorCode.INTERNAL_SERVER_ERROR],
    // The driver's own: the pool had no connection to give in time.
    ['N/A', ErrorCode.SERVICE_UNAVAILABLE],
    ['Neo.TransientError.General.DatabaseUnavailable', ErrorCode.SERVICE_UNAVAILABLE],
  ])('maps %s to %s and keeps Neo4j text out of the message', (code, expected) => {
    const mapped = mapError(new Neo4jError('MATCH (secret) failed', code, 'gql', 'desc'));
    expect(mapped.code).toBe(expected);
    expect(mapped.message).not.toContain('MATCH');
  });
});
