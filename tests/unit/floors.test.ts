import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/config';

/*
 * The floors of src/ (docs/architecture.md) are ESLint rules: each must refuse a deliberate
 * violation and let a permitted import through. Lints code given on stdin, as if it were the
 * file named, with the project's own configuration.
 */

interface Finding {
  ruleId: string | null;
  message: string;
}

function lint(file: string, code: string): Finding[] {
  const eslint = path.join(PROJECT_ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');
  const run = spawnSync(
    process.execPath,
    [eslint, '--stdin', '--stdin-filename', file, '--format', 'json'],
    { cwd: PROJECT_ROOT, input: code, encoding: 'utf8' },
  );
  const [result] = JSON.parse(run.stdout) as Array<{ messages: Finding[] }>;
  return result?.messages ?? [];
}

/** A module that imports `name` from `module` and uses it. */
function importing(module: string, name: string): string {
  const [binding, local] = name.startsWith('default ')
    ? [name.slice(8), name.slice(8)]
    : [`{ ${name} }`, name];
  return `import ${binding} from '${module}';\nexport const used = [${local}];\n`;
}

const floorRule = (findings: Finding[]) =>
  findings.filter((f) => f.ruleId === 'no-restricted-imports').map((f) => f.message);

describe('the floors of src/', () => {
  it.each([
    ['a resolver importing the server', 'src/resolvers/x.ts', '../server/serve', 'serve'],
    ['a resolver importing ingest', 'src/resolvers/x.ts', '../ingest/load', 'loadFiles'],
    ['the configuration importing src/', 'src/config.ts', './errors', 'AppError'],
    ['the errors importing src/', 'src/errors.ts', './config', 'loadConfig'],
    ['the ontology importing the graph', 'src/ontology/x.ts', '../graph/allow-list', 'label'],
    ['the graph importing ingest', 'src/graph/x.ts', '../ingest/validate', 'validateFiles'],
    ['ingest importing the resolvers', 'src/ingest/x.ts', '../resolvers/access', 'requireRole'],
    [
      'the domain importing the resolvers',
      'src/domain/x.ts',
      '../resolvers/pagination',
      'pageSize',
    ],
    ['a resolver importing the driver', 'src/resolvers/x.ts', 'neo4j-driver', 'default neo4j'],
  ])('refuse %s', (_what, file, module, name) => {
    expect(floorRule(lint(file, importing(module, name)))).toHaveLength(1);
  });

  it.each([
    ['a resolver importing the graph', 'src/resolvers/x.ts', '../graph/allow-list', 'label'],
    ['ingest importing the ontology', 'src/ingest/x.ts', '../ontology/canonical', 'canonical'],
    ['the graph importing the driver', 'src/graph/x.ts', 'neo4j-driver', 'default neo4j'],
    ['the server importing ingest', 'src/server/x.ts', '../ingest/load', 'loadFiles'],
  ])('let through %s', (_what, file, module, name) => {
    expect(floorRule(lint(file, importing(module, name)))).toEqual([]);
  });
});

describe('docs/architecture.md', () => {
  it('names only files and folders that exist under src/', () => {
    const text = readFileSync(path.join(PROJECT_ROOT, 'docs', 'architecture.md'), 'utf8');
    const src = path.join(PROJECT_ROOT, 'src');
    const files = readdirSync(src, { recursive: true }).map(String);
    const named = [...text.matchAll(/`(?:src\/)?([a-z-]+(?:\/[a-z.-]+)?(?:\.ts|\/))`/g)].map(
      (m) => m[1] as string,
    );
    expect(named.length).toBeGreaterThan(20);
    // A bare file name (`rules.ts`) is found in any folder; a path, where it says.
    const exists = (p: string) =>
      p.includes('/') && !p.endsWith('/')
        ? existsSync(path.join(src, p))
        : files.some((f) => f === p.replace(/\/$/, '') || f.endsWith(`/${p}`));
    const missing = named.filter((p) => p !== 'src/' && !exists(p));
    expect(missing).toEqual([]);
  });
});
