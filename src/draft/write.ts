import type { EntityInput } from '../ontology/dataset-format';
import type { Modality, RelationKind } from '../ontology/relations';
import type { DraftSection } from './layout';

/** A statement the drafter proposes, with what a curator needs to judge it. */
export interface DraftStatement {
  kind: RelationKind;
  subject: string;
  object: string;
  qualifiers: Record<string, string | number | boolean | string[]>;
  modality: Modality;
  section: string;
  /** Verbatim from the section. */
  quote: string;
  /** 0 to 1: how often statements proposed this way are right. */
  confidence: number;
  /** What fired: the cue's name and the words it matched. */
  cue: string;
  /** The sentence it comes from, 1-based in text order. */
  sentence: number;
  /** Which back end proposed it. */
  origin: 'rules' | 'llm';
}

/** An entity the article names that neither the catalogue nor a known dataset holds. */
export interface DraftEntity {
  entity: EntityInput;
  /** The sentence that defines it, verbatim, and its section. */
  defining: { section: string; quote: string };
  /** What was guessed rather than read (its type, say). */
  guessed: string[];
  /** Known already (the graph or a --known dataset), not proposed by this draft. */
  known?: boolean;
}

export interface Draft {
  source: { id: string; title: string; text: string; sections: DraftSection[] };
  entities: DraftEntity[];
  statements: DraftStatement[];
  sentences: number;
}

/** Below this confidence a statement is marked for review. */
export const REVIEW_BELOW = 0.5;

/** A YAML scalar: plain where that is unambiguous, else double-quoted (JSON's escapes are YAML's). */
function scalar(value: string | number | boolean): string {
  if (typeof value !== 'string') return String(value);
  return /^[A-Za-z][A-Za-z0-9_-]*$/.test(value) &&
    !/^(?:true|false|null|yes|no|on|off|y|n)$/i.test(value)
    ? value
    : JSON.stringify(value);
}

function flow(record: Record<string, unknown>): string {
  const parts = Object.entries(record)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${value(v)}`);
  return `{ ${parts.join(', ')} }`;
}

function value(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(value).join(', ')}]`;
  if (v !== null && typeof v === 'object') return flow(v as Record<string, unknown>);
  return scalar(v as string | number | boolean);
}

/** One line of a comment, without line breaks. */
function comment(text: string): string {
  return text.replace(/\s+/g, ' ');
}

/**
 * The draft as a dataset file: the source, the new entities (each under the sentence that
 * defines it), and the statements in the article's order, each under a comment giving its
 * confidence and cue; those below {@link REVIEW_BELOW} are marked REVIEW.
 */
export function draftYaml(draft: Draft, generatedBy: string): string {
  const low = draft.statements.filter((s) => s.confidence < REVIEW_BELOW).length;
  const out = [
    `# A draft by ${generatedBy}: ${draft.statements.length} statements and ${draft.entities.length} new entities from ${draft.sentences} sentences of ${draft.source.text}.`,
    '# Every statement cites the article verbatim; none is checked by a person yet. Read each',
    `# against its sentence, mend or delete it, then validate. ${low} marked REVIEW are the least certain.`,
    'source:',
    `  id: ${scalar(draft.source.id)}`,
    `  title: ${scalar(draft.source.title)}`,
    '  language: en',
    `  text: ${scalar(draft.source.text)}`,
    '  sections:',
    ...draft.source.sections.map(
      (s) =>
        `    - { id: ${scalar(s.id)}, heading: ${s.heading === null ? 'null' : scalar(s.heading)} }`,
    ),
    '',
    draft.entities.length === 0 ? 'entities: []' : 'entities:',
  ];
  for (const { entity, defining, guessed, known } of draft.entities) {
    out.push(
      `  # ${known ? 'known already, named in' : 'new, from'} section ${defining.section}: ${comment(JSON.stringify(defining.quote))}${guessed.length > 0 ? ` (guessed: ${guessed.join(', ')})` : ''}`,
      `  - ${flow(entity as unknown as Record<string, unknown>)}`,
    );
  }
  out.push('', draft.statements.length === 0 ? 'statements: []' : 'statements:');
  let section: string | undefined;
  for (const s of draft.statements) {
    if (s.section !== section) {
      section = s.section;
      out.push(`  # section ${section}`);
    }
    out.push(
      `  # ${s.confidence.toFixed(2)}${s.confidence < REVIEW_BELOW ? ' REVIEW' : ''} · ${comment(s.cue)} · sentence ${s.sentence}${s.origin === 'llm' ? ' · llm' : ''}`,
      `  - ${flow({
        kind: s.kind,
        subject: s.subject,
        object: s.object,
        qualifiers: Object.keys(s.qualifiers).length > 0 ? s.qualifiers : undefined,
        modality: s.modality === 'fact' ? undefined : s.modality,
        evidence: [{ section: s.section, quote: s.quote }],
      })}`,
    );
  }
  return `${out.join('\n')}\n`;
}
