import {
  truncateSync,
  closeSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseDocument, isMap, isSeq, isPair, isScalar, LineCounter } from 'yaml';
import { PROJECT_ROOT } from '../../src/config';
import { formatProblem } from '../../src/ingest/parse';
import { locateSections, findQuote } from '../../src/ingest/source-text';
import { validateEach, validateFiles } from '../../src/ingest/validate';

const CAMBODIA = path.join(PROJECT_ROOT, 'data', 'cambodia.yaml');
const FIXTURES = path.join(PROJECT_ROOT, 'tests', 'fixtures');
const FIXTURE_SOURCES = path.join(FIXTURES, 'sources');
const LAOS = path.join(FIXTURES, 'datasets', 'laos.yaml');
const HOSTILE = path.join(FIXTURES, 'hostile');

describe('the Cambodia dataset', () => {
  // Its article is not in the repository: its quotes are verified against it in CI
  // (`.ci/run` validates data/ against the articles it is given), and here on a text of ours.
  it('is valid in shape, references, kinds and codes', () => {
    const result = validateFiles([CAMBODIA]);
    expect(result.problems.map(formatProblem)).toEqual([]);
    const [dataset] = result.datasets;
    expect(dataset?.quotesVerified).toBe(false);
    expect(dataset?.source.sections.map((s) => s.id)).toEqual([
      'lead',
      'principles',
      'asean',
      'china',
      'united-states',
      'japan-south-korea',
      'european-union',
      'united-nations',
      'future-directions',
    ]);
  });

  it('cites every section of the article', () => {
    const [dataset] = validateFiles([CAMBODIA]).datasets;
    const cited = new Set(dataset?.statements.flatMap((s) => s.evidence.map((e) => e.section)));
    expect([...cited].sort()).toEqual(dataset?.source.sections.map((s) => s.id).sort());
  });

  it('says plainly that quotes were not verified when no text is given', () => {
    const result = validateFiles([CAMBODIA]);
    expect(result.problems).toEqual([]);
    expect(result.warnings).toEqual([
      'quotes were not verified: no source texts were given (--sources DIR)',
    ]);
    expect(result.datasets[0]?.statements[0]?.evidence[0]).toMatchObject({
      start: null,
      end: null,
    });
  });

  it('is a problem when folders were named and lack its text, a warning when they were only looked in', () => {
    const named = validateFiles([CAMBODIA], { sourcesDirs: [FIXTURE_SOURCES] });
    expect(named.problems.map((p) => p.message)).toEqual([
      `source text cambodia-foreign-relations.txt is in none of ${FIXTURE_SOURCES}`,
    ]);
    const lookedIn = validateFiles([CAMBODIA, LAOS], {
      sourcesDirs: [FIXTURE_SOURCES],
      requireSources: false,
    });
    expect(lookedIn.problems).toEqual([]);
    expect(lookedIn.warnings).toEqual([
      `${CAMBODIA}: quotes were not verified: source text cambodia-foreign-relations.txt is in none of ${FIXTURE_SOURCES}; put it there (SOURCES_DIR) to verify them`,
    ]);
    expect(lookedIn.datasets.map((d) => [d.source.id, d.quotesVerified])).toEqual([
      ['cambodia-foreign-relations', false],
      ['laos-relations-fixture', true],
    ]);
  });
});

describe('a changed quote', () => {
  it('fails on one changed word in any quote, at the line of that quote', () => {
    const text = readFileSync(LAOS, 'utf8');
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { lineCounter });
    const quotes: Array<{ offset: number; end: number; value: string }> = [];
    const visit = (node: unknown): void => {
      if (isMap(node)) {
        for (const pair of node.items) {
          if (
            isPair(pair) &&
            isScalar(pair.key) &&
            pair.key.value === 'quote' &&
            isScalar(pair.value)
          ) {
            const range = pair.value.range as [number, number, number];
            quotes.push({ offset: range[0], end: range[1], value: String(pair.value.value) });
          } else if (isPair(pair)) visit(pair.value);
        }
      } else if (isSeq(node)) node.items.forEach(visit);
    };
    visit(doc.contents);
    expect(quotes.length).toBeGreaterThanOrEqual(4);

    const dir = mkdtempSync(path.join(os.tmpdir(), 'diplograph-quotes-'));
    try {
      for (const quote of quotes) {
        const raw = text.slice(quote.offset, quote.end);
        const word = /[A-Za-z]{3,}/.exec(raw.slice(1));
        if (!word) throw new Error(`no word to change in ${raw}`);
        const at = quote.offset + 1 + word.index;
        const changed = `${text.slice(0, at)}${word[0].toUpperCase()}x${text.slice(at + word[0].length)}`;
        const file = path.join(dir, 'changed.yaml');
        writeFileSync(file, changed);
        const result = validateFiles([file], { sourcesDirs: [FIXTURE_SOURCES] });
        expect(result.problems).toHaveLength(1);
        expect(result.problems[0]?.line).toBe(lineCounter.linePos(quote.offset).line);
        expect(result.problems[0]?.message).toMatch(/^quote not found verbatim in section/);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('quote verification on a text of our own', () => {
  it('finds the quotes of the Laos fixture and their offsets', () => {
    const result = validateFiles([LAOS], { sourcesDirs: [FIXTURE_SOURCES] });
    expect(result.problems).toEqual([]);
    const evidence = result.datasets[0]?.statements.find(
      (s) => s.kind === 'FUNDS' && s.subject === 'USA',
    )?.evidence[0];
    const text = readFileSync(path.join(FIXTURE_SOURCES, 'laos-relations-fixture.txt'), 'utf8');
    expect(text.slice(evidence?.start as number, evidence?.end as number)).toBe(
      'The United States funds demining in Laos',
    );
  });

  it('locates sections by whole heading lines, in order, and counts offsets in code points', () => {
    const text = 'Intro 𝄞 here.\nFirst\nalpha First beta\nSecond\ngamma delta\n';
    const located = locateSections(text, [
      { id: 'intro', heading: null },
      { id: 'first', heading: 'First' },
      { id: 'second', heading: 'Second' },
    ]);
    expect(located.missing).toEqual([]);
    const source = located.text!;
    expect(findQuote(source, 'first', 'alpha First')).toEqual({ start: 20, end: 31 });
    expect(Array.from(text).slice(20, 31).join('')).toBe('alpha First');
    expect(findQuote(source, 'intro', 'gamma')).toEqual({ otherSection: 'second' });
    expect(findQuote(source, 'second', 'Intro')).toEqual({ otherSection: 'intro' });
    expect(locateSections(text, [{ id: 'x', heading: 'Third' }]).missing).toEqual(['x']);
    // A heading must be a whole line: "First" inside "alpha First beta" does not count.
    expect(locateSections('alpha First beta\n', [{ id: 'f', heading: 'First' }]).missing).toEqual([
      'f',
    ]);
  });
});

describe('hostile datasets', () => {
  const files = readdirSync(HOSTILE).filter((f) => f.endsWith('.yaml'));

  it('covers every problem the issue names', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
  });

  it.each(files)('%s is rejected where its header says', (name) => {
    const file = path.join(HOSTILE, name);
    const expectation = /^# expect: (\d+):(\d+) (.+)$/m.exec(readFileSync(file, 'utf8'));
    if (!expectation) throw new Error(`${name} has no "# expect: LINE:COL text" line`);
    const result = validateFiles([file], { sourcesDirs: [FIXTURE_SOURCES] });
    expect(result.datasets).toEqual([]);
    expect(result.problems.length).toBeGreaterThan(0);
    const [first] = result.problems;
    expect(first).toMatchObject({
      file,
      line: Number(expectation[1]),
      column: Number(expectation[2]),
    });
    expect(first?.message).toContain(expectation[3]);
  });

  describe('made at run time', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'diplograph-hostile-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('rejects a huge file before reading it', () => {
      const file = path.join(dir, 'huge.yaml');
      const fd = openSync(file, 'w');
      closeSync(fd);
      // Sparse: 5 GiB on paper, no disk used; the size check must refuse it unread.
      truncateSync(file, 5 * 1024 * 1024 * 1024);
      const started = Date.now();
      const result = validateFiles([file]);
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(result.problems).toEqual([
        {
          file,
          line: 1,
          column: 1,
          message: 'file is larger than the limit of 67108864 bytes (DATASET_MAX_BYTES)',
        },
      ]);
    });

    it('rejects bytes that are not UTF-8, where the first one is', () => {
      const file = path.join(dir, 'latin1.yaml');
      // "source:\n  title: Caf\xe9\n": the Latin-1 é is the 13th character of line 2.
      writeFileSync(
        file,
        Buffer.concat([Buffer.from('source:\n  title: Caf'), Buffer.from([0xe9, 0x0a])]),
      );
      expect(validateFiles([file]).problems).toEqual([
        { file, line: 2, column: 13, message: 'file is not valid UTF-8' },
      ]);
    });

    it('caps the number of problems reported and counts the rest', () => {
      const file = path.join(dir, 'many.yaml');
      const laos = readFileSync(LAOS, 'utf8');
      const bad = Array.from(
        { length: 80 },
        (_, i) => `  - { kind: Issue, id: bad-${i}, category: nonsense, name: Bad }`,
      ).join('\n');
      writeFileSync(file, laos.replace('entities:\n', `entities:\n${bad}\n`));
      const result = validateFiles([file], { maxProblems: 50 });
      expect(result.problems).toHaveLength(50);
      expect(result.moreProblems).toBe(30);
    });

    it('reads a missing file as a problem, not a crash', () => {
      const file = path.join(dir, 'absent.yaml');
      expect(validateFiles([file]).problems).toEqual([
        { file, line: 1, column: 1, message: 'cannot read the file: ENOENT' },
      ]);
    });
  });
});

describe('datasets validated together', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'diplograph-together-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts Cambodia and Laos together, sharing entities', () => {
    const result = validateFiles([CAMBODIA, LAOS], {
      sourcesDirs: [FIXTURE_SOURCES],
      requireSources: false,
    });
    expect(result.problems).toEqual([]);
    expect(result.datasets.map((d) => d.source.id)).toEqual([
      'cambodia-foreign-relations',
      'laos-relations-fixture',
    ]);
  });

  it('rejects an entity declared differently in two files, pointing at both', () => {
    const file = path.join(dir, 'renamed.yaml');
    writeFileSync(
      file,
      readFileSync(LAOS, 'utf8')
        .replace('name: United States,', 'name: USA,')
        .replace('laos-relations-fixture', 'renamed-fixture'),
    );
    const result = validateFiles([CAMBODIA, file]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]?.message).toMatch(
      /^entity "USA" has name "USA" here but "United States" in .*cambodia\.yaml:\d+; give one dataset a higher source\.precedence to say which wins$/,
    );
  });

  it('warns of one entity under two ids, pointing at both', () => {
    const file = path.join(dir, 'two-ids.yaml');
    writeFileSync(
      file,
      readFileSync(LAOS, 'utf8')
        .replace('id: demining,', 'id: mine-clearance,')
        .replace('object: demining', 'object: mine-clearance')
        .replace('laos-relations-fixture', 'two-ids-fixture'),
    );
    const result = validateFiles([CAMBODIA, file]);
    expect(result.problems).toEqual([]);
    expect(result.warnings).toContainEqual(
      expect.stringMatching(
        /two-ids\.yaml:\d+: entity "mine-clearance" has the name of "demining" \(.*cambodia\.yaml:\d+\): the same issue under two ids\? Use one id for one entity$/,
      ),
    );
  });

  it('rejects two files for one source', () => {
    const result = validateFiles([LAOS, LAOS]);
    expect(result.problems.map((p) => p.message)).toContain(
      `duplicate source id "laos-relations-fixture": ${LAOS} has it too`,
    );
  });
});

describe('datasets validated one file at a time', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'diplograph-streamed-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A dataset file; `entities` and `statements` are YAML flow sequences. */
  function dataset(name: string, entities: string, statements: string): string {
    const file = path.join(dir, `${name}.yaml`);
    writeFileSync(
      file,
      [
        'source:',
        `  id: ${name}`,
        `  title: ${name}`,
        `  text: ${name}.txt`,
        '  sections: [{ id: lead, heading: null }]',
        `entities: ${entities}`,
        `statements: ${statements}`,
        '',
      ].join('\n'),
    );
    return file;
  }

  const MEMBERSHIP =
    '[{ kind: MEMBER_OF, subject: MNG, object: un, evidence: [{ section: lead, quote: "a member" }] }]';
  const UN =
    '[{ kind: Organisation, id: un, type: intergovernmental, name: United Nations, acronym: UN }]';

  it('resolves a reference to an entity that a later file declares', () => {
    const statements = dataset(
      'forward-statements',
      '[{ kind: Country, id: MNG, iso2: MN, name: Mongolia }]',
      MEMBERSHIP,
    );
    const entities = dataset('forward-entities', UN, '[]');
    const seen: string[] = [];
    const report = validateEach([statements, entities], {}, (d) => seen.push(d.source.id));
    expect(report.problems).toEqual([]);
    expect(seen).toEqual(['forward-statements', 'forward-entities']);
    expect(report.summaries.map((s) => [s.sourceId, s.entities, s.statements, s.quotes])).toEqual([
      ['forward-statements', 1, 1, 1],
      ['forward-entities', 1, 0, 0],
    ]);
  });

  it('still finds a dangling reference when no later file declares it, at its line and column', () => {
    const file = dataset(
      'dangling-statements',
      '[{ kind: Country, id: MNG, iso2: MN, name: Mongolia }]',
      MEMBERSHIP,
    );
    const other = dataset(
      'unrelated-entities',
      '[{ kind: Country, id: FRA, iso2: FR, name: France }]',
      '[]',
    );
    const result = validateFiles([file, other]);
    expect(result.problems).toEqual([
      {
        file,
        line: 7,
        column: 55,
        message: 'object "un" names no known entity (a dangling reference)',
      },
    ]);
    expect(result.datasets).toEqual([]);
  });

  it("checks a later file's kind for an earlier reference", () => {
    const file = dataset(
      'kind-statements',
      '[{ kind: Country, id: MNG, iso2: MN, name: Mongolia }]',
      MEMBERSHIP,
    );
    const other = dataset(
      'kind-entities',
      '[{ kind: Issue, id: un, category: security, name: Not an organisation }]',
      '[]',
    );
    expect(validateFiles([file, other]).problems.map((p) => [p.line, p.column, p.message])).toEqual(
      [[7, 55, 'object of MEMBER_OF must be Organisation, but "un" is Issue']],
    );
  });

  it('rejects an entity id declared twice in two files with another name, pointing at the first', () => {
    const first = dataset('twice-a', UN, '[]');
    const second = dataset(
      'twice-b',
      '[{ kind: Organisation, id: un, type: intergovernmental, name: UNO, acronym: UN }]',
      '[]',
    );
    expect(validateFiles([first, second]).problems).toEqual([
      {
        file: second,
        line: 6,
        column: 38,
        message: `entity "un" has name "UNO" here but "United Nations" in ${first}:6; give one dataset a higher source.precedence to say which wins`,
      },
    ]);
  });

  it('reports problems in the order of checking all files at once: parsing, then entities, then statements', () => {
    const dangling = dataset(
      'order-dangling',
      '[{ kind: Country, id: MNG, iso2: MN, name: Mongolia }]',
      MEMBERSHIP,
    );
    const clash = dataset(
      'order-clash',
      '[{ kind: Country, id: MNG, iso2: MN, name: Mongol Uls }]',
      '[]',
    );
    const broken = path.join(dir, 'order-broken.yaml');
    writeFileSync(broken, 'source: [unclosed\n');
    const messages = validateFiles([dangling, clash, broken]).problems.map((p) =>
      path.basename(p.file),
    );
    expect(messages).toEqual(['order-broken.yaml', 'order-clash.yaml', 'order-dangling.yaml']);
  });

  it('keeps the first MAX_PROBLEMS in that order and counts the rest', () => {
    const many = dataset(
      'many-dangling',
      '[{ kind: Country, id: MNG, iso2: MN, name: Mongolia }]',
      `[${Array.from({ length: 30 }, (_, i) => `{ kind: MEMBER_OF, subject: MNG, object: org-${i}, evidence: [{ section: lead, quote: "q" }] }`).join(', ')}]`,
    );
    const broken = path.join(dir, 'many-broken.yaml');
    writeFileSync(broken, 'source: [unclosed\n');
    const result = validateFiles([many, broken], { maxProblems: 5 });
    expect(result.problems).toHaveLength(5);
    expect(result.moreProblems).toBe(26);
    expect(result.problems[0]?.file).toBe(broken);
    expect(result.problems.slice(1).map((p) => p.message)).toEqual(
      [0, 1, 2, 3].map((i) => `object "org-${i}" names no known entity (a dangling reference)`),
    );
  });
});

describe('authoring errors', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'diplograph-authoring-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A dataset of our own over a text of our own, with one statement quoting `quote`. */
  function quoting(quote: string, text: string): string {
    writeFileSync(path.join(dir, 'veldoria.txt'), text);
    const file = path.join(dir, 'veldoria.yaml');
    writeFileSync(
      file,
      `source:
  id: veldoria
  title: Veldoria (test)
  text: veldoria.txt
  sections:
    - { id: lead, heading: null }
entities:
  - { kind: Country, id: FRA, iso2: FR, name: France }
  - { kind: Organisation, id: un, type: intergovernmental, name: United Nations }
statements:
  - kind: MEMBER_OF
    subject: FRA
    object: un
    evidence: [{ section: lead, quote: ${JSON.stringify(quote)} }]
`,
    );
    return file;
  }

  it.each([
    [
      'a straight apostrophe for a curly one',
      "France's seat at the United Nations",
      'France’s seat at the United Nations dates from 1945.',
      'nearest passage: "France’s seat at the United Nations" (line 1); the quote has \' (U+0027) where the text has ’ (U+2019)',
    ],
    [
      'a hyphen for an en dash',
      'the 1945-1946 sessions',
      'It sat through the 1945–1946 sessions.',
      'nearest passage: "the 1945–1946 sessions" (line 1); the quote has - (U+002D) where the text has – (U+2013)',
    ],
    [
      'a space where the text breaks the line',
      'a founding member of the United Nations',
      'France is a founding\nmember of the United Nations.',
      // The message stays on one line: the passage shows its line break as a space.
      'nearest passage: "a founding member of the United Nations" (line 1); the quote has a space where the text has a line break',
    ],
  ])('names the nearest passage and the characters that differ: %s', (_, quote, text, hint) => {
    const file = quoting(quote, text);
    const result = validateFiles([file], { sourcesDirs: [dir] });
    expect(result.problems.map((p) => p.message)).toEqual([
      `quote not found verbatim in section "lead" of veldoria.txt; ${hint}`,
    ]);
  });

  it('reports every shape problem and the problems of the well-formed parts, in one run', () => {
    const file = path.join(dir, 'many-problems.yaml');
    writeFileSync(
      file,
      `source:
  id: many-problems
  title: Many problems
  text: many.txt
  sections:
    - { id: lead, heading: null }
entities:
  - { kind: Country, id: FRA, iso2: FR, name: France, colour: blue }
  - { kind: Country, id: DEU, iso2: DD, name: Germany }
  - { kind: Issue, id: trade, category: economy }
statements:
  - kind: MEMBER_OF
    subject: DEU
    object: FRA
    evidence: [{ section: lead, quote: "x" }]
  - kind: FUNDS
    subject: DEU
    object: nowhere
    qualifiers: { since: 19 }
    evidence: [{ section: lead, quote: "x" }]
  - kind: PROMOTES
    subject: DEU
    object: trade
    evidence: [{ section: elsewhere, quote: "x" }]
`,
    );
    const result = validateFiles([file]);
    expect(result.problems.map((p) => `${p.line}: ${p.message}`)).toEqual([
      '8: entities[0]: unknown field "colour"',
      '10: entities[2]: missing required field "name"',
      '19: statements[1].qualifiers.since: must be a year between 1000 and 2200',
      '9: the alpha-2 code of DEU is "DE", not "DD"',
      '14: object of MEMBER_OF must be Organisation, but "FRA" is Country',
      '24: section "elsewhere" is not a section of source "many-problems"',
    ]);
  });
});
