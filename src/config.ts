import { existsSync } from 'node:fs';
import path from 'node:path';

/** Default of LOAD_STALE_MS, also for loads not configured to stage. */
export const DEFAULT_LOAD_STALE_MS = 60_000;

/** When a first load is staged, and how a staged load is watched (see graph/staged-load.ts). */
export interface StagingOptions {
  /** Rows (entities, statements and quotes) from which a first load is staged (LOAD_STAGE_ROWS). */
  minRows: number;
  /** Silence after which a staged load's owner is taken for dead (LOAD_STALE_MS). */
  staleMs: number;
  /** How often API servers look for the marker; a staged load waits that long (LOAD_CHECK_MS). */
  checkMs: number;
  /** Batches a staged load has Neo4j write at once, each its own transaction (LOAD_STAGE_WRITERS). */
  writers: number;
}

/** The project root: the nearest folder above this file's that holds package.json. */
export const PROJECT_ROOT = findRoot(__dirname);

function findRoot(from: string): string {
  let dir = from;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(from, '..');
    dir = parent;
  }
  return dir;
}

/** The exact Neo4j release the project provisions locally (5.26 LTS, Community). */
export const NEO4J_VERSION = '5.26.30';

/** Where source texts go when SOURCES_DIR is unset (git-ignored: the texts are not ours). */
export const DEFAULT_SOURCES_DIR = 'sources';

/** Settings of the locally provisioned Neo4j (used only when NEO4J_URI is unset). */
export interface LocalNeo4jConfig {
  /** Folder holding conf/, data/, logs/, run/ and the generated password. */
  home: string;
  /** Bolt port on 127.0.0.1. */
  boltPort: number;
  /** JVM heap maximum, in Neo4j's size syntax (`2g`, `512m`). */
  heap: string;
  /** Page cache size, same syntax. */
  pageCache: string;
  /** How long `start` waits for Bolt to answer. */
  startTimeoutMs: number;
  /** Java executable (JAVA_HOME/bin/java, else `java` on PATH). */
  javaCommand: string;
  /** Maven executable. */
  mavenCommand: string;
}

/** How tokens are checked (see the README's Authentication section). */
export interface AuthConfig {
  /** HS256 shared secret (at least 32 characters). */
  jwtSecret?: string;
  /** URL of a JSON Web Key Set, for tokens signed by an identity provider (RS256, ES256, ...). */
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
  /** The claim holding the roles: an array, or a space-separated string. */
  rolesClaim: string;
  /** Whether reads need the reader (or editor) role too. */
  requireReader: boolean;
}

/**
 * How many relations per index seek an entity may have before a page of its relations is read
 * through the statement indexes rather than by expanding and sorting all of them.
 */
export const DENSE_DEGREE_DEFAULT = 20;

/** Where `diplograph draft` asks an OpenAI-compatible chat API for candidates. */
export interface LlmConfig {
  url: string;
  key: string | undefined;
  model: string;
  timeoutMs: number;
}

/** The whole typed configuration; built only by {@link loadConfig}. */
export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  shutdownTimeoutMs: number;
  api: {
    /** Serve the GraphQL playground at `/`. */
    playground: boolean;
    /** Answer introspection queries. */
    introspection: boolean;
    maxPageSize: number;
    maxDepth: number;
    maxAliases: number;
    maxCost: number;
    maxTokens: number;
    bodyLimitBytes: number;
    metrics: boolean;
    /** What executes operations (GRAPHQL_EXECUTOR). */
    executor: 'jit' | 'graphql-js';
    /** Most items a list without pages may hold before it is refused (MAX_LIST_SIZE). */
    maxListSize: number;
    /** Relations per index seek above which pages use the statement indexes (DENSE_RELATIONS_DEGREE). */
    denseDegree: number;
    /** Bytes of whole answers kept in the process (API_RESPONSE_CACHE_MB); 0: none. */
    responseCacheBytes: number;
    /** `max-age` of anonymous answers over GET, in seconds (API_CACHE_MAX_AGE_S). */
    cacheMaxAgeS: number;
    /** How long a request waits for the graph version it asks for (GRAPH_VERSION_WAIT_MS). */
    versionWaitMs: number;
  };
  auth: AuthConfig;
  ingest: {
    /** Datasets `npm start` loads when absent or changed. */
    dataDir: string;
    /** The reference catalogue's folder. */
    catalogueDir: string;
    /**
     * Folders where source texts are looked up: a dataset whose text is there has its quotes
     * verified; one whose text is not stays unverified (a warning, not a problem).
     */
    sourcesDirs: string[];
    batchSize: number;
    transactionTimeoutMs: number;
    maxBytes: number;
    maxProblems: number;
    /** When a first load is staged, and how a staged load is watched (see graph/staged-load.ts). */
    staging: StagingOptions;
    /** Heap of `load`, `validate` and `coverage` (LOAD_HEAP_MB). */
    heapMb: number;
  };
  /** `diplograph draft`'s optional LLM back end: unset unless DRAFT_LLM_URL is. */
  draft: { llm: LlmConfig | undefined };
  neo4j: {
    /** Undefined means: provision and use the local Neo4j. */
    uri: string | undefined;
    user: string;
    /** Undefined with a local Neo4j means: use the generated password kept beside its data. */
    password: string | undefined;
    database: string;
    connectionTimeoutMs: number;
    acquisitionTimeoutMs: number;
    transactionTimeoutMs: number;
    maxRetryTimeMs: number;
    maxPoolSize: number;
    /** How much longer than a transaction's timeout the API waits for Neo4j. */
    deadlineMarginMs: number;
  };
  local: LocalNeo4jConfig;
}

/** Thrown when one or more environment variables are invalid; names each of them. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * The text of `.env.example`: every variable with its meaning, commented out at its default
 * (`npm run env:example` writes it; a test keeps the file equal to it).
 */
export function envExample(): string {
  const header = [
    '# Copy to .env and uncomment what you change. The CLI reads .env from the project root;',
    '# variables already set in the environment win over it.',
    '',
  ];
  const entries = VARIABLES.map(
    (v) =>
      `# ${v.meaning.replace(/`/g, '')}\n# ${v.name}=${v.default.startsWith('(') ? '' : v.default}`,
  );
  return `${header.join('\n')}\n${entries.join('\n\n')}\n`;
}

/** Environment variables, as `process.env` holds them. */
export type Env = Record<string, string | undefined>;

/**
 * Reads `.env` from the project root into process.env when the file exists; variables that
 * are already set win over it.
 */
export function loadDotEnv(file = path.join(PROJECT_ROOT, '.env')): void {
  if (existsSync(file)) process.loadEnvFile(file);
}

/** One documented variable: its name, default and meaning (the README table is built from these). */
export interface VariableDoc {
  name: string;
  default: string;
  meaning: string;
}

/** Every variable the project reads, in the order the README lists them. */
export const VARIABLES: readonly VariableDoc[] = [
  {
    name: 'NEO4J_URI',
    default: '(unset)',
    meaning:
      'Bolt URI of an existing Neo4j (bolt://, neo4j://, neo4j+s://, ...). Unset: the project provisions and starts its own on 127.0.0.1.',
  },
  { name: 'NEO4J_USER', default: 'neo4j', meaning: 'User name.' },
  {
    name: 'NEO4J_PASSWORD',
    default: '(generated)',
    meaning:
      'Password. Required with NEO4J_URI; for the local Neo4j a random one is generated at first start and kept in <home>/password.',
  },
  { name: 'NEO4J_DATABASE', default: 'neo4j', meaning: 'Database name.' },
  { name: 'HOST', default: '127.0.0.1', meaning: 'Interface the API server binds to.' },
  { name: 'PORT', default: '4000', meaning: 'Port of the API server.' },
  {
    name: 'NODE_ENV',
    default: 'development',
    meaning: '`development`, `production` or `test`.',
  },
  {
    name: 'LOG_LEVEL',
    default: 'info',
    meaning: 'fatal, error, warn, info, debug, trace or silent. Logs are JSON lines (pino).',
  },
  {
    name: 'SHUTDOWN_TIMEOUT_MS',
    default: '10000',
    meaning: 'On SIGINT/SIGTERM, how long in-flight requests may take before the server exits.',
  },
  {
    name: 'PLAYGROUND',
    default: 'true, false in production',
    meaning: 'Serve the GraphQL playground at `/`.',
  },
  {
    name: 'INTROSPECTION',
    default: 'true, false in production',
    meaning: 'Answer introspection queries.',
  },
  {
    name: 'GRAPHQL_EXECUTOR',
    default: 'jit',
    meaning:
      'What executes operations: `jit` (graphql-jit, each operation compiled once) or `graphql-js` (the reference executor). Both give the same answers; the tests run both.',
  },
  {
    name: 'DENSE_RELATIONS_DEGREE',
    default: String(DENSE_DEGREE_DEFAULT),
    meaning:
      'How many relations per index seek an entity may have before a page of its relations is read through the statement indexes instead of by sorting all of them. Only speed depends on it (0: always the indexes; a huge value: never).',
  },
  {
    name: 'API_RESPONSE_CACHE_MB',
    default: '64',
    meaning:
      "Memory for whole answers kept in the API process, keyed by the graph's version, the document, the variables and the caller's roles, least recently used out first, all dropped when the graph's version moves (0: none). An answer alone larger than an eighth of it is not kept.",
  },
  {
    name: 'API_CACHE_MAX_AGE_S',
    default: '0',
    meaning:
      'How long (`max-age`, seconds) a browser or CDN may reuse an anonymous answer over GET without asking again. 0: `public, no-cache`, reused only after a 304 says it is current (an ETag check that costs no Neo4j round trip). Larger values trade freshness for traffic: an answer may then be that much older than the graph.',
  },
  {
    name: 'GRAPH_VERSION_WAIT_MS',
    default: '5000',
    meaning:
      'How long a request with `x-graph-min-version: N` waits for this server to see graph version N (read-your-writes across API servers) before it is answered 503.',
  },
  { name: 'MAX_PAGE_SIZE', default: '100', meaning: 'Largest `first` a list accepts.' },
  {
    name: 'MAX_LIST_SIZE',
    default: '10000',
    meaning:
      'Most items a list without pages (funders, donors, memberships, concerns, timeline, lookup, an agreement’s parties and status history) may hold: a longer answer is refused with QUERY_TOO_COMPLEX (`limit: "results"`) and a hint to narrow it, never cut short.',
  },
  {
    name: 'MAX_QUERY_DEPTH',
    default: '20',
    meaning:
      'Deepest field nesting an operation may have (QUERY_TOO_COMPLEX above). Each level of relations adds three (`relations { nodes { to`): 20 lets a front end follow six; the cost limit bounds what they read.',
  },
  { name: 'MAX_ALIASES', default: '30', meaning: 'Most aliased fields in one operation.' },
  {
    name: 'MAX_QUERY_COST',
    default: '50000',
    meaning: 'Highest estimated cost of an operation (fields times the page sizes above them).',
  },
  { name: 'MAX_TOKENS', default: '3000', meaning: 'Most lexical tokens in a GraphQL document.' },
  {
    name: 'BODY_LIMIT_BYTES',
    default: '102400',
    meaning: 'Largest request body; larger ones get HTTP 413.',
  },
  { name: 'METRICS', default: 'true', meaning: 'Serve Prometheus metrics at `/metrics`.' },
  {
    name: 'AUTH_JWT_SECRET',
    default: '(unset)',
    meaning:
      'HS256 secret (32 characters or more) that signs bearer tokens. With neither this nor AUTH_JWKS_URL, nobody can edit.',
  },
  {
    name: 'AUTH_JWKS_URL',
    default: '(unset)',
    meaning: 'JSON Web Key Set of an identity provider whose tokens are accepted instead.',
  },
  { name: 'AUTH_ISSUER', default: '(unset)', meaning: 'Required `iss` of tokens, when set.' },
  { name: 'AUTH_AUDIENCE', default: '(unset)', meaning: 'Required `aud` of tokens, when set.' },
  {
    name: 'AUTH_ROLES_CLAIM',
    default: 'roles',
    meaning: 'Claim holding the roles (`reader`, `editor`): an array or a space-separated string.',
  },
  {
    name: 'AUTH_REQUIRE_READER',
    default: 'false',
    meaning: 'Whether reads need a token with the reader (or editor) role too.',
  },
  {
    name: 'DATA_DIR',
    default: 'data',
    meaning: 'Datasets (*.yaml) that `npm start` loads when the graph lacks them or they changed.',
  },
  {
    name: 'CATALOGUE_DIR',
    default: 'catalogue',
    meaning:
      'The reference catalogue (*.yaml): shared entities (every ISO 3166-1 country, and the organisations, agreements and issues the series keeps naming) that datasets may name without declaring. Relative to the project.',
  },
  {
    name: 'SOURCES_DIR',
    default: 'sources',
    meaning:
      'Folders where the texts of the sources datasets cite are looked up (separated by `:`; relative to the project; `sources/` is git-ignored). `npm start`, `load` and `validate` verify every quote of a dataset whose text is there and store its offsets; a dataset whose text is not stays unverified, with a warning. `--sources DIR` (repeatable) replaces it for one command, and then a missing text is a problem.',
  },
  { name: 'LOAD_BATCH_SIZE', default: '1000', meaning: 'Rows per UNWIND batch when loading.' },
  {
    name: 'LOAD_TX_TIMEOUT_MS',
    default: '600000',
    meaning:
      'Timeout of the one transaction a load runs in; also the longest a load waits for a staged load in progress.',
  },
  {
    name: 'LOAD_HEAP_MB',
    default: '384',
    meaning:
      'Heap (old generation, MB) of `diplograph load`, `validate` and `coverage`, which run in a worker thread capped so: enough for files of 20,000 statements (4 MB); raise it for larger files (the command says so when it runs out).',
  },
  {
    name: 'LOAD_STAGE_ROWS',
    default: '100000',
    meaning:
      'A load of at least this many rows (entities, statements and quotes) into a graph with no entity and no statement is staged: committed in batches, so that Neo4j needs no heap for the whole load, while the API answers 503 LOADING until it ends. Smaller loads, and loads into a graph with data, run in one transaction.',
  },
  {
    name: 'LOAD_STAGE_WRITERS',
    default: '1',
    meaning:
      "Batches a staged load has Neo4j write at once, each in a transaction of its own. Every batch touches most of the entities at either end, so concurrent ones wait on each other's locks: at 100,000 relations on 2 cores, 1 writer took 36.6 s, 2 took 39.5 s, 4 took 41.8 s.",
  },
  {
    name: 'LOAD_STALE_MS',
    default: '60000',
    meaning:
      'A staged load that has given no sign of life for this long (or whose process on this host has ended) is taken for dead: the next load or start removes what it wrote.',
  },
  {
    name: 'LOAD_CHECK_MS',
    default: '1000',
    meaning:
      "How fresh the API's view of the graph's state must be: a staged load in progress, and the graph's version. The API looks every half of it in the background, and a request is answered from a look begun within it (waiting for one, shared, when the looks fall behind; 0: every request waits for a look). A staged load waits this long after announcing itself before it writes, and every load and unload waits twice this long after it commits before it says it is done, so that no API server answers from before it.",
  },
  {
    name: 'DRAFT_LLM_URL',
    default: '(unset)',
    meaning:
      'Base URL of an OpenAI-compatible chat API (`.../v1`) that `diplograph draft --llm` asks for candidate statements; every candidate whose quote is not verbatim in the article is dropped. Unset: drafting is offline, by rules alone.',
  },
  {
    name: 'DRAFT_LLM_KEY',
    default: '(unset)',
    meaning: 'Bearer key for DRAFT_LLM_URL, if it needs one.',
  },
  { name: 'DRAFT_LLM_MODEL', default: 'gpt-4o-mini', meaning: 'Model name sent to DRAFT_LLM_URL.' },
  {
    name: 'DRAFT_LLM_TIMEOUT_MS',
    default: '60000',
    meaning: 'Longest wait for one answer of DRAFT_LLM_URL (one request per section).',
  },
  {
    name: 'DATASET_MAX_BYTES',
    default: '67108864',
    meaning: 'Largest dataset or source text file accepted (64 MiB).',
  },
  {
    name: 'MAX_PROBLEMS',
    default: '50',
    meaning: 'Most validation problems printed; the rest are counted.',
  },
  {
    name: 'NEO4J_CONNECTION_TIMEOUT_MS',
    default: '3000',
    meaning: 'Driver: time to open a connection.',
  },
  {
    name: 'NEO4J_ACQUISITION_TIMEOUT_MS',
    default: '5000',
    meaning: 'Driver: time to get a connection from the pool.',
  },
  {
    name: 'NEO4J_TX_TIMEOUT_MS',
    default: '15000',
    meaning: 'Timeout of every transaction the server runs.',
  },
  {
    name: 'NEO4J_DEADLINE_MARGIN_MS',
    default: '2000',
    meaning:
      'How much longer than a transaction’s timeout the API waits for Neo4j before giving up on it (SERVICE_UNAVAILABLE): a frozen server never enforces its own timeout.',
  },
  {
    name: 'NEO4J_MAX_RETRY_MS',
    default: '2000',
    meaning:
      'Driver: how long a read or write transaction is retried on transient errors (kept short so an outage fails fast).',
  },
  { name: 'NEO4J_MAX_POOL_SIZE', default: '50', meaning: 'Driver: connection pool size.' },
  {
    name: 'NEO4J_LOCAL_HOME',
    default: '.neo4j/dev',
    meaning: 'Local Neo4j: folder for its conf, data, logs and password (relative to the project).',
  },
  {
    name: 'NEO4J_LOCAL_BOLT_PORT',
    default: '7687',
    meaning: 'Local Neo4j: Bolt port on 127.0.0.1.',
  },
  { name: 'NEO4J_LOCAL_HEAP', default: '2g', meaning: 'Local Neo4j: maximum JVM heap.' },
  { name: 'NEO4J_LOCAL_PAGECACHE', default: '1g', meaning: 'Local Neo4j: page cache size.' },
  {
    name: 'NEO4J_LOCAL_START_TIMEOUT_MS',
    default: '120000',
    meaning: 'Local Neo4j: how long `start` waits for Bolt to answer.',
  },
  {
    name: 'JAVA_HOME',
    default: '(java on PATH)',
    meaning: 'Java 17 or 21 that runs the local Neo4j.',
  },
  { name: 'MAVEN_CMD', default: 'mvn', meaning: 'Maven that resolves the Neo4j jars.' },
];

export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const read = readers(env, problems);

  const nodeEnv = read.oneOf('NODE_ENV', ['development', 'production', 'test'], 'development');
  const uri = read.optional('NEO4J_URI');
  if (uri !== undefined && !/^(bolt|neo4j)(\+s|\+ssc)?:\/\/[^\s/]+/.test(uri)) {
    problems.push(
      `NEO4J_URI: "${uri}" is not a Bolt URI (expected bolt://host:port, neo4j://, neo4j+s:// or bolt+s://)`,
    );
  }
  const password = read.optional('NEO4J_PASSWORD');
  if (uri !== undefined && password === undefined) {
    problems.push('NEO4J_PASSWORD: required when NEO4J_URI is set');
  }
  const database = read.string('NEO4J_DATABASE', 'neo4j');
  if (!/^[A-Za-z][A-Za-z0-9.-]{2,62}$/.test(database)) {
    problems.push(`NEO4J_DATABASE: "${database}" is not a valid Neo4j database name`);
  }
  const javaHome = read.optional('JAVA_HOME');

  const config: Config = {
    env: nodeEnv,
    host: read.string('HOST', '127.0.0.1'),
    port: read.int('PORT', 4000, 0, 65535),
    logLevel: read.oneOf(
      'LOG_LEVEL',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
      'info',
    ),
    shutdownTimeoutMs: read.int('SHUTDOWN_TIMEOUT_MS', 10_000, 0, 600_000),
    api: {
      playground: read.bool('PLAYGROUND', nodeEnv !== 'production'),
      introspection: read.bool('INTROSPECTION', nodeEnv !== 'production'),
      maxPageSize: read.int('MAX_PAGE_SIZE', 100, 1, 10_000),
      maxDepth: read.int('MAX_QUERY_DEPTH', 20, 1, 100),
      maxAliases: read.int('MAX_ALIASES', 30, 0, 10_000),
      maxCost: read.int('MAX_QUERY_COST', 50_000, 1, 100_000_000),
      maxTokens: read.int('MAX_TOKENS', 3000, 10, 1_000_000),
      bodyLimitBytes: read.int('BODY_LIMIT_BYTES', 100 * 1024, 1024, 100 * 1024 * 1024),
      metrics: read.bool('METRICS', true),
      executor: read.oneOf('GRAPHQL_EXECUTOR', ['jit', 'graphql-js'], 'jit'),
      maxListSize: read.int('MAX_LIST_SIZE', 10_000, 1, 1_000_000),
      denseDegree: read.int('DENSE_RELATIONS_DEGREE', DENSE_DEGREE_DEFAULT, 0, 1_000_000_000),
      responseCacheBytes: read.int('API_RESPONSE_CACHE_MB', 64, 0, 65_536) * 1024 * 1024,
      cacheMaxAgeS: read.int('API_CACHE_MAX_AGE_S', 0, 0, 31_536_000),
      versionWaitMs: read.int('GRAPH_VERSION_WAIT_MS', 5_000, 0, 600_000),
    },
    auth: {
      jwtSecret: read.optional('AUTH_JWT_SECRET'),
      jwksUrl: read.optional('AUTH_JWKS_URL'),
      issuer: read.optional('AUTH_ISSUER'),
      audience: read.optional('AUTH_AUDIENCE'),
      rolesClaim: read.string('AUTH_ROLES_CLAIM', 'roles'),
      requireReader: read.bool('AUTH_REQUIRE_READER', false),
    },
    ingest: {
      dataDir: path.resolve(PROJECT_ROOT, read.string('DATA_DIR', 'data')),
      catalogueDir: path.resolve(PROJECT_ROOT, read.string('CATALOGUE_DIR', 'catalogue')),
      sourcesDirs: (read.optional('SOURCES_DIR') ?? DEFAULT_SOURCES_DIR)
        .split(path.delimiter)
        .filter((dir) => dir !== '')
        .map((dir) => path.resolve(PROJECT_ROOT, dir)),
      batchSize: read.int('LOAD_BATCH_SIZE', 1000, 1, 100_000),
      transactionTimeoutMs: read.int('LOAD_TX_TIMEOUT_MS', 600_000, 1_000, 86_400_000),
      maxBytes: read.int('DATASET_MAX_BYTES', 64 * 1024 * 1024, 1_024, 4 * 1024 * 1024 * 1024),
      maxProblems: read.int('MAX_PROBLEMS', 50, 1, 100_000),
      heapMb: read.int('LOAD_HEAP_MB', 384, 64, 65_536),
      staging: {
        minRows: read.int('LOAD_STAGE_ROWS', 100_000, 1, Number.MAX_SAFE_INTEGER),
        staleMs: read.int('LOAD_STALE_MS', DEFAULT_LOAD_STALE_MS, 1_000, 86_400_000),
        checkMs: read.int('LOAD_CHECK_MS', 1_000, 0, 60_000),
        writers: read.int('LOAD_STAGE_WRITERS', 1, 1, 16),
      },
    },
    draft: { llm: undefined },
    neo4j: {
      uri,
      user: read.string('NEO4J_USER', 'neo4j'),
      password,
      database,
      connectionTimeoutMs: read.int('NEO4J_CONNECTION_TIMEOUT_MS', 3_000, 100, 600_000),
      acquisitionTimeoutMs: read.int('NEO4J_ACQUISITION_TIMEOUT_MS', 5_000, 100, 600_000),
      transactionTimeoutMs: read.int('NEO4J_TX_TIMEOUT_MS', 15_000, 100, 3_600_000),
      maxRetryTimeMs: read.int('NEO4J_MAX_RETRY_MS', 2_000, 0, 600_000),
      maxPoolSize: read.int('NEO4J_MAX_POOL_SIZE', 50, 1, 1000),
      deadlineMarginMs: read.int('NEO4J_DEADLINE_MARGIN_MS', 2_000, 0, 600_000),
    },
    local: {
      home: path.resolve(PROJECT_ROOT, read.string('NEO4J_LOCAL_HOME', '.neo4j/dev')),
      boltPort: read.int('NEO4J_LOCAL_BOLT_PORT', 7687, 1, 65535),
      heap: read.size('NEO4J_LOCAL_HEAP', '2g'),
      pageCache: read.size('NEO4J_LOCAL_PAGECACHE', '1g'),
      startTimeoutMs: read.int('NEO4J_LOCAL_START_TIMEOUT_MS', 120_000, 1_000, 3_600_000),
      javaCommand: javaHome ? path.join(javaHome, 'bin', 'java') : 'java',
      mavenCommand: read.string('MAVEN_CMD', 'mvn'),
    },
  };
  const llmUrl = read.optional('DRAFT_LLM_URL');
  if (llmUrl !== undefined) {
    if (!/^https?:\/\/\S+$/.test(llmUrl))
      problems.push(`DRAFT_LLM_URL: "${llmUrl}" is not an http(s) URL`);
    config.draft.llm = {
      url: llmUrl.replace(/\/+$/, ''),
      key: read.optional('DRAFT_LLM_KEY'),
      model: read.string('DRAFT_LLM_MODEL', 'gpt-4o-mini'),
      timeoutMs: read.int('DRAFT_LLM_TIMEOUT_MS', 60_000, 100, 3_600_000),
    };
  }
  const secret = config.auth.jwtSecret;
  if (secret !== undefined && secret.length < 32) {
    problems.push('AUTH_JWT_SECRET: must be at least 32 characters long');
  }
  const jwks = config.auth.jwksUrl;
  if (jwks !== undefined && !/^https?:\/\/\S+$/.test(jwks)) {
    problems.push(`AUTH_JWKS_URL: "${jwks}" is not an http(s) URL`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/**
 * Typed readers of environment variables: each reads one, checks it and, when it is wrong,
 * adds a problem naming it to `problems` (thrown together as a {@link ConfigError}).
 */
export function readers(env: Env, problems: string[]) {
  const optional = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  return {
    optional,
    string(name: string, fallback: string): string {
      return optional(name) ?? fallback;
    },
    int(name: string, fallback: number, min: number, max: number): number {
      const raw = optional(name);
      if (raw === undefined) return fallback;
      if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
        problems.push(`${name}: "${raw}" is not an integer between ${min} and ${max}`);
        return fallback;
      }
      return Number(raw);
    },
    oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
      const raw = optional(name);
      if (raw === undefined) return fallback;
      if (!(allowed as readonly string[]).includes(raw)) {
        problems.push(`${name}: "${raw}" is not one of ${allowed.join(', ')}`);
        return fallback;
      }
      return raw as T;
    },
    bool(name: string, fallback: boolean): boolean {
      const raw = optional(name);
      if (raw === undefined) return fallback;
      if (!/^(true|false|1|0)$/i.test(raw)) {
        problems.push(`${name}: "${raw}" is not true or false`);
        return fallback;
      }
      return /^(true|1)$/i.test(raw);
    },
    size(name: string, fallback: string): string {
      const raw = optional(name);
      if (raw === undefined) return fallback;
      if (!/^[1-9]\d*[kmg]$/i.test(raw)) {
        problems.push(`${name}: "${raw}" is not a size such as 512m or 2g`);
        return fallback;
      }
      return raw.toLowerCase();
    },
  };
}
