import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BENCH_VARIABLES } from '../../bench/config';
import { ConfigError, PROJECT_ROOT, VARIABLES, envExample, loadConfig } from '../../src/config';

describe('loadConfig', () => {
  it('has working defaults for a local start', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      env: 'development',
      host: '127.0.0.1',
      port: 4000,
      logLevel: 'info',
      neo4j: { uri: undefined, user: 'neo4j', password: undefined, database: 'neo4j' },
      local: {
        boltPort: 7687,
        heap: '2g',
        pageCache: '1g',
        javaCommand: 'java',
        mavenCommand: 'mvn',
      },
    });
    expect(config.local.home).toBe(path.join(PROJECT_ROOT, '.neo4j', 'dev'));
  });

  it('reads every variable', () => {
    const config = loadConfig({
      NEO4J_URI: 'neo4j+s://abc.databases.example:7687',
      NEO4J_USER: 'reader',
      NEO4J_PASSWORD: 's3cret',
      NEO4J_DATABASE: 'foreign-relations',
      HOST: '0.0.0.0',
      PORT: '8080',
      NODE_ENV: 'production',
      LOG_LEVEL: 'debug',
      NEO4J_TX_TIMEOUT_MS: '2500',
      NEO4J_LOCAL_HOME: '/var/lib/diplograph',
      NEO4J_LOCAL_BOLT_PORT: '17687',
      NEO4J_LOCAL_HEAP: '4G',
      JAVA_HOME: '/opt/jdk17',
    });
    expect(config.neo4j).toMatchObject({
      uri: 'neo4j+s://abc.databases.example:7687',
      user: 'reader',
      password: 's3cret',
      database: 'foreign-relations',
      transactionTimeoutMs: 2500,
    });
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 8080,
      env: 'production',
      logLevel: 'debug',
    });
    expect(config.local).toMatchObject({
      home: '/var/lib/diplograph',
      boltPort: 17687,
      heap: '4g',
      javaCommand: '/opt/jdk17/bin/java',
    });
  });

  it('treats blank values as unset', () => {
    expect(loadConfig({ NEO4J_URI: '  ', PORT: '' }).port).toBe(4000);
  });

  it.each([
    ['PORT', '70000', 'PORT: "70000" is not an integer between 0 and 65535'],
    ['PORT', '4000abc', 'PORT: "4000abc" is not an integer'],
    ['NODE_ENV', 'staging', 'NODE_ENV: "staging" is not one of development, production, test'],
    ['NEO4J_URI', 'localhost:7687', 'NEO4J_URI: "localhost:7687" is not a Bolt URI'],
    ['NEO4J_DATABASE', 'x', 'NEO4J_DATABASE: "x" is not a valid Neo4j database name'],
    ['NEO4J_LOCAL_PAGECACHE', '1.5g', 'NEO4J_LOCAL_PAGECACHE: "1.5g" is not a size'],
    ['NEO4J_TX_TIMEOUT_MS', '-1', 'NEO4J_TX_TIMEOUT_MS: "-1" is not an integer'],
  ])('names %s when its value %s is wrong', (name, value, message) => {
    expect(() => loadConfig({ [name]: value, NEO4J_PASSWORD: 'x' })).toThrow(message);
  });

  it('reports every wrong variable at once', () => {
    try {
      loadConfig({ PORT: 'x', LOG_LEVEL: 'loud', NEO4J_URI: 'bolt://db:7687' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual([
        'NEO4J_PASSWORD: required when NEO4J_URI is set',
        'PORT: "x" is not an integer between 0 and 65535',
        'LOG_LEVEL: "loud" is not one of fatal, error, warn, info, debug, trace, silent',
      ]);
    }
  });

  it.each([
    ['the server', ['src', 'config.ts'], VARIABLES],
    ['the benchmarks', ['bench', 'config.ts'], BENCH_VARIABLES],
  ] as const)('documents every variable %s reads in the README', (_who, file, variables) => {
    const readme = readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
    const source = readFileSync(path.join(PROJECT_ROOT, ...file), 'utf8');
    const read = new Set([...source.matchAll(/read\.\w+\('([A-Z0-9_]+)'/g)].map((m) => m[1]));
    expect(read.size).toBeGreaterThan(0);
    for (const name of read) expect(variables.map((v) => v.name)).toContain(name);
    for (const variable of variables) expect(readme).toContain(`\`${variable.name}\``);
  });

  it('lists every variable in .env.example, with its default (npm run env:example)', () => {
    const example = readFileSync(path.join(PROJECT_ROOT, '.env.example'), 'utf8');
    expect(example).toBe(envExample());
    for (const variable of VARIABLES) expect(example).toContain(`\n# ${variable.name}=`);
  });
});
