import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { LocalNeo4jConfig, NEO4J_VERSION } from '../config';
import { GraphExecutor } from '../graph/executor';
import { Logger } from '../logger';

/** A problem provisioning or running the local Neo4j, with a message that says what to do. */
export class LocalNeo4jError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LocalNeo4jError';
  }
}

/** What `status` reports. */
export interface LocalNeo4jStatus {
  state: 'running' | 'stopped';
  pid?: number;
  uri: string;
  home: string;
  version: string;
  /** Set when a pid file pointed at a process that is gone (it was removed). */
  stalePidFile?: boolean;
}

/**
 * The file that says a bulk load is writing this home's database (see ingest/bulk-load.ts):
 * while its owner lives, nothing else starts the server; once the owner is gone, the next
 * start removes the database it was writing (empty before the bulk load began).
 */
export interface BulkMarker {
  /** The process of the bulk load, and when it began (see processStart), against pid reuse. */
  pid: number;
  pidStart?: string;
  /** The import tool's process, while it runs. */
  importPid?: number;
  database: string;
  startedAt: string;
  files: number;
  /** Where it writes its CSV. */
  csvDir?: string;
}

/** Credentials of the local Neo4j, once it is provisioned. */
export interface LocalCredentials {
  uri: string;
  user: string;
  password: string;
}

const ENTRY_POINT = 'org.neo4j.server.CommunityEntryPoint';
const ADMIN_ENTRY_POINT = 'org.neo4j.server.startup.Neo4jAdminCommand';
const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath';

/**
 * JVM options the Neo4j launcher would take from the shipped neo4j.conf
 * (`server.jvm.additional`). We start the server's entry point directly, so that the pid we
 * record is the server itself and SIGTERM reaches it, and therefore pass them ourselves.
 * `AlwaysPreTouch` is left out: it makes start-up touch the whole heap for little gain here.
 */
const JVM_OPTIONS = [
  '-XX:+UseG1GC',
  '-XX:-OmitStackTraceInFastThrow',
  '-XX:+UnlockExperimentalVMOptions',
  '-XX:+TrustFinalNonStaticFields',
  '-XX:+DisableExplicitGC',
  '-Djdk.nio.maxCachedBufferSize=1024',
  '-Dio.netty.tryReflectionSetAccessible=true',
  '-Djdk.tls.ephemeralDHKeySize=2048',
  '-Djdk.tls.rejectClientInitiatedRenegotiation=true',
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
  '--enable-native-access=ALL-UNNAMED',
  '-Dlog4j2.disable.jmx=true',
  '-Dfile.encoding=UTF-8',
];

/**
 * The Neo4j that the project provisions and runs itself: jars resolved by Maven, one JVM
 * started from Node, data, logs and a generated password under one home folder.
 */
export class LocalNeo4j {
  constructor(
    readonly config: LocalNeo4jConfig,
    private readonly logger: Logger,
    /** A password to use instead of the generated one (NEO4J_PASSWORD). */
    private readonly passwordOverride?: string,
  ) {}

  get uri(): string {
    return `bolt://127.0.0.1:${this.config.boltPort}`;
  }

  private file(...parts: string[]): string {
    return path.join(this.config.home, ...parts);
  }

  /** Reports whether the server of this home runs; removes a stale pid file. */
  status(): LocalNeo4jStatus {
    const base = { uri: this.uri, home: this.config.home, version: NEO4J_VERSION };
    const pid = this.readPid();
    if (pid === undefined) return { state: 'stopped', ...base };
    if (this.isOurServer(pid)) return { state: 'running', pid, ...base };
    rmSync(this.file('run', 'neo4j.pid'), { force: true });
    return { state: 'stopped', stalePidFile: true, ...base };
  }

  /**
   * Starts the server and returns once Bolt answers with our credentials. A no-op (beyond
   * that check) when it already runs.
   */
  async start(): Promise<LocalCredentials & { alreadyRunning: boolean; pid: number }> {
    await this.recoverBulk();
    const current = this.status();
    if (current.state === 'running' && current.pid !== undefined) {
      const credentials = this.credentials();
      await this.waitForBolt(current.pid, credentials);
      return { ...credentials, alreadyRunning: true, pid: current.pid };
    }
    if (current.stalePidFile) {
      this.logger.warn({ home: this.config.home }, 'removed a stale Neo4j pid file');
    }
    await assertPortFree(this.config.boltPort);
    const java = checkJava(this.config.javaCommand);
    const classpath = await this.resolveClasspath();
    this.prepareHome();
    const credentials = this.ensurePassword(java, classpath);

    const log = openSync(this.file('logs', 'console.log'), 'a');
    const child = spawn(
      java,
      [
        ...JVM_OPTIONS,
        `-Xms${smaller(this.config.heap, '512m')}`,
        `-Xmx${this.config.heap}`,
        '-cp',
        classpath,
        ENTRY_POINT,
        `--home-dir=${this.config.home}`,
        `--config-dir=${this.file('conf')}`,
        '--console-mode',
      ],
      {
        cwd: this.config.home,
        detached: true,
        stdio: ['ignore', log, log],
        env: { ...process.env, NEO4J_HOME: this.config.home, NEO4J_CONF: this.file('conf') },
      },
    );
    closeSync(log);
    const pid = child.pid;
    if (pid === undefined) throw new LocalNeo4jError(`could not start ${java}`);
    child.unref();
    writeFileSync(this.file('run', 'neo4j.pid'), `${pid}\n`);
    this.logger.info(
      { neo4jPid: pid, uri: this.uri, home: this.config.home, version: NEO4J_VERSION },
      'starting the local Neo4j',
    );
    const started = Date.now();
    try {
      await this.waitForBolt(pid, credentials);
    } catch (error) {
      await this.stop();
      throw error;
    }
    this.logger.info({ neo4jPid: pid, ms: Date.now() - started }, 'local Neo4j answers on Bolt');
    return { ...credentials, alreadyRunning: false, pid };
  }

  /** Stops the server (SIGTERM, then SIGKILL after a grace period) and waits until it is gone. */
  async stop(graceMs = 60_000): Promise<{ wasRunning: boolean; pid?: number }> {
    const current = this.status();
    if (current.state !== 'running' || current.pid === undefined) return { wasRunning: false };
    const pid = current.pid;
    this.logger.info({ neo4jPid: pid }, 'stopping the local Neo4j');
    signal(pid, 'SIGTERM');
    if (!(await waitUntil(() => !isAlive(pid), graceMs))) {
      this.logger.warn({ neo4jPid: pid, graceMs }, 'Neo4j did not stop in time; killing it');
      signal(pid, 'SIGKILL');
      await waitUntil(() => !isAlive(pid), 10_000);
    }
    rmSync(this.file('run', 'neo4j.pid'), { force: true });
    return { wasRunning: true, pid };
  }

  private prepareHome(): void {
    for (const dir of ['conf', 'data', 'logs', 'run', 'import', 'plugins']) {
      mkdirSync(this.file(dir), { recursive: true });
    }
    writeFileSync(this.file('conf', 'neo4j.conf'), this.neo4jConf());
  }

  /** True when the store of `database` exists (the server made it, or an import did). */
  hasDatabase(database: string): boolean {
    return existsSync(this.file('data', 'databases', database));
  }

  /**
   * Deletes the store and transaction logs of `database`, with the server stopped: the next
   * start makes it again, empty. Only for a database that held nothing worth keeping.
   */
  removeDatabase(database: string): void {
    if (this.status().state === 'running')
      throw new LocalNeo4jError(`the local Neo4j runs: its database ${database} is not removed`);
    rmSync(this.file('data', 'databases', database), { recursive: true, force: true });
    rmSync(this.file('data', 'transactions', database), { recursive: true, force: true });
  }

  private get bulkMarkerFile(): string {
    return this.file('run', 'bulk-load.json');
  }

  /** The bulk load writing this home's database, if a file says one is (or was). */
  readBulkMarker(): BulkMarker | undefined {
    try {
      return JSON.parse(readFileSync(this.bulkMarkerFile, 'utf8')) as BulkMarker;
    } catch {
      return undefined;
    }
  }

  /** Says, in run/bulk-load.json, that this process writes `database` (see BulkMarker). */
  writeBulkMarker(marker: BulkMarker): void {
    mkdirSync(this.file('run'), { recursive: true });
    writeFileSync(`${this.bulkMarkerFile}.partial`, JSON.stringify(marker));
    renameSync(`${this.bulkMarkerFile}.partial`, this.bulkMarkerFile);
  }

  clearBulkMarker(): void {
    rmSync(this.bulkMarkerFile, { force: true });
  }

  /**
   * Before a start: a bulk load whose process lives keeps the server from starting under it;
   * one whose process is gone left a database that may be half written, which is removed
   * (with its CSV, and the import tool or the server it started, if they still run).
   */
  async recoverBulk(): Promise<void> {
    const marker = this.readBulkMarker();
    if (!marker || marker.pid === process.pid) return;
    if (isAlive(marker.pid) && processStart(marker.pid) === marker.pidStart)
      throw new LocalNeo4jError(
        `a bulk load (pid ${marker.pid}, since ${marker.startedAt}) is writing the database of ${this.config.home}; the local Neo4j starts once it ends`,
      );
    if (marker.importPid !== undefined && processMentions(marker.importPid, ADMIN_ENTRY_POINT)) {
      signal(marker.importPid, 'SIGKILL');
      await waitUntil(() => !isAlive(marker.importPid as number), 10_000);
    }
    // Started by the bulk load after its import, which died before it had finished.
    await this.stop();
    this.removeDatabase(marker.database);
    if (marker.csvDir) rmSync(marker.csvDir, { recursive: true, force: true });
    this.clearBulkMarker();
    this.logger.warn(
      { home: this.config.home, database: marker.database, bulkPid: marker.pid },
      'removed the database an unfinished bulk load was writing (it was empty before); load again',
    );
  }

  /**
   * Runs `neo4j-admin database import full` into `database` (the server stopped), with the
   * heap and page cache settings as the tool's heap and off-heap memory; each line it prints
   * goes to `onLine`. `onStart` receives the tool's pid.
   */
  async importDatabase(
    database: string,
    args: readonly string[],
    onStart: (pid: number) => void,
    onLine: (line: string) => void,
  ): Promise<void> {
    if (this.status().state === 'running')
      throw new LocalNeo4jError('the local Neo4j runs; an import needs it stopped');
    const java = checkJava(this.config.javaCommand);
    const classpath = await this.resolveClasspath();
    this.prepareHome();
    const report = this.file('logs', 'import-report.txt');
    const child = spawn(
      java,
      [
        ...JVM_OPTIONS,
        `-Xmx${this.config.heap}`,
        '-cp',
        classpath,
        ADMIN_ENTRY_POINT,
        'database',
        'import',
        'full',
        // First: the file lists that follow take every argument after them as a file.
        database,
        '--overwrite-destination',
        // A bad row (a relationship to a node not written, a duplicate id) fails the import
        // instead of being skipped: what is imported is what was validated, whole.
        '--bad-tolerance=0',
        `--max-off-heap-memory=${this.config.pageCache}`,
        `--report-file=${report}`,
        ...args,
      ],
      {
        cwd: this.config.home,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, NEO4J_HOME: this.config.home, NEO4J_CONF: this.file('conf') },
      },
    );
    if (child.pid === undefined) throw new LocalNeo4jError(`could not start ${java}`);
    onStart(child.pid);
    const last: string[] = [];
    let buffer = '';
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        last.push(line);
        if (last.length > 30) last.shift();
        onLine(line);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', resolve);
    });
    if (code !== 0)
      throw new LocalNeo4jError(
        `neo4j-admin database import failed (exit ${code}); its last lines (the report of bad entries is ${report}):\n${last.join('\n')}`,
      );
  }

  /** The credentials of this home: NEO4J_PASSWORD if given, else the generated password. */
  credentials(): LocalCredentials {
    const stored = this.file('password');
    const password =
      this.passwordOverride ??
      (existsSync(stored) ? readFileSync(stored, 'utf8').trim() : undefined);
    if (password === undefined) {
      throw new LocalNeo4jError(
        `the local Neo4j in ${this.config.home} has no password file; set NEO4J_PASSWORD, or delete that folder to provision afresh`,
      );
    }
    return { uri: this.uri, user: 'neo4j', password };
  }

  /** The neo4j.conf this project writes at each start (so that changed settings apply). */
  neo4jConf(): string {
    const port = this.config.boltPort;
    return [
      '# Written by diplograph at each start; edit the NEO4J_LOCAL_* variables instead.',
      'server.default_listen_address=127.0.0.1',
      'server.default_advertised_address=127.0.0.1',
      'server.bolt.enabled=true',
      `server.bolt.listen_address=127.0.0.1:${port}`,
      `server.bolt.advertised_address=127.0.0.1:${port}`,
      'server.http.enabled=false',
      'server.https.enabled=false',
      'dbms.security.auth_enabled=true',
      `server.memory.heap.initial_size=${smaller(this.config.heap, '512m')}`,
      `server.memory.heap.max_size=${this.config.heap}`,
      `server.memory.pagecache.size=${this.config.pageCache}`,
      'dbms.usage_report.enabled=false',
      'db.logs.query.enabled=OFF',
      '',
    ].join('\n');
  }

  private ensurePassword(java: string, classpath: string): LocalCredentials {
    const authFile = this.file('data', 'dbms', 'auth.ini');
    const stored = this.file('password');
    if (existsSync(authFile)) return this.credentials();
    const password = this.passwordOverride ?? randomBytes(18).toString('base64url');
    const result = spawnSync(
      java,
      // `--` ends the options: a generated password starts with '-' one time in 64, and the
      // admin tool would read it as an unknown option and fail the provisioning.
      ['-cp', classpath, ADMIN_ENTRY_POINT, 'dbms', 'set-initial-password', '--', password],
      {
        env: { ...process.env, NEO4J_HOME: this.config.home, NEO4J_CONF: this.file('conf') },
        encoding: 'utf8',
      },
    );
    if (result.status !== 0) {
      throw new LocalNeo4jError(
        `setting the initial Neo4j password failed: ${(result.stderr || result.stdout).trim()}`,
      );
    }
    if (this.passwordOverride === undefined)
      writeFileSync(stored, `${password}\n`, { mode: 0o600 });
    this.logger.info({ home: this.config.home }, 'provisioned the local Neo4j with a password');
    return { uri: this.uri, user: 'neo4j', password };
  }

  /**
   * Resolves the Neo4j jars with Maven (downloaded once into ~/.m2) and caches the
   * classpath; re-resolves when a cached jar has gone.
   */
  async resolveClasspath(): Promise<string> {
    const dir = this.file('maven');
    const cache = path.join(dir, `classpath-${NEO4J_VERSION}.txt`);
    if (existsSync(cache)) {
      const classpath = readFileSync(cache, 'utf8').trim();
      if (classpath.split(path.delimiter).every((jar) => existsSync(jar))) return classpath;
    }
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'pom.xml'), runtimePom());
    checkMaven(this.config.mavenCommand);
    this.logger.info(
      { version: NEO4J_VERSION },
      'resolving the Neo4j jars with Maven (the first time downloads about 135 MB into ~/.m2)',
    );
    const started = Date.now();
    const partial = `${cache}.partial`;
    await runMaven(
      this.config.mavenCommand,
      ['-B', '-f', path.join(dir, 'pom.xml'), DEPENDENCY_PLUGIN, `-Dmdep.outputFile=${partial}`],
      this.logger,
    );
    renameSync(partial, cache);
    this.logger.info({ ms: Date.now() - started }, 'Neo4j jars resolved');
    return readFileSync(cache, 'utf8').trim();
  }

  private readPid(): number | undefined {
    const file = this.file('run', 'neo4j.pid');
    if (!existsSync(file)) return undefined;
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : 0;
  }

  /** True when pid is alive and is the Neo4j of this home (not a recycled pid). */
  private isOurServer(pid: number): boolean {
    if (pid <= 0 || !isAlive(pid)) return false;
    const cmdline = `/proc/${pid}/cmdline`;
    if (!existsSync('/proc/self/cmdline')) return true;
    try {
      const args = readFileSync(cmdline, 'utf8').split('\0');
      return args.includes(ENTRY_POINT) && args.includes(`--home-dir=${this.config.home}`);
    } catch {
      return false;
    }
  }

  private async waitForBolt(pid: number, credentials: LocalCredentials): Promise<void> {
    const deadline = Date.now() + this.config.startTimeoutMs;
    const executor = GraphExecutor.connect({
      ...credentials,
      database: 'system',
      connectionTimeoutMs: 2_000,
      acquisitionTimeoutMs: 2_000,
      transactionTimeoutMs: 2_000,
      maxRetryTimeMs: 0,
      maxPoolSize: 1,
    });
    try {
      for (;;) {
        if (!isAlive(pid)) {
          throw new LocalNeo4jError(
            `Neo4j exited during start-up; the end of ${this.file('logs', 'console.log')}:\n${tail(this.file('logs', 'console.log'), 25)}`,
          );
        }
        try {
          await executor.ping(2_000);
          return;
        } catch (error) {
          if (Date.now() > deadline) {
            throw new LocalNeo4jError(
              `Neo4j did not answer on ${this.uri} within ${this.config.startTimeoutMs} ms (${(error as Error).message}); see ${this.file('logs')}`,
            );
          }
        }
        await sleep(250);
      }
    } finally {
      await executor.close();
    }
  }
}

/** The POM whose only job is to let Maven resolve Neo4j Community and its dependencies. */
export function runtimePom(): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by diplograph: lets Maven resolve the Neo4j server jars. -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.diplograph</groupId>
  <artifactId>neo4j-runtime</artifactId>
  <version>${NEO4J_VERSION}</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.neo4j</groupId>
      <artifactId>neo4j</artifactId>
      <version>${NEO4J_VERSION}</version>
    </dependency>
  </dependencies>
</project>
`;
}

/** Finds the Java major version; Neo4j 5.26 runs on 17 and 21 only. */
export function checkJava(command: string): string {
  const result = spawnSync(command, ['-version'], { encoding: 'utf8' });
  if (result.error) {
    throw new LocalNeo4jError(
      `Java 17 or 21 is needed to run the local Neo4j ${NEO4J_VERSION}, and "${command}" could not be run (${result.error.message}). Install one (Debian/Ubuntu: apt-get install openjdk-17-jre-headless), set JAVA_HOME to it, or set NEO4J_URI to a Neo4j you already run.`,
    );
  }
  const major = parseJavaMajor(`${result.stderr}${result.stdout}`);
  if (major !== 17 && major !== 21) {
    throw new LocalNeo4jError(
      `Neo4j ${NEO4J_VERSION} runs on Java 17 or 21, but "${command}" is Java ${major ?? 'of an unknown version'}. Set JAVA_HOME to a Java 17 or 21.`,
    );
  }
  return command;
}

/** Reads the major version from `java -version` output (`version "17.0.15"`, `"1.8.0_392"`). */
export function parseJavaMajor(output: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(output);
  if (!match) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] !== undefined ? Number(match[2]) : first;
}

function checkMaven(command: string): void {
  const result = spawnSync(command, ['-v'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw new LocalNeo4jError(
      `Maven is needed once, to fetch the Neo4j ${NEO4J_VERSION} jars from Maven Central, and "${command}" could not be run. Install it (Debian/Ubuntu: apt-get install maven), set MAVEN_CMD to it, or set NEO4J_URI to a Neo4j you already run.`,
    );
  }
}

function runMaven(command: string, args: string[], logger: Logger): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let downloaded = 0;
    const lastLines: string[] = [];
    let buffer = '';
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        lastLines.push(line);
        if (lastLines.length > 40) lastLines.shift();
        if (line.includes('Downloaded from') && line.endsWith('.jar)')) {
          downloaded++;
          if (downloaded % 20 === 0) logger.info({ jars: downloaded }, 'downloading Neo4j jars');
        }
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else {
        reject(
          new LocalNeo4jError(
            `Maven could not resolve org.neo4j:neo4j:${NEO4J_VERSION} (exit ${code}):\n${lastLines.join('\n')}`,
          ),
        );
      }
    });
  });
}

function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', () =>
      reject(
        new LocalNeo4jError(
          `port ${port} on 127.0.0.1 is taken by another process, not by the Neo4j of this home; stop it or set NEO4J_LOCAL_BOLT_PORT`,
        ),
      ),
    );
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A zombie (exited, not yet reaped by its parent) still answers kill(0).
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return true;
  }
}

/** The peak resident set (VmHWM) of a process, in bytes; 0 once it has gone or without /proc. */
export function peakRss(pid: number): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * When a process began, in clock ticks since boot (field 22 of /proc/<pid>/stat): with the
 * pid, it names one process even after the pid is reused. Undefined without /proc.
 */
export function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** True when the process lives and its command line mentions `text` (not a recycled pid). */
function processMentions(pid: number, text: string): boolean {
  if (!isAlive(pid)) return false;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(text);
  } catch {
    // No /proc (not Linux): trust the pid.
    return true;
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await sleep(100);
  }
  return condition();
}

function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

const UNIT = { k: 1, m: 1024, g: 1024 * 1024 } as const;

/** The smaller of two sizes in Neo4j's syntax (`512m`, `2g`). */
export function smaller(a: string, b: string): string {
  const kib = (size: string) =>
    Number(size.slice(0, -1)) * UNIT[size.slice(-1) as keyof typeof UNIT];
  return kib(a) <= kib(b) ? a : b;
}
