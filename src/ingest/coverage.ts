import { EntityInput } from '../ontology/dataset-format';
import { EntityName, MentionFinder, Sentence, splitSentences } from './sentences';
import { SourceText } from './source-text';
import { ResolvedStatement, ValidatedDataset } from './validate';

/** A statement citing a sentence, as the coverage report names it. */
export interface CitingStatement {
  id: string;
  kind: string;
  subject: string;
  object: string;
  modality: string;
}

/** A sentence of the source, with what cites it and whom it names. */
export interface CoveredSentence extends Sentence {
  /** The statements whose evidence quotes (part of) this sentence. */
  citedBy: CitingStatement[];
  /** The dataset's entities the sentence names (by name, alias or acronym), in text order. */
  mentions: string[];
}

/** How much of its source a dataset cites, sentence by sentence. */
export interface CoverageReport {
  file: string;
  source: string;
  textFile: string;
  sentences: CoveredSentence[];
  /** How many sentences some statement cites. */
  cited: number;
  /**
   * Sentences no statement cites that name two or more of the dataset's entities: the likely
   * relations a curator left out. Their indices, in text order.
   */
  gaps: number[];
}

/** The names a dataset's entity answers to in prose: its name, aliases and acronym. */
export function entityNames(entities: readonly EntityInput[]): EntityName[] {
  return entities.flatMap((entity) => {
    const names = [entity.name, ...(entity.aliases ?? [])];
    if ('acronym' in entity && entity.acronym) names.push(entity.acronym);
    return names.map((name) => ({ id: entity.id, name }));
  });
}

/**
 * Which sentences of its source a validated dataset cites: each evidence quote is found in
 * its section and cites every sentence it overlaps. `names` are the entities whose mentions
 * count (the dataset's own, usually: {@link entityNames}).
 */
export function coverageOf(
  dataset: ValidatedDataset,
  text: SourceText,
  names: readonly EntityName[],
): CoverageReport {
  const sentences: CoveredSentence[] = splitSentences(text).map((sentence) => ({
    ...sentence,
    citedBy: [],
    mentions: [],
  }));
  for (const statement of dataset.statements) {
    const citing = citingOf(statement);
    const cites = new Set<CoveredSentence>();
    for (const evidence of statement.evidence) {
      const span = quoteSpan(text, evidence.section, evidence.quote);
      if (!span) continue;
      for (const sentence of sentences)
        if (sentence.start < span.end && span.start < sentence.end) cites.add(sentence);
    }
    for (const sentence of cites) sentence.citedBy.push(citing);
  }
  const finder = new MentionFinder(names);
  for (const sentence of sentences)
    sentence.mentions = [...new Set(finder.find(sentence.text).map((m) => m.id))];
  return {
    file: dataset.file,
    source: dataset.source.id,
    textFile: dataset.source.text,
    sentences,
    cited: sentences.filter((s) => s.citedBy.length > 0).length,
    gaps: sentences
      .filter((s) => s.citedBy.length === 0 && s.mentions.length >= 2)
      .map((s) => s.index),
  };
}

function citingOf(statement: ResolvedStatement): CitingStatement {
  return {
    id: statement.id,
    kind: statement.kind,
    subject: statement.subject,
    object: statement.object,
    modality: statement.modality,
  };
}

/** Where a quote stands in its section, in UTF-16 indices of the whole text. */
function quoteSpan(
  text: SourceText,
  section: string,
  quote: string,
): { start: number; end: number } | undefined {
  const span = text.sections.get(section);
  if (!span) return undefined;
  const at = text.text.slice(span.start, span.end).indexOf(quote);
  return at === -1 ? undefined : { start: span.start + at, end: span.start + at + quote.length };
}

/** The report as text for a person: every sentence, what cites it, and the gaps. */
export function formatCoverage(report: CoverageReport): string {
  const lines: string[] = [];
  const total = report.sentences.length;
  const share = total === 0 ? 100 : Math.round((100 * report.cited) / total);
  lines.push(
    `${report.file} (${report.textFile}): ${report.cited} of ${total} sentences cited (${share}%); ${report.gaps.length} uncited sentence${report.gaps.length === 1 ? '' : 's'} name${report.gaps.length === 1 ? 's' : ''} two or more known entities.`,
  );
  let section: string | undefined;
  for (const sentence of report.sentences) {
    if (sentence.section !== section) {
      section = sentence.section;
      lines.push('', `[${section}]`);
    }
    const mark =
      sentence.citedBy.length > 0 ? '+' : report.gaps.includes(sentence.index) ? '!' : '-';
    lines.push(`${mark} ${sentence.index} (line ${sentence.line}): ${sentence.text}`);
    for (const s of sentence.citedBy)
      lines.push(
        `    ${s.kind} ${s.subject} -> ${s.object}${s.modality === 'fact' ? '' : ` (${s.modality})`} [${s.id}]`,
      );
    if (sentence.citedBy.length === 0 && sentence.mentions.length > 0)
      lines.push(`    names ${sentence.mentions.join(', ')}; cited by nothing`);
  }
  if (report.gaps.length > 0) {
    lines.push('', 'Uncited sentences that name two or more known entities:');
    for (const index of report.gaps) {
      const sentence = report.sentences[index - 1] as CoveredSentence;
      lines.push(
        `  ${index} [${sentence.section}] (${sentence.mentions.join(', ')}): ${sentence.text}`,
      );
    }
  }
  return lines.join('\n');
}
