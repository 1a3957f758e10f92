import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GraphExecutor } from '../../src/graph/executor';
import { validateFiles } from '../../src/ingest/validate';
import { RunningServer } from '../../src/server/app';
import { signToken } from '../../src/server/auth';
import { census, graphWithCambodia, startTestServer } from './helpers';

/*
 * One rule book (src/ontology/rules.ts), two paths: a dataset load (the validator) and the
 * editor's mutations. Each rule's bad input goes to both; both refuse it in the same words,
 * the validator at a line of the file, the editor at an argument, and the editor writes
 * nothing.
 */

const SECRET = 'test-secret-that-is-long-enough-for-hs256';
const AUTH = { jwtSecret: SECRET, rolesClaim: 'roles', requireReader: false };
const SOURCE = 'cambodia-foreign-relations';
const EVIDENCE_YAML = '[{ section: asean, quote: "a phrase" }]';
const EVIDENCE_GQL = `[{ source: "${SOURCE}", section: "asean", quote: "a phrase" }]`;

/** A dataset declaring, as the Cambodia dataset does, the entities the rules name. */
function dataset(extra: { entities?: string; statements?: string }): string {
  return `source:
  id: ${SOURCE}
  title: Rule book test
  text: rule-book.txt
  sections:
    - { id: lead, heading: null }
    - { id: asean, heading: Cambodia and ASEAN }
entities:
  - { kind: Country, id: KHM, iso2: KH, name: Cambodia }
  - { kind: Country, id: JPN, iso2: JP, name: Japan }
  - { kind: Organisation, id: asean, type: intergovernmental, name: ASEAN }
  - { kind: Issue, id: demining, category: security, name: Demining }
${extra.entities ?? ''}
statements:
${extra.statements ?? '  []'}
`;
}

const statement = (kind: string, subject: string, object: string, more = '') =>
  `  - { kind: ${kind}, subject: ${subject}, object: ${object}, ${more}evidence: ${EVIDENCE_YAML} }`;

const addRelation = (kind: string, from: string, to: string, more = '') =>
  `addRelation(input: { kind: ${kind}, from: "${from}", to: "${to}", ${more}evidence: ${EVIDENCE_GQL} }) { id }`;

interface Rule {
  rule: string;
  /** What the dataset adds: a statement or an entity. */
  yaml: { entities?: string; statements?: string };
  mutation: string;
  /** The rule book's words. */
  message: string;
  /** Where the editor says it is. */
  argument: string;
  code: string;
}

const RULES: Rule[] = [
  {
    rule: 'a subject names an entity',
    yaml: { statements: statement('MEMBER_OF', 'nobody', 'asean') },
    mutation: addRelation('MEMBER_OF', 'nobody', 'asean'),
    message: 'subject "nobody" names no known entity (a dangling reference)',
    argument: 'input.from',
    code: 'NOT_FOUND',
  },
  {
    rule: 'an object names an entity',
    yaml: { statements: statement('MEMBER_OF', 'KHM', 'nothing') },
    mutation: addRelation('MEMBER_OF', 'KHM', 'nothing'),
    message: 'object "nothing" names no known entity (a dangling reference)',
    argument: 'input.to',
    code: 'NOT_FOUND',
  },
  {
    rule: 'a subject is of a kind the relation allows',
    yaml: { statements: statement('MEMBER_OF', 'demining', 'asean') },
    mutation: addRelation('MEMBER_OF', 'demining', 'asean'),
    message: 'subject of MEMBER_OF must be Country or Organisation, but "demining" is Issue',
    argument: 'input.from',
    code: 'BAD_USER_INPUT',
  },
  {
    rule: 'an object is of a kind the relation allows',
    yaml: { statements: statement('MEMBER_OF', 'KHM', 'JPN') },
    mutation: addRelation('MEMBER_OF', 'KHM', 'JPN'),
    message: 'object of MEMBER_OF must be Organisation, but "JPN" is Country',
    argument: 'input.to',
    code: 'BAD_USER_INPUT',
  },
  {
    rule: 'an issue object is of a category the relation allows',
    yaml: { statements: statement('ADHERES_TO', 'KHM', 'demining') },
    mutation: addRelation('ADHERES_TO', 'KHM', 'demining'),
    message:
      'object of ADHERES_TO must be an issue of category principle, but "demining" is security',
    argument: 'input.to',
    code: 'BAD_USER_INPUT',
  },
  {
    rule: 'no entity relates to itself',
    yaml: { statements: statement('PARTNER_OF', 'KHM', 'KHM') },
    mutation: addRelation('PARTNER_OF', 'KHM', 'KHM'),
    message: 'subject and object are the same entity',
    argument: 'input.to',
    code: 'BAD_USER_INPUT',
  },
  {
    rule: 'a relation does not end before it began',
    yaml: {
      statements: statement(
        'MEMBER_OF',
        'KHM',
        'asean',
        'qualifiers: { since: 1999, until: 1990 }, ',
      ),
    },
    mutation: addRelation(
      'MEMBER_OF',
      'KHM',
      'asean',
      'qualifiers: { since: 1999, until: 1990 }, ',
    ),
    message: 'until (1990) is before since (1999)',
    argument: 'input.qualifiers.until',
    code: 'BAD_USER_INPUT',
  },
  {
    rule: 'an entity qualifier names an entity of its kind',
    yaml: { statements: statement('FUNDS', 'JPN', 'demining', 'qualifiers: { in: asean }, ') },
    mutation: addRelation('FUNDS', 'JPN', 'demining', 'qualifiers: { in: "asean" }, '),
    message: 'qualifier in of FUNDS must be Country, but "asean" is Organisation',
    argument: 'input.qualifiers.in',
    code: 'BAD_USER_INPUT',
  },
  {
    rule: 'evidence cites a section of its source',
    yaml: {
      statements: `  - { kind: MEMBER_OF, subject: KHM, object: asean, evidence: [{ section: nowhere, quote: "a phrase" }] }`,
    },
    mutation: `addRelation(input: { kind: MEMBER_OF, from: "KHM", to: "asean", evidence: [{ source: "${SOURCE}", section: "nowhere", quote: "a phrase" }] }) { id }`,
    message: `section "nowhere" is not a section of source "${SOURCE}"`,
    argument: 'input.evidence.0.section',
    code: 'BAD_USER_INPUT',
  },
  {
    rule: 'a country id is an ISO 3166-1 alpha-3 code',
    yaml: { entities: '  - { kind: Country, id: XXY, iso2: XY, name: Nowhere }' },
    mutation:
      'createEntity(input: { kind: COUNTRY, id: "XXY", iso2: "XY", name: "Nowhere" }) { id }',
    message: '"XXY" is not an ISO 3166-1 alpha-3 country code',
    argument: 'input.id',
    code: 'BAD_USER_INPUT',
  },
  {
    rule: "a country's alpha-2 code is its own",
    yaml: { entities: '  - { kind: Country, id: LAO, iso2: LO, name: Laos }' },
    mutation: 'createEntity(input: { kind: COUNTRY, id: "LAO", iso2: "LO", name: "Laos" }) { id }',
    message: 'the alpha-2 code of LAO is "LA", not "LO"',
    argument: 'input.iso2',
    code: 'BAD_USER_INPUT',
  },
  {
    rule: 'a subject is an organisation of a type the relation allows',
    yaml: { statements: statement('GOVERNS', 'asean', 'KHM') },
    mutation: addRelation('GOVERNS', 'asean', 'KHM'),
    message:
      'subject of GOVERNS must be an organisation of type party, but "asean" is intergovernmental',
    argument: 'input.from',
    code: 'BAD_USER_INPUT',
  },
  {
    rule: 'a project or event does not end before it starts',
    yaml: {
      entities:
        '  - { kind: Project, id: farm-road, type: transport, startYear: 2010, endYear: 2001, name: Farm road }',
    },
    mutation:
      'createEntity(input: { kind: PROJECT, id: "farm-road", projectType: TRANSPORT, startYear: 2010, endYear: 2001, name: "Farm road" }) { id }',
    message: 'endYear (2001) is before startYear (2010)',
    argument: 'input.endYear',
    code: 'BAD_USER_INPUT',
  },
];

describe('the rule book, on both paths', () => {
  let executor: GraphExecutor;
  let server: RunningServer;
  let dir: string;
  let editor: string;

  beforeAll(async () => {
    executor = await graphWithCambodia();
    server = await startTestServer(executor, { auth: AUTH });
    dir = mkdtempSync(path.join(os.tmpdir(), 'diplograph-rules-'));
    editor = await signToken(SECRET, {
      subject: 'rita-rules',
      roles: ['editor'],
      expiresIn: '10m',
    });
  });

  /** The editor's answer to one mutation. */
  const edit = async (mutation: string) => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${editor}` },
      body: JSON.stringify({ query: `mutation { ${mutation} }` }),
    });
    return (await response.json()) as { errors?: any[] };
  };

  afterAll(async () => {
    await server?.stop();
    await executor?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reports the rules of one statement in one order on both paths', async () => {
    const file = path.join(dir, 'order.yaml');
    const bad = 'qualifiers: { via: nope }, ';
    writeFileSync(file, dataset({ statements: statement('COOPERATES_WITH', 'KHM', 'KHM', bad) }));
    expect(validateFiles([file]).problems.map((p) => p.message)).toEqual([
      'subject and object are the same entity',
      'qualifier via "nope" names no known entity (a dangling reference)',
    ]);
    const body = await edit(
      addRelation('COOPERATES_WITH', 'KHM', 'KHM', 'qualifiers: { via: "nope" }, '),
    );
    expect(body.errors?.[0]?.message).toBe('input.to: subject and object are the same entity');
  });

  it('names the ids that answer to a name given where an id belongs', async () => {
    const body = await edit(addRelation('MEMBER_OF', 'KHM', 'ASEAN'));
    expect(body.errors?.[0]).toMatchObject({
      message:
        'input.to: object "ASEAN" names no known entity (a dangling reference); did you mean "asean" (Association of Southeast Asian Nations)?',
      extensions: { code: 'NOT_FOUND', suggestions: ['asean'] },
    });
  });

  it('keeps the source id of editorial relations from datasets', () => {
    const file = path.join(dir, 'editorial.yaml');
    writeFileSync(file, dataset({}).replace(`id: ${SOURCE}`, 'id: editorial'));
    expect(validateFiles([file]).problems.map((p) => p.message)).toEqual([
      'source.id: "editorial" is reserved for the relations editors add',
    ]);
  });

  it('accepts the base dataset, so that each refusal below comes from its own rule', () => {
    const file = path.join(dir, 'base.yaml');
    writeFileSync(file, dataset({}));
    expect(validateFiles([file]).problems).toEqual([]);
  });

  it.each(RULES.map((r) => [r.rule, r] as const))('%s', async (_rule, rule) => {
    // The validator.
    const file = path.join(dir, `${rule.rule.replace(/\W+/g, '-')}.yaml`);
    writeFileSync(file, dataset(rule.yaml));
    const validated = validateFiles([file]);
    expect(validated.problems.map((p) => p.message)).toEqual([rule.message]);

    // The editor.
    const before = await census(executor);
    const body = await edit(rule.mutation);
    expect(body.errors?.map((e) => [e.message, e.extensions.code])).toEqual([
      [`${rule.argument}: ${rule.message}`, rule.code],
    ]);
    expect(await census(executor)).toEqual(before);
  });
});
