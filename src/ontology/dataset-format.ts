import { z } from 'zod';
import {
  AGREEMENT_STATUSES,
  AGREEMENT_TYPES,
  ENTITY_KIND_SPECS,
  EVENT_TYPES,
  EntityKind,
  ISSUE_CATEGORIES,
  ORGANISATION_TYPES,
  PROJECT_STATUSES,
  PROJECT_TYPES,
} from './entities';
import {
  MODALITIES,
  QUALIFIERS,
  QualifierSpec,
  RELATION_KINDS,
  RELATION_KIND_SPECS,
  RelationKind,
} from './relations';

/**
 * The dataset format, as one zod schema built from the ontology. It is the validator's first
 * pass (shapes and types) and the source of the published JSON Schema: neither is kept by hand.
 */

/** Most words an evidence quote may have: a short phrase, not a passage. */
export const MAX_QUOTE_WORDS = 25;

/** How many words a quote has, as the limit of {@link MAX_QUOTE_WORDS} counts them. */
export function quoteWords(quote: string): number {
  return quote.split(/\s+/).length;
}

const slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a lower-case slug such as "human-rights"')
  .max(80);
/**
 * Characters no name, alias, description or quote may hold: control characters (a NUL, an
 * escape; line breaks and tabs too in one-line texts) and the bidirectional embeddings,
 * overrides and isolates, which make a name display as another ("name spoofing").
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u;
const LINE_BREAK_OR_TAB = /[\t\n\r]/u;

/** The first character of `value` that `pattern` refuses, as a message; undefined if none. */
function refusedCharacter(value: string, pattern: RegExp): string | undefined {
  const found = pattern.exec(value);
  if (!found) return undefined;
  const code = (found[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
  return `must not contain control or bidirectional-formatting characters (U+${code} at character ${found.index + 1})`;
}

/**
 * A text: trimmed, not empty, at most `max` characters, with no control or bidirectional
 * formatting character; a one-line text (a name, an alias, a title, a description) holds no
 * line break or tab either, while a quote, copied from a text, may.
 */
const text = (max: number, lines: 'one' | 'several' = 'one') =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max)
    .superRefine((value, ctx) => {
      const refused =
        refusedCharacter(value, CONTROL) ??
        (lines === 'one' ? refusedCharacter(value, LINE_BREAK_OR_TAB) : undefined);
      if (refused) ctx.addIssue({ code: 'custom', message: refused });
    });
const year = z
  .int({ error: 'must be a year, an integer such as 1999' })
  .min(1000, 'must be a year between 1000 and 2200')
  .max(2200, 'must be a year between 1000 and 2200')
  .describe('A year, such as 1999.');
const wikidataId = z
  .string()
  .regex(/^Q[1-9]\d*$/, 'must be a Wikidata item id such as "Q424"')
  .describe('Wikidata item id.');

const common = {
  name: text(200).describe('The common English name.'),
  aliases: z.array(text(200)).max(50).optional().describe('Other names and abbreviations.'),
  description: text(1000).optional().describe('A one-line description.'),
  wikidataId: wikidataId.optional(),
};

const country = z
  .object({
    kind: z.literal(EntityKind.COUNTRY),
    id: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be an ISO 3166-1 alpha-3 code such as "KHM"')
      .describe('ISO 3166-1 alpha-3 code.'),
    iso2: z
      .string()
      .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as "KH"')
      .describe('ISO 3166-1 alpha-2 code.'),
    officialName: text(200).optional().describe('The official name (Kingdom of Cambodia).'),
    demonyms: z
      .array(text(100))
      .max(10)
      .optional()
      .describe('What its people are called (Cambodian).'),
    ...common,
  })
  .strict()
  .describe('A sovereign state.');

const organisation = z
  .object({
    kind: z.literal(EntityKind.ORGANISATION),
    id: slug,
    type: z.enum(ORGANISATION_TYPES).describe('What sort of body it is.'),
    acronym: text(30).optional(),
    ...common,
  })
  .strict()
  .describe('An intergovernmental or supranational body, agency, NGO, company or grouping.');

const agreement = z
  .object({
    kind: z.literal(EntityKind.AGREEMENT),
    id: slug,
    type: z.enum(AGREEMENT_TYPES).describe('What sort of instrument it is.'),
    status: z.enum(AGREEMENT_STATUSES).optional().describe('Its state as a whole.'),
    acronym: text(30).optional(),
    ...common,
  })
  .strict()
  .describe('A treaty, trade arrangement, partnership or initiative.');

const issue = z
  .object({
    kind: z.literal(EntityKind.ISSUE),
    id: slug,
    category: z.enum(ISSUE_CATEGORIES).describe('Its policy area.'),
    dacCode: z
      .int()
      .min(10000)
      .max(99999)
      .optional()
      .describe('OECD DAC purpose code (demining: 15250).'),
    ...common,
  })
  .strict()
  .describe('A subject of policy: a sector, a cause, a dispute or a principle.');

/** The years a project or event spans, each optional. */
const span = {
  startYear: year.optional().describe('The year it started (Wikidata P580).'),
  endYear: year.optional().describe('The year it ended or was completed (P582).'),
};

const project = z
  .object({
    kind: z.literal(EntityKind.PROJECT),
    id: slug,
    type: z.enum(PROJECT_TYPES).describe('What it builds.'),
    status: z.enum(PROJECT_STATUSES).optional().describe('Its state, when the source gives it.'),
    ...span,
    ...common,
  })
  .strict()
  .describe(ENTITY_KIND_SPECS[EntityKind.PROJECT].description);

const event = z
  .object({
    kind: z.literal(EntityKind.EVENT),
    id: slug,
    type: z.enum(EVENT_TYPES).describe('What sort of occurrence it is.'),
    ...span,
    ...common,
  })
  .strict()
  .describe(ENTITY_KIND_SPECS[EntityKind.EVENT].description);

export const entitySchema = z.discriminatedUnion('kind', [
  country,
  organisation,
  agreement,
  issue,
  project,
  event,
]);

const entityRef = z.string().min(1).max(80).describe('The id of an entity declared in a dataset.');

function qualifierSchema(spec: QualifierSpec): z.ZodType {
  switch (spec.type) {
    case 'year':
      return year.describe(spec.description);
    case 'boolean':
      return z.boolean().describe(spec.description);
    case 'text':
      return text(300).describe(spec.description);
    case 'texts':
      return z.array(text(100)).min(1).max(50).describe(spec.description);
    case 'enum':
      return z.enum(spec.values as [string, ...string[]]).describe(spec.description);
    case 'entity':
      return entityRef.describe(`${spec.description} (an entity id)`);
    case 'amount':
      return z
        .number({ error: 'must be a number, such as 1500000000' })
        .positive('must be a positive number')
        .max(1e15)
        .describe(spec.description);
    case 'currency':
      return z
        .string()
        .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 currency code such as "USD"')
        .describe(spec.description);
  }
}

export const evidenceSchema = z
  .object({
    section: slug.describe('The id of a section of the source.'),
    quote: text(400, 'several')
      .refine((quote) => quoteWords(quote) <= MAX_QUOTE_WORDS, {
        message: `must be a short phrase of at most ${MAX_QUOTE_WORDS} words`,
      })
      .describe('A short phrase copied verbatim from that section.'),
  })
  .strict()
  .describe('Where the source states the statement: a section and an exact phrase from it.');

function statementSchema(kind: RelationKind) {
  const spec = RELATION_KIND_SPECS[kind];
  const qualifiers = Object.fromEntries(
    spec.qualifiers.map((name) => [name, qualifierSchema(QUALIFIERS[name]).optional()]),
  );
  return z
    .object({
      kind: z.literal(kind),
      id: slug
        .optional()
        .describe('Stable id within the dataset; derived from the content when omitted.'),
      subject: entityRef,
      object: entityRef,
      qualifiers: z.object(qualifiers).strict().optional().describe(`Qualifiers of ${kind}.`),
      modality: z
        .enum(MODALITIES)
        .optional()
        .describe('fact (default), intention (an aim of the subject) or expectation (a forecast).'),
      evidence: z.array(evidenceSchema).min(1, 'needs at least one evidence record').max(20),
    })
    .strict()
    .describe(spec.description);
}

export const statementSchemas = z.discriminatedUnion(
  'kind',
  RELATION_KINDS.map(statementSchema) as unknown as [
    ReturnType<typeof statementSchema>,
    ...ReturnType<typeof statementSchema>[],
  ],
);

/**
 * The origin recorded on statements editors add through the API; no dataset's source may have
 * it for an id, or loading and unloading that source would retract and delete them.
 */
export const EDITORIAL_ORIGIN = 'editorial';

export const sourceSchema = z
  .object({
    id: slug
      .refine((id) => id !== EDITORIAL_ORIGIN, {
        message: `"${EDITORIAL_ORIGIN}" is reserved for the relations editors add`,
      })
      .describe('Stable id of the source document.'),
    title: text(300),
    publisher: text(200).optional(),
    url: z.url().optional(),
    precedence: z
      .int()
      .min(-100)
      .max(100)
      .optional()
      .describe(
        'Which dataset wins where datasets describing one shared entity disagree on a property: the higher precedence (0 by default); at equal precedence, a disagreement is refused.',
      ),
    language: z
      .string()
      .regex(/^[a-z]{2,3}$/)
      .optional()
      .describe('ISO 639 language code.'),
    text: z
      .string()
      .regex(/^[A-Za-z0-9._-]+$/, 'must be a plain file name')
      .describe('File name of the source text, looked up in the --sources folder.'),
    sections: z
      .array(
        z
          .object({
            id: slug,
            heading: z
              .string()
              .min(1)
              .max(300)
              .nullable()
              .describe(
                'The heading line as it stands in the text; null for the text before the first heading.',
              ),
          })
          .strict(),
      )
      .min(1)
      .max(500)
      .describe('The sections of the text, in order.'),
  })
  .strict()
  .describe('The document the dataset cites. Its text is not carried, only cited.');

export const datasetSchema = z
  .object({
    source: sourceSchema,
    entities: z.array(entitySchema).describe('Entities the statements connect.'),
    statements: z.array(statementSchemas).describe('What the source states, each with evidence.'),
  })
  .strict()
  .describe('A diplograph dataset: one source document, its entities and statements.');

export type Dataset = z.infer<typeof datasetSchema>;

/**
 * The source id the reference catalogue's views carry: what the catalogue says of an entity
 * is a view below every dataset's (see CATALOGUE_PRECEDENCE), never a source of relations.
 */
export const CATALOGUE_ORIGIN = 'catalogue';

/** The catalogue's precedence: below any a dataset can declare, so any dataset overrides it. */
export const CATALOGUE_PRECEDENCE = -1000;

/**
 * A file of the reference catalogue: shared entities, in the form datasets declare them, that
 * any dataset may name without declaring.
 */
export const catalogueSchema = z
  .object({
    catalogue: z
      .object({
        title: text(300),
        generatedFrom: text(300)
          .optional()
          .describe('Where generated entries come from (a package and version).'),
      })
      .strict(),
    entities: z.array(entitySchema).describe('The shared entities.'),
  })
  .strict()
  .describe('A file of the diplograph reference catalogue.');
export type EntityInput = z.infer<typeof entitySchema>;
export type StatementInput = z.infer<typeof statementSchemas>;
export type EvidenceInput = z.infer<typeof evidenceSchema>;
export type SourceInput = z.infer<typeof sourceSchema>;

/** The JSON Schema of the dataset format, for editors (generated, never hand-edited). */
export function datasetJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(datasetSchema, { target: 'draft-2020-12' }),
    $id: 'https://diplograph.dev/schema/dataset.schema.json',
    title: 'diplograph dataset',
  };
}
