import neo4j, {
  BookmarkManager,
  Driver,
  Neo4jError,
  QueryResult,
  RecordShape,
  Session,
} from 'neo4j-driver';
import { AppError, ErrorCode } from '../errors';

/** Connection settings for {@link GraphExecutor.connect}. */
export interface ConnectionSettings {
  uri: string;
  user: string;
  password: string;
  database: string;
  connectionTimeoutMs: number;
  acquisitionTimeoutMs: number;
  transactionTimeoutMs: number;
  maxRetryTimeMs: number;
  maxPoolSize: number;
  /**
   * How much longer than a transaction's timeout to wait for Neo4j before giving up on it:
   * a frozen server never enforces its own timeout (default 2000).
   */
  deadlineMarginMs?: number;
}

/** Parameters of a Cypher statement: always passed as parameters, never spliced into the text. */
export type Params = Record<string, unknown>;

/** What repositories need to read: one method, so that a request can count its round trips. */
export interface GraphReader {
  read<T extends RecordShape = RecordShape>(cypher: string, params?: Params): Promise<T[]>;
}

/** A reader that counts the round trips it makes (one per statement). */
export interface CountingReader extends GraphReader {
  readonly roundTrips: number;
}

/** Told of every transaction: its access mode, duration and, if it failed, our error code. */
export type QueryObserver = (mode: 'READ' | 'WRITE', ms: number, errorCode?: string) => void;

/** Runs one statement inside a transaction and returns its records as plain objects. */
export type TxRunner = <T extends RecordShape = RecordShape>(
  cypher: string,
  params?: Params,
) => Promise<T[]>;

/** What {@link GraphExecutor.ping} learns about the server. */
export interface ServerInfo {
  version: string;
  edition: string;
  address: string;
}

/**
 * The only user of neo4j-driver: every statement the project runs goes through here, with a
 * transaction timeout, retries only inside executeRead/executeWrite, and Neo4j errors mapped
 * to our codes.
 */
export class GraphExecutor {
  private readonly queryObservers = new Set<QueryObserver>();

  /** Calls `observer` after every transaction (metrics); returns the way to stop. */
  observeQueries(observer: QueryObserver): () => void {
    this.queryObservers.add(observer);
    return () => this.queryObservers.delete(observer);
  }

  /** Called with every read statement before it runs: tests use it to collect the queries. */
  onRead?: (cypher: string, params: Params) => void;

  private constructor(
    private readonly driver: Driver,
    readonly settings: ConnectionSettings,
    /**
     * With a routing URI (`neo4j://`, a cluster or Aura): one bookmark manager for every
     * session of this process, so that a read, wherever the driver routes it, sees every
     * transaction this process saw commit before it (its own writes, and the graph version it
     * last looked at). A single server (`bolt://`) sees them anyway.
     */
    private readonly bookmarks: BookmarkManager | undefined,
  ) {}

  /** Whether the URI asks the driver to route: reads to secondaries, writes to the leader. */
  get routing(): boolean {
    return this.bookmarks !== undefined;
  }

  /** A reader over this executor that counts its round trips: one per request. */
  counting(): CountingReader {
    let roundTrips = 0;
    return {
      read: <T extends RecordShape = RecordShape>(cypher: string, params: Params = {}) => {
        roundTrips++;
        return this.read<T>(cypher, params);
      },
      get roundTrips() {
        return roundTrips;
      },
    };
  }

  /**
   * Plans a statement without running it and returns the planner's notification codes
   * (cartesian products, unbounded variable-length paths, ...).
   */
  async explain(cypher: string, params: Params = {}): Promise<string[]> {
    return this.withSession('READ', this.settings.transactionTimeoutMs, async (session) => {
      const result = await session.run(`EXPLAIN ${cypher}`, toNeo4jParams(params), this.txConfig());
      return result.summary.notifications.map((n) => n.code);
    });
  }

  /** Creates the driver (no I/O happens until the first statement). */
  static connect(settings: ConnectionSettings): GraphExecutor {
    const driver = neo4j.driver(settings.uri, neo4j.auth.basic(settings.user, settings.password), {
      connectionTimeout: settings.connectionTimeoutMs,
      connectionAcquisitionTimeout: settings.acquisitionTimeoutMs,
      maxTransactionRetryTime: settings.maxRetryTimeMs,
      maxConnectionPoolSize: settings.maxPoolSize,
      disableLosslessIntegers: true,
      userAgent: 'diplograph',
      telemetryDisabled: true,
    });
    return new GraphExecutor(
      driver,
      settings,
      ROUTING_SCHEME.test(settings.uri) ? neo4j.bookmarkManager() : undefined,
    );
  }

  /** Runs read work in one managed transaction and returns the records as plain objects. */
  async read<T extends RecordShape = RecordShape>(
    cypher: string,
    params: Params = {},
  ): Promise<T[]> {
    this.onRead?.(cypher, params);
    return this.withSession('READ', this.settings.transactionTimeoutMs, (session) =>
      session.executeRead((tx) => tx.run<T>(cypher, toNeo4jParams(params)), this.txConfig()),
    ).then(toObjects);
  }

  /** Runs write work in one managed transaction and returns the records as plain objects. */
  async write<T extends RecordShape = RecordShape>(
    cypher: string,
    params: Params = {},
  ): Promise<T[]> {
    return this.withSession('WRITE', this.settings.transactionTimeoutMs, (session) =>
      session.executeWrite((tx) => tx.run<T>(cypher, toNeo4jParams(params)), this.txConfig()),
    ).then(toObjects);
  }

  /**
   * Runs `work` in one write transaction: everything it runs is committed together, or
   * nothing is. On a transient error the driver may run `work` again from the start, so
   * it must be safe to repeat.
   */
  async writeTransaction<R>(work: (run: TxRunner) => Promise<R>, timeoutMs?: number): Promise<R> {
    const timeout = timeoutMs ?? this.settings.transactionTimeoutMs;
    return this.withSession('WRITE', timeout, (session) =>
      session.executeWrite(
        (tx) =>
          work(async (cypher, params = {}) =>
            toObjects(await tx.run(cypher, toNeo4jParams(params))),
          ),
        { timeout },
      ),
    );
  }

  /**
   * Runs a schema statement (constraint, index) in an auto-commit transaction, as Neo4j
   * requires: schema changes cannot share a transaction with data writes. `timeoutMs`
   * replaces the transaction timeout for work known to be long (waiting for indexes).
   */
  async schema(cypher: string, timeoutMs = this.settings.transactionTimeoutMs): Promise<void> {
    await this.withSession('WRITE', timeoutMs, (session) =>
      session.run(cypher, {}, { timeout: timeoutMs }),
    );
  }

  /**
   * Runs a statement in an auto-commit transaction: the only kind in which
   * `CALL { ... } IN TRANSACTIONS` may run, committing its work in many small transactions.
   * Not retried: the statement must be safe to run again from the start.
   */
  async autoCommit<T extends RecordShape = RecordShape>(
    cypher: string,
    params: Params = {},
    timeoutMs = this.settings.transactionTimeoutMs,
  ): Promise<T[]> {
    return this.withSession('WRITE', timeoutMs, (session) =>
      session.run<T>(cypher, toNeo4jParams(params), { timeout: timeoutMs }),
    ).then(toObjects);
  }

  /**
   * Asks the server who it is, with no retry, failing within `timeoutMs`: the readiness probe.
   */
  async ping(timeoutMs: number): Promise<ServerInfo> {
    const work = (async () => {
      const info = await this.driver.getServerInfo({ database: this.settings.database });
      const session = this.driver.session({
        database: this.settings.database,
        defaultAccessMode: neo4j.session.READ,
      });
      try {
        const result = await session.run(
          'CALL dbms.components() YIELD versions, edition RETURN versions[0] AS version, edition',
          {},
          { timeout: timeoutMs },
        );
        const record = result.records[0];
        return {
          version: String(record?.get('version') ?? info.protocolVersion),
          edition: String(record?.get('edition') ?? 'unknown'),
          address: info.address ?? this.settings.uri,
        };
      } finally {
        await session.close();
      }
    })();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new AppError(
              ErrorCode.SERVICE_UNAVAILABLE,
              `Neo4j did not answer within ${timeoutMs} ms`,
            ),
          ),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([work.catch((e: unknown) => Promise.reject(mapError(e))), timeout]);
    } finally {
      clearTimeout(timer);
      work.catch(() => undefined);
    }
  }

  /** Closes every connection; the executor is unusable afterwards. */
  async close(): Promise<void> {
    await this.driver.close();
  }

  private txConfig() {
    return { timeout: this.settings.transactionTimeoutMs };
  }

  /**
   * Runs `work` in a session of its own, closed afterwards, and gives up on it when Neo4j has
   * not answered `timeoutMs` (the transaction's timeout) plus the deadline margin after it
   * began: a frozen server never enforces its own timeout, and a request must not hang on it.
   * A session given up on is closed in the background (its connection comes back to the pool
   * when the server answers again), and the caller gets SERVICE_UNAVAILABLE.
   */
  private async withSession<R>(
    mode: 'READ' | 'WRITE',
    timeoutMs: number,
    work: (session: Session) => Promise<R>,
  ): Promise<R> {
    const session = this.driver.session({
      database: this.settings.database,
      defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
      bookmarkManager: this.bookmarks,
    });
    const started = process.hrtime.bigint();
    const deadlineMs = timeoutMs + (this.settings.deadlineMarginMs ?? 2_000);
    let timer: NodeJS.Timeout | undefined;
    let gaveUp = false;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        gaveUp = true;
        reject(
          new AppError(
            ErrorCode.SERVICE_UNAVAILABLE,
            `The graph database did not answer within ${deadlineMs} ms`,
          ),
        );
      }, deadlineMs);
    });
    const running = work(session);
    try {
      const result = await Promise.race([running, deadline]);
      for (const observe of this.queryObservers)
        observe(mode, Number(process.hrtime.bigint() - started) / 1e6);
      return result;
    } catch (error) {
      const mapped = mapError(error);
      for (const observe of this.queryObservers) {
        observe(mode, Number(process.hrtime.bigint() - started) / 1e6, mapped.code);
      }
      throw mapped;
    } finally {
      clearTimeout(timer);
      const closing = session.close().catch(() => undefined);
      if (gaveUp) running.catch(() => undefined);
      else await closing;
    }
  }
}

/** URI schemes with which the driver routes (neo4j, neo4j+s, neo4j+ssc). */
const ROUTING_SCHEME = /^neo4j(\+s|\+ssc)?:\/\//i;

/**
 * JavaScript numbers reach Neo4j as floats; integral ones are sent as integers instead, so
 * that years, counts and LIMITs are stored and compared as Cypher integers.
 */
export function toNeo4jParams(params: Params): Params {
  const convert = (value: unknown): unknown => {
    if (typeof value === 'number') return Number.isSafeInteger(value) ? neo4j.int(value) : value;
    if (Array.isArray(value)) return value.map(convert);
    if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v)]));
    }
    return value;
  };
  return convert(params) as Params;
}

function toObjects<T extends RecordShape>(result: QueryResult<T>): T[] {
  return result.records.map((record) => record.toObject());
}

const UNAVAILABLE_CODES = new Set(['ServiceUnavailable', 'SessionExpired']);

/** Neo4j's own error codes; the driver's errors (a pool exhausted, a socket) have others. */
const NEO4J_CODE = /^Neo\./;

/**
 * Maps a driver error to one of our codes. The Neo4j message is kept as the cause (for the
 * log) and never becomes the client-facing message.
 */
export function mapError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof Neo4jError) {
    const code = error.code ?? '';
    if (UNAVAILABLE_CODES.has(code) || /ServiceUnavailable|Unavailable/.test(code)) {
      return new AppError(ErrorCode.SERVICE_UNAVAILABLE, 'The graph database is unavailable', {
        cause: error,
      });
    }
    if (code.startsWith('Neo.ClientError.Schema.ConstraintValidationFailed')) {
      return new AppError(ErrorCode.CONFLICT, 'The write conflicts with existing data', {
        cause: error,
      });
    }
    if (/TransactionTimedOut|TransactionTimedOutClientConfiguration/.test(code)) {
      return new AppError(ErrorCode.TIMEOUT, 'The database work took too long', { cause: error });
    }
    if (code === 'Neo.ClientError.Security.Unauthorized') {
      return new AppError(
        ErrorCode.SERVICE_UNAVAILABLE,
        'The graph database refused our credentials',
        { cause: error },
      );
    }
    // The driver's own failures (no connection to be had from the pool in time, a socket
    // closed, ...) and Neo4j's transient errors after the retries: the database is not
    // serving us now, which a client may retry.
    if (!NEO4J_CODE.test(code) || code.startsWith('Neo.TransientError.')) {
      return new AppError(ErrorCode.SERVICE_UNAVAILABLE, 'The graph database is unavailable', {
        cause: error,
      });
    }
  }
  return new AppError(ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error', { cause: error });
}
