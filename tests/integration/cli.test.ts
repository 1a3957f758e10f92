import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, eventually, freePort, graphql, runCli, spawnServe, uniqueId } from './helpers';

describe('diplograph CLI', () => {
  let home: string;

  beforeAll(() => {
    home = mkdtempSync(path.join(os.tmpdir(), 'diplograph-cli-'));
  });

  afterAll(() => {
    rmSync(home, { recursive: true, force: true });
  });

  it.each([
    ['PORT', 'not-a-port', /PORT: "not-a-port" is not an integer between 0 and 65535/],
    ['NEO4J_URI', 'http://example.org', /NEO4J_URI: "http:\/\/example.org" is not a Bolt URI/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL: "loud" is not one of/],
    ['NEO4J_LOCAL_HEAP', 'lots', /NEO4J_LOCAL_HEAP: "lots" is not a size/],
  ])('fails at start naming %s when it is wrong', async (name, value, message) => {
    const result = await runCli(['serve'], { [name]: value });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('asks for NEO4J_PASSWORD when NEO4J_URI is given without it', async () => {
    const result = await runCli(['serve'], {
      NEO4J_URI: 'bolt://127.0.0.1:1',
      NEO4J_PASSWORD: undefined,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('NEO4J_PASSWORD: required when NEO4J_URI is set');
  });

  it('names what to install when Java is missing', async () => {
    const result = await runCli(['neo4j', 'start'], {
      NEO4J_LOCAL_HOME: home,
      NEO4J_LOCAL_BOLT_PORT: String(await freePort()),
      JAVA_HOME: path.join(home, 'no-java-here'),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /Java 17 or 21 is needed .*apt-get install openjdk-17-jre-headless/,
    );
  });

  it('names what to install when Maven is missing', async () => {
    const result = await runCli(['neo4j', 'start'], {
      NEO4J_LOCAL_HOME: home,
      NEO4J_LOCAL_BOLT_PORT: String(await freePort()),
      MAVEN_CMD: path.join(home, 'no-maven-here'),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Maven is needed once.*apt-get install maven/);
  });

  it('refuses a Bolt port that another process holds', async () => {
    const net = await import('node:net');
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as import('node:net').AddressInfo).port;
    try {
      const result = await runCli(['neo4j', 'start'], {
        NEO4J_LOCAL_HOME: home,
        NEO4J_LOCAL_BOLT_PORT: String(port),
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`port ${port} on 127.0.0.1 is taken by another process`);
    } finally {
      blocker.close();
    }
  });

  it('serves over NEO4J_URI and exits 0 on SIGTERM after closing the server and driver', async () => {
    const serve = await spawnServe();
    const { child, url, exited } = serve;
    try {
      const up = await eventually(async () => {
        try {
          return (await fetch(`${url}/ready`)).status === 200;
        } catch {
          return false;
        }
      }, 60_000);
      expect(up).toBe(true);
      expect((await graphql(url, '{ __typename }')).body).toEqual({
        data: { __typename: 'Query' },
      });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    const lines = serve
      .stderr()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { msg: string; level: string });
    expect(lines.map((l) => l.msg)).toEqual(
      expect.arrayContaining([
        'connected to Neo4j',
        'migrations current',
        'API server listening',
        'shutting down',
        'stopped',
      ]),
    );
    expect(lines.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('validates a dataset and verifies its quotes against its text', async () => {
    const file = 'tests/fixtures/datasets/laos.yaml';
    const result = await runCli(['validate', '--sources', 'tests/fixtures/sources', file]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      `${file}: valid: 6 entities, 4 statements, 4 quotes verified against laos-relations-fixture.txt.\n`,
    );
  });

  it('validates the Cambodia dataset without its article, and says where the text would go', async () => {
    // SOURCES_DIR is the fixtures' folder here (global-setup), which lacks the article.
    const result = await runCli(['validate', 'data/cambodia.yaml']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      `warning: data/cambodia.yaml: quotes were not verified: source text cambodia-foreign-relations.txt is in none of ${path.join(ROOT, 'tests', 'fixtures', 'sources')}; put it there (SOURCES_DIR) to verify them\n`,
    );
    expect(result.stdout).toMatch(
      /^data\/cambodia\.yaml: valid: \d+ entities, \d+ statements, \d+ quotes not verified\.\n$/,
    );
  });

  it('verifies the quotes of a dataset whose text is in SOURCES_DIR when it starts, and says which are not', async () => {
    const data = mkdtempSync(path.join(home, 'data-'));
    const verified = uniqueId('serve-laos');
    const unverified = uniqueId('serve-textless');
    const laos = readFileSync('tests/fixtures/datasets/laos.yaml', 'utf8');
    writeFileSync(
      path.join(data, 'a.yaml'),
      laos.replace('id: laos-relations-fixture', `id: ${verified}`),
    );
    writeFileSync(
      path.join(data, 'b.yaml'),
      laos
        .replace('id: laos-relations-fixture', `id: ${unverified}`)
        .replace('text: laos-relations-fixture.txt', 'text: not-at-hand.txt'),
    );
    // SOURCES_DIR is tests/fixtures/sources for the whole suite (global-setup).
    const serve = await spawnServe({ DATA_DIR: data });
    try {
      const up = await eventually(async () => {
        try {
          return (await fetch(`${serve.url}/ready`)).status === 200;
        } catch {
          return false;
        }
      }, 60_000);
      expect(up).toBe(true);
      const { body } = await graphql(
        serve.url,
        `
          query ($a: ID!, $b: ID!) {
            graphInfo {
              sources {
                id
                quotesVerified
                textFile
              }
            }
            a: relations(filter: { source: $a, kinds: [MEMBER_OF] }) {
              nodes {
                evidence {
                  start
                  end
                }
              }
            }
            b: relations(filter: { source: $b, kinds: [MEMBER_OF] }) {
              nodes {
                evidence {
                  start
                  end
                }
              }
            }
          }
        `,
        { a: verified, b: unverified },
      );
      expect(body.errors).toBeUndefined();
      const sources = body.data.graphInfo.sources;
      expect(sources).toContainEqual({
        id: verified,
        quotesVerified: true,
        textFile: 'laos-relations-fixture.txt',
      });
      expect(sources).toContainEqual({
        id: unverified,
        quotesVerified: false,
        textFile: 'not-at-hand.txt',
      });
      expect(body.data.a.nodes[0].evidence[0].start).toEqual(expect.any(Number));
      expect(body.data.b.nodes[0].evidence[0]).toEqual({ start: null, end: null });
    } finally {
      serve.child.kill('SIGTERM');
      await serve.exited;
      await runCli(['unload', verified]);
      await runCli(['unload', unverified]);
    }
    expect(serve.stderr()).toContain(
      `quotes were not verified: source text not-at-hand.txt is in none of ${path.join(ROOT, 'tests', 'fixtures', 'sources')}; put it there (SOURCES_DIR) to verify them`,
    );
  });

  it('prints the coverage of a dataset, as text or JSON, and fails --strict on a gap', async () => {
    const file = 'tests/fixtures/datasets/laos.yaml';
    const text = await runCli(['coverage', '--sources', 'tests/fixtures/sources', file]);
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n')[0]).toBe(
      `${file} (laos-relations-fixture.txt): 3 of 5 sentences cited (60%); 0 uncited sentences name two or more known entities.`,
    );
    const json = await runCli(['coverage', '--json', '--strict', file]);
    expect(json.code).toBe(0);
    const [report] = JSON.parse(json.stdout);
    expect(report).toMatchObject({ source: 'laos-relations-fixture', cited: 3, gaps: [] });

    const gap = path.join(home, 'gap.yaml');
    const laos = readFileSync(file, 'utf8');
    writeFileSync(gap, laos.slice(0, laos.lastIndexOf('  - kind: FUNDS')));
    const strict = await runCli(['coverage', '--strict', gap]);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('Uncited sentences that name two or more known entities:');

    // Entities a dataset names from the catalogue without declaring count as known: without
    // its statement, Thailand's sentence on electricity from Laos (Laos from the catalogue)
    // is a gap.
    const thailand = readFileSync('tests/fixtures/datasets/thailand.yaml', 'utf8');
    const exports = thailand.indexOf('  - kind: EXPORTS_TO\n    subject: LAO');
    const mekongGap = path.join(home, 'thailand-gap.yaml');
    writeFileSync(
      mekongGap,
      thailand.slice(0, exports) + thailand.slice(thailand.indexOf('\n  - kind:', exports + 1) + 1),
    );
    const catalogued = await runCli([
      'coverage',
      '--strict',
      '--sources',
      'tests/fixtures/sources',
      mekongGap,
    ]);
    expect(catalogued.code).toBe(1);
    expect(catalogued.stdout).toMatch(
      /Thailand buys much of the electricity generated by hydropower dams in Laos/,
    );

    // Coverage needs the text: a missing one is a problem, even in SOURCES_DIR.
    const missing = await runCli(['coverage', 'data/cambodia.yaml']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('source text cambodia-foreign-relations.txt is in none of');
  });

  it('reports problems as file:line:column and exits 1', async () => {
    const file = 'tests/fixtures/hostile/quote-not-found.yaml';
    for (const command of ['validate', 'load']) {
      const result = await runCli([command, '--sources', 'tests/fixtures/sources', file]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        `${file}:45:37: quote not found verbatim in section "partners" of laos-relations-fixture.txt`,
      );
      // A load says that it wrote nothing; a validation, which never writes, does not.
      expect(result.stderr.trim().split('\n').at(-1)).toBe(
        command === 'load' ? '1 problem; nothing was written.' : '1 problem.',
      );
    }
  });

  it('loads a dataset, says what changed, and unloads it', async () => {
    const source = uniqueId('cli-laos');
    const file = path.join(home, `${source}.yaml`);
    writeFileSync(
      file,
      readFileSync('tests/fixtures/datasets/laos.yaml', 'utf8').replace(
        'id: laos-relations-fixture',
        `id: ${source}`,
      ),
    );
    const load = await runCli(['load', '--sources', 'tests/fixtures/sources', file]);
    expect(load.code).toBe(0);
    // Whether the entities are new depends on what other tests left: count them together.
    const counts =
      /entities (\d+) written, (\d+) unchanged, 0 removed; statements 4 added, 0 updated, 0 unchanged, 0 retracted; 4 evidence records written\./.exec(
        load.stdout,
      );
    expect(counts).not.toBeNull();
    expect(Number(counts?.[1]) + Number(counts?.[2])).toBe(6);
    const again = await runCli(['load', '--sources', 'tests/fixtures/sources', file]);
    expect(again.stdout).toBe(`${file}: unchanged (already loaded).\n`);
    const unload = await runCli(['unload', source]);
    expect(unload.code).toBe(0);
    expect(unload.stdout).toBe(`${source}: removed, with 4 statements.\n`);
    const twice = await runCli(['unload', source]);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain(`no source "${source}" is loaded`);
  });
});
