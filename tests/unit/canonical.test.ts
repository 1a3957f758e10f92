import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CORE_SCHEMA, load } from 'js-yaml';
import { PROJECT_ROOT } from '../../src/config';
import { canonical } from '../../src/ontology/canonical';

/*
 * Stored hashes and qualifiers depend on the canonical text: the direct writer must give,
 * character for character, JSON.stringify of the value with every object's keys sorted.
 */

const reference = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
        )
      : v,
  );

describe('canonical', () => {
  it.each([
    null,
    0,
    -0,
    NaN,
    Infinity,
    'a "quoted" \u2028 line',
    true,
    [],
    {},
    [1, undefined, () => 1, 'x', null],
    { b: 1, a: [{ z: 1, y: undefined }], 10: 2, 9: 3, c: null, d: undefined },
    { é: 1, e: 2, E: 3, _: 4 },
    { qualifiers: { since: 1999, in: 'KHM', fields: ['defence', 'trade'] }, modality: 'fact' },
  ])('writes %p as the sorted JSON.stringify does', (value) => {
    expect(canonical(value)).toBe(reference(value));
  });

  it('writes every statement of the Cambodia dataset as the sorted JSON.stringify does', () => {
    const data = load(readFileSync(path.join(PROJECT_ROOT, 'data', 'cambodia.yaml'), 'utf8'), {
      schema: CORE_SCHEMA,
    }) as { entities: unknown[]; statements: unknown[] };
    for (const item of [...data.entities, ...data.statements])
      expect(canonical(item)).toBe(reference(item));
  });
});
