import {
  AGREEMENT_STATUSES,
  AGREEMENT_TYPES,
  ENTITY_KIND_SPECS,
  EVENT_TYPES,
  ISSUE_CATEGORIES,
  ORGANISATION_TYPES,
  PROJECT_STATUSES,
  PROJECT_TYPES,
} from './entities';
import { MODALITIES, QUALIFIERS, QualifierSpec, RELATION_KIND_SPECS } from './relations';

export const GENERATED_START =
  '<!-- generated from src/ontology by `npm run schema`: do not edit by hand -->';
export const GENERATED_END = '<!-- end of generated part -->';

function typeOf(q: QualifierSpec): string {
  switch (q.type) {
    case 'entity':
      return `entity id (${q.kinds.join(', ')})`;
    case 'enum':
      return `one of ${q.values.map((v) => `\`${v}\``).join(', ')}`;
    case 'texts':
      return 'list of text';
    case 'amount':
      return 'positive number';
    case 'currency':
      return 'ISO 4217 code (USD)';
    default:
      return q.type;
  }
}

/** The ontology's tables in Markdown, generated from the code so that the docs cannot drift. */
export function ontologyMarkdown(): string {
  const lines: string[] = [GENERATED_START, '', '### Entity kinds', ''];
  lines.push('| kind (label) | identity | Wikidata class | what |', '|---|---|---|---|');
  for (const spec of Object.values(ENTITY_KIND_SPECS)) {
    lines.push(
      `| \`${spec.kind}\` | ${spec.identity} | ${spec.wikidataClass} | ${spec.description} |`,
    );
  }
  lines.push(
    '',
    `Organisation \`type\`: ${ORGANISATION_TYPES.map((v) => `\`${v}\``).join(', ')}.`,
    `Agreement \`type\`: ${AGREEMENT_TYPES.map((v) => `\`${v}\``).join(', ')}; \`status\`: ${AGREEMENT_STATUSES.map((v) => `\`${v}\``).join(', ')}.`,
    `Issue \`category\`: ${ISSUE_CATEGORIES.map((v) => `\`${v}\``).join(', ')}.`,
    `Project \`type\`: ${PROJECT_TYPES.map((v) => `\`${v}\``).join(', ')}; \`status\`: ${PROJECT_STATUSES.map((v) => `\`${v}\``).join(', ')}; \`startYear\`, \`endYear\`.`,
    `Event \`type\`: ${EVENT_TYPES.map((v) => `\`${v}\``).join(', ')}; \`startYear\`, \`endYear\`.`,
    '',
    '### Relation kinds',
    '',
    '| kind | subject → object | qualifiers | Wikidata | CAMEO | meaning |',
    '|---|---|---|---|---|---|',
  );
  for (const spec of Object.values(RELATION_KIND_SPECS)) {
    const arrow = spec.symmetric ? '↔' : '→';
    const subjects = spec.subjectTypes
      ? `${spec.subjects.join(', ')} (${spec.subjectTypes.map((t) => `\`${t}\``).join(', ')})`
      : spec.subjects.join(', ');
    lines.push(
      `| \`${spec.kind}\` | ${subjects} ${arrow} ${spec.objects.join(', ')} | ${spec.qualifiers.map((q) => `\`${q}\``).join(', ')} | ${spec.wikidata ?? '—'} | ${spec.cameo ?? '—'} | ${spec.description} |`,
    );
  }
  lines.push(
    '',
    '### Qualifiers',
    '',
    '| qualifier | type | Wikidata | meaning |',
    '|---|---|---|---|',
  );
  for (const [name, q] of Object.entries(QUALIFIERS)) {
    lines.push(
      `| \`${name}\` | ${typeOf(q)} | ${(q as QualifierSpec).wikidata ?? '—'} | ${q.description} |`,
    );
  }
  lines.push(
    '',
    `Modality of a statement: ${MODALITIES.map((v) => `\`${v}\``).join(', ')}.`,
    '',
    GENERATED_END,
  );
  return lines.join('\n');
}

/** Replaces the generated part of a Markdown document. */
export function withGeneratedPart(document: string): string {
  const start = document.indexOf(GENERATED_START);
  const end = document.indexOf(GENERATED_END);
  if (start === -1 || end === -1) return `${document.trimEnd()}\n\n${ontologyMarkdown()}\n`;
  return `${document.slice(0, start)}${ontologyMarkdown()}${document.slice(end + GENERATED_END.length)}`;
}
