import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NEO4J_VERSION, loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import {
  LocalNeo4j,
  LocalNeo4jError,
  checkJava,
  parseJavaMajor,
  runtimePom,
  smaller,
} from '../../src/neo4j/local-neo4j';

describe('local Neo4j, without starting it', () => {
  let home: string;
  let local: LocalNeo4j;

  beforeEach(() => {
    home = mkdtempSync(path.join(os.tmpdir(), 'diplograph-unit-neo4j-'));
    const config = loadConfig({
      NEO4J_LOCAL_HOME: home,
      NEO4J_LOCAL_BOLT_PORT: '17999',
      NEO4J_LOCAL_HEAP: '3g',
    });
    local = new LocalNeo4j(config.local, createLogger('silent'));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('binds Bolt to 127.0.0.1 only, with auth on and HTTP off', () => {
    const conf = local.neo4jConf();
    expect(conf).toContain('server.default_listen_address=127.0.0.1');
    expect(conf).toContain('server.bolt.listen_address=127.0.0.1:17999');
    expect(conf).toContain('server.http.enabled=false');
    expect(conf).toContain('dbms.security.auth_enabled=true');
    expect(conf).toContain('server.memory.heap.max_size=3g');
    expect(conf).toContain('server.memory.heap.initial_size=512m');
    expect(local.uri).toBe('bolt://127.0.0.1:17999');
  });

  it('pins the exact Neo4j version in the POM Maven resolves', () => {
    expect(NEO4J_VERSION).toMatch(/^5\.26\.\d+$/);
    expect(runtimePom()).toContain(
      `<artifactId>neo4j</artifactId>\n      <version>${NEO4J_VERSION}</version>`,
    );
  });

  it('reports stopped with no pid file', () => {
    expect(local.status()).toMatchObject({ state: 'stopped', uri: 'bolt://127.0.0.1:17999' });
    expect(local.status().stalePidFile).toBeUndefined();
  });

  it.each([
    ['a dead process', '999999999'],
    ['a live process that is not this Neo4j', String(process.pid)],
    ['garbage', 'not-a-pid'],
  ])('removes a stale pid file pointing at %s', (_what, content) => {
    mkdirSync(path.join(home, 'run'));
    const pidFile = path.join(home, 'run', 'neo4j.pid');
    writeFileSync(pidFile, content);
    expect(local.status()).toMatchObject({ state: 'stopped', stalePidFile: true });
    expect(existsSync(pidFile)).toBe(false);
  });

  it('says stop had nothing to do when nothing runs', async () => {
    await expect(local.stop()).resolves.toEqual({ wasRunning: false });
  });

  it('asks for NEO4J_PASSWORD or a fresh home when the password file is gone', () => {
    expect(() => local.credentials()).toThrow(LocalNeo4jError);
    expect(() => local.credentials()).toThrow(/set NEO4J_PASSWORD, or delete that folder/);
  });
});

describe('Java detection', () => {
  it.each([
    ['openjdk version "17.0.15" 2025-04-15', 17],
    ['openjdk version "21" 2023-09-19', 21],
    ['java version "1.8.0_392"', 8],
    ['openjdk version "25.0.1" 2025-10-21', 25],
    ['nonsense', undefined],
  ])('reads the major version of %s', (output, major) => {
    expect(parseJavaMajor(output)).toBe(major);
  });

  it('names what to install when java cannot be run', () => {
    expect(() => checkJava('/nonexistent/bin/java')).toThrow(/Java 17 or 21 is needed/);
    expect(() => checkJava('/nonexistent/bin/java')).toThrow(
      /apt-get install openjdk-17-jre-headless/,
    );
  });
});

describe('smaller', () => {
  it('compares sizes across units', () => {
    expect(smaller('2g', '512m')).toBe('512m');
    expect(smaller('256m', '512m')).toBe('256m');
    expect(smaller('1048576k', '2g')).toBe('1048576k');
  });
});
