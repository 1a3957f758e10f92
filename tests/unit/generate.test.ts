import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WorldSpec, generateWorld } from '../../src/generate/world';
import { validateFiles } from '../../src/ingest/validate';
import { RELATION_KINDS } from '../../src/ontology/relations';

const SPEC: WorldSpec = {
  countries: 30,
  organisations: 10,
  agreements: 5,
  issues: 16,
  projects: 6,
  events: 6,
  relations: 2_300,
  perFile: 1_000,
  seed: 7,
};

describe('diplograph generate', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'diplograph-world-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const contents = (folder: string) =>
    readdirSync(folder, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.yaml') || f.endsWith('.txt'))
      .sort()
      .map((f) => [f, readFileSync(path.join(folder, f), 'utf8')]);

  it('writes a valid world whose every quote is in its synthetic source text', async () => {
    const world = await generateWorld(path.join(dir, 'a'), SPEC);
    expect(world.datasets).toHaveLength(1 + 3);
    expect(world).toMatchObject({ entities: 30 + 10 + 5 + 16 + 6 + 6, statements: 2_300 });
    const result = validateFiles(world.datasets, { sourcesDirs: [world.sourcesDir] });
    expect(result.problems).toEqual([]);
    expect(result.datasets.map((d) => d.statements.length)).toEqual([0, 1_000, 1_000, 300]);
    const kinds = new Set(result.datasets.flatMap((d) => d.statements.map((s) => s.kind)));
    expect(kinds.size).toBe(RELATION_KINDS.length);
  });

  it('is deterministic: the same seed gives the same bytes, another seed another world', async () => {
    await generateWorld(path.join(dir, 'b'), SPEC);
    await generateWorld(path.join(dir, 'c'), { ...SPEC, seed: 8 });
    expect(contents(path.join(dir, 'b'))).toEqual(contents(path.join(dir, 'a')));
    expect(contents(path.join(dir, 'c'))).not.toEqual(contents(path.join(dir, 'a')));
  });
});
