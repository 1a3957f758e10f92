import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CsvGraph, DateTimeValue, importArguments } from '../../src/graph/bulk-import';

/*
 * The CSV of a bulk load says each value exactly as the importer reads it, or hands it to the
 * `__fix` column (JSON, written through Bolt after the import): what an empty field, a line
 * break or the list delimiter would change never reaches a CSV field.
 */

describe('the CSV of a bulk load', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'diplograph-csv-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const lines = (file: string) => readFileSync(file, 'utf8').trimEnd().split('\n');

  it('types each column, quotes texts and joins lists with the unit separator', () => {
    const csv = new CsvGraph(dir);
    csv.node(
      ['Entity', 'Country'],
      { space: 'Entity', id: 'KHM' },
      {
        id: 'KHM',
        name: 'Say "Cambodia"',
        aliases: ['Kampuchea', 'Kingdom of Cambodia'],
        dacCode: 15250,
        share: 0.5,
        active: true,
        missing: null,
        at: new DateTimeValue('2026-12-04T00:00:00.000Z'),
      },
    );
    const files = csv.close();
    expect(files.nodeCount).toBe(1);
    expect(files.fixes).toBe(0);
    const [header, row] = lines(files.nodes[0]?.file as string);
    expect(header).toBe(
      'id:ID(Entity),active:boolean,aliases:string[],at:datetime,dacCode:long,name,share:double',
    );
    expect(row).toBe(
      '"KHM",true,"Kampuchea\u001fKingdom of Cambodia",2026-12-04T00:00:00.000Z,15250,"Say ""Cambodia""",0.5',
    );
    expect(importArguments(files)).toEqual([
      '--array-delimiter=U+001F',
      `--nodes=Entity:Country=${files.nodes[0]?.file}`,
    ]);
  });

  it('hands what a field cannot say exactly to __fix, as JSON', () => {
    const csv = new CsvGraph(dir);
    const odd = {
      empty: [],
      oneEmpty: [''],
      lineBreak: 'one\ntwo',
      delimiter: ['a\u001fb', 'c'],
      numbers: [1, 2],
      'not plain': 'x',
      huge: 2 ** 60,
      plain: 'kept',
    };
    csv.relationship('FUNDS', { space: 'Entity', id: 'JPN' }, { space: 'Entity', id: 'x' }, odd);
    const files = csv.close();
    expect(files.fixes).toBe(1);
    expect(files.relationships[0]?.fixed).toBe(true);
    const [header, row] = lines(files.relationships[0]?.file as string);
    // A whole number too large to be exact in JavaScript is a float, as a load sends it.
    expect(header).toBe(':START_ID(Entity),:END_ID(Entity),huge:double,plain,__fix');
    const fix = /,"((?:[^"]|"")*)"$/.exec(row as string)?.[1]?.replaceAll('""', '"');
    const { plain: _plain, huge: _huge, ...rest } = odd;
    expect(JSON.parse(fix as string)).toEqual(rest);
  });

  it('writes rows of another shape to a file of their own', () => {
    const csv = new CsvGraph(dir);
    csv.node(['Statement'], { space: 'Statement', id: 's1' }, { id: 's1', year: 2020 });
    csv.node(['Statement'], { space: 'Statement', id: 's2' }, { id: 's2', year: 2021 });
    csv.node(['Statement'], { space: 'Statement', id: 's3' }, { id: 's3', year: 'unknown' });
    csv.node(['Statement'], { space: 'Statement', id: 's4' }, { id: 's4' });
    const files = csv.close();
    expect(files.nodes.map((g) => g.rows)).toEqual([2, 1, 1]);
    expect(files.nodes.map((g) => lines(g.file)[0])).toEqual([
      'id:ID(Statement),year:long',
      'id:ID(Statement),year',
      'id:ID(Statement)',
    ]);
  });
});
