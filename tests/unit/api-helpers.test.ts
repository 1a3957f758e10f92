import { AppError } from '../../src/errors';
import { luceneQuery } from '../../src/graph/entity.repository';
import { relationshipTypes } from '../../src/graph/allow-list';
import { clampHops } from '../../src/graph/statement.repository';
import { nameKey } from '../../src/ontology/names';
import { RELATION_KINDS, RelationKind } from '../../src/ontology/relations';
import {
  decodeCursor,
  encodeCursor,
  isKeyset,
  isOffset,
  pageSize,
} from '../../src/resolvers/pagination';
import { readExamples } from '../../src/server/playground';

describe('nameKey', () => {
  it.each([
    ['Côte d’Ivoire', 'cote divoire'],
    ["COTE D'IVOIRE", 'cote divoire'],
    ['  People’s Republic of China ', 'peoples republic of china'],
    ['São Tomé and Príncipe', 'sao tome and principe'],
    ['K-pop', 'k pop'],
  ])('folds %s to %s', (name, key) => {
    expect(nameKey(name)).toBe(key);
  });
});

describe('luceneQuery', () => {
  it('keeps words only, with exact, prefix and fuzzy forms', () => {
    expect(luceneQuery('South Korea')).toBe(
      '(south^3 OR south* OR south~1) (korea^3 OR korea* OR korea~1)',
    );
    expect(luceneQuery('EU')).toBe('(eu^3 OR eu*)');
  });

  it.each([
    'title:secret AND *:*',
    '"unclosed',
    'a || b && !c',
    '(((',
    "' OR 1=1 //",
    '}) MATCH (n) DETACH DELETE n //',
  ])('makes no Lucene operator out of %s', (text) => {
    expect(luceneQuery(text)).not.toMatch(/[:"!&|{}[\]]|\bAND\b|\*:\*/);
  });

  it('gives nothing for punctuation alone', () => {
    expect(luceneQuery('?!*')).toBe('');
  });
});

describe('cursors and page sizes', () => {
  it('round-trips a cursor of its own kind', () => {
    const cursor = encodeCursor('relations-of', 41);
    expect(decodeCursor(cursor, 'relations-of', isOffset)).toBe(41);
    expect(decodeCursor(encodeCursor('k', { key: 'Cambodia', id: 'KHM' }), 'k', isKeyset)).toEqual({
      key: 'Cambodia',
      id: 'KHM',
    });
  });

  it.each([
    ['garbage', 'relations-of'],
    [encodeCursor('relations', 'x'), 'relations-of'],
    [encodeCursor('relations-of', -1), 'relations-of'],
    [encodeCursor('relations-of', 'DROP'), 'relations-of'],
  ])('refuses %s as a cursor of %s', (cursor, kind) => {
    expect(() => decodeCursor(cursor, kind, isOffset)).toThrow(AppError);
    expect(() => decodeCursor(cursor, kind, isOffset)).toThrow(
      'after is not a cursor this list gave',
    );
  });

  it('bounds page sizes', () => {
    expect(pageSize(100, 100)).toBe(100);
    expect(() => pageSize(101, 100)).toThrow('first must be between 1 and 100, not 101');
    expect(() => pageSize(0, 100)).toThrow();
  });
});

describe('what reaches Cypher text', () => {
  it('clamps hop caps to integers from 1 to 6', () => {
    expect(clampHops(4)).toBe(4);
    expect(clampHops(99)).toBe(6);
    expect(clampHops(-3)).toBe(1);
    expect(clampHops(2.7)).toBe(2);
    expect(clampHops(Number.NaN)).toBe(1);
  });

  it('takes relationship types from the vocabulary only', () => {
    expect(relationshipTypes([RelationKind.FUNDS, RelationKind.HOSTS])).toBe('FUNDS|HOSTS');
    expect(relationshipTypes(['FUNDS]->() DETACH DELETE n //' as RelationKind])).toBeUndefined();
    expect(relationshipTypes(undefined)?.split('|')).toEqual(RELATION_KINDS);
  });
});

describe('example operations', () => {
  it('are all named and carry the comment above them', () => {
    const examples = readExamples();
    expect(examples.length).toBeGreaterThanOrEqual(8);
    expect(examples[0]?.name).toBe('WhoFundsDemining');
    expect(
      examples[0]?.query.startsWith(
        '# Which partners fund demining in Cambodia?\nquery WhoFundsDemining {',
      ),
    ).toBe(true);
  });
});
