import path from 'node:path';
import { Catalogue } from '../ingest/catalogue';
import { Sentence, splitSentences } from '../ingest/sentences';
import { locateSections } from '../ingest/source-text';
import { EntityInput, statementSchemas } from '../ontology/dataset-format';
import { EntityKind } from '../ontology/entities';
import { canonical } from '../ontology/canonical';
import { RELATION_KIND_SPECS } from '../ontology/relations';
import { isReference, statementRules } from '../ontology/rules';
import { extractSentence } from './extract';
import { readSections } from './layout';
import { Lexicon, addCapitals, addVocabulary, slugOf } from './lexicon';
import { proposeUnnamedAgreements } from './agreements';
import { proposeEntities } from './proposals';
import type { Draft, DraftEntity, DraftStatement } from './write';

/*
 * diplograph draft: a dataset proposed from an article's text, offline. Sections come from
 * the layout, sentences from the splitter validation uses, entities from the catalogue, the
 * known datasets, the field's common issues and the article's own proper names, statements
 * from the cues (cues.ts). Every statement is checked by the ontology's rules before it is
 * proposed, so the draft validates; a person reviews it before it is loaded.
 */

export interface DraftOptions {
  catalogue: Catalogue;
  /** Entities already in the graph or in other datasets: linked, and declared when used. */
  known?: readonly EntityInput[];
  /** Capital cities by ISO alpha-3 code (world-countries' data), to read "Moscow" as Russia. */
  capitals?: ReadonlyArray<{ cca3: string; capital?: readonly string[] }>;
  /** Statements from another back end (the LLM's), merged with the rules' before checking. */
  extra?: (sentences: readonly Sentence[], lexicon: Lexicon) => Promise<DraftStatement[]>;
}

/** A section about what is to come: its statements are aims and forecasts. */
const FORWARD = /\b(?:future|ahead|outlook|prospects?|directions?|forward|coming years)\b/i;

/** The article's own country: named by the file, else the one its opening names most. */
function homeCountry(
  file: string,
  sentences: readonly Sentence[],
  lexicon: Lexicon,
): string | undefined {
  const base = path.basename(file, path.extname(file)).split(/[-_. ]+/);
  for (let size = 3; size >= 1; size--) {
    for (let i = 0; i + size <= base.length; i++) {
      const id = lexicon.lookup(base.slice(i, i + size).join(' '));
      if (id && lexicon.entities.get(id)?.kind === EntityKind.COUNTRY) return id;
    }
  }
  // Else the country the first sentence names first, if the article names it most.
  const counts = new Map<string, number>();
  for (const sentence of sentences) {
    for (const m of lexicon.mentions(sentence.text)) {
      if (m.kind === EntityKind.COUNTRY) counts.set(m.id, (counts.get(m.id) ?? 0) + 1);
    }
  }
  const first =
    sentences[0] && lexicon.mentions(sentences[0].text).find((m) => m.kind === EntityKind.COUNTRY);
  const most = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  return first && first.id === most ? first.id : undefined;
}

function key(s: DraftStatement): string {
  const symmetric = RELATION_KIND_SPECS[s.kind].symmetric;
  const [a, b] = symmetric && s.object < s.subject ? [s.object, s.subject] : [s.subject, s.object];
  return `${s.kind}\u0000${a}\u0000${b}\u0000${canonical(s.qualifiers)}\u0000${s.modality}`;
}

/** Whether the ontology's rules and the dataset format accept a statement, given the lexicon. */
function acceptable(statement: DraftStatement, lexicon: Lexicon): boolean {
  for (const rule of statementRules(statement)) {
    if (!isReference(rule)) return false;
    const entity = lexicon.entities.get(rule.id);
    const facts = entity && {
      kind: entity.kind,
      category: 'category' in entity ? entity.category : undefined,
      type: 'type' in entity ? entity.type : undefined,
    };
    if (rule.check(facts) !== undefined) return false;
  }
  return statementSchemas.safeParse({
    kind: statement.kind,
    subject: statement.subject,
    object: statement.object,
    qualifiers: statement.qualifiers,
    modality: statement.modality,
    evidence: [{ section: statement.section, quote: statement.quote }],
  }).success;
}

/** Drafts a dataset from an article's text. */
export async function draftArticle(
  text: string,
  file: string,
  options: DraftOptions,
): Promise<Draft> {
  const sections = readSections(text);
  const located = locateSections(text, sections);
  if (!located.text)
    throw new Error(`cannot locate the headings of ${file}: ${located.missing.join(', ')}`);
  const sentences = splitSentences(located.text);

  const lexicon = new Lexicon();
  for (const entry of options.catalogue.entries.values()) lexicon.add(entry.entity);
  for (const entity of options.known ?? []) lexicon.add(entity);
  addVocabulary(lexicon);
  if (options.capitals) addCapitals(lexicon, options.capitals);
  const proposals = proposeEntities(sentences, lexicon);
  for (const sentence of sentences)
    for (const m of lexicon.mentions(sentence.text))
      if (m.form === 'name' || m.form === 'capital') lexicon.prominent.add(m.id);
  const home = homeCountry(file, sentences, lexicon);

  const bySection = new Map(sections.map((s) => [s.id, s]));
  const topics = new Map<string, string | undefined>();
  for (const section of sections) {
    const heading = section.heading ?? '';
    const topic = lexicon
      .mentions(heading)
      .find(
        (m) =>
          m.id !== home &&
          (m.kind === EntityKind.COUNTRY || m.kind === EntityKind.ORGANISATION) &&
          m.form === 'name',
      );
    topics.set(section.id, topic?.id);
  }

  // The other party of "the two countries": the last other country the section named, or
  // failing that, the one its heading names.
  // "The association", "the bloc": the last organisation the section named.
  const lastCountry = new Map<string, string>();
  const lastOrganisation = new Map<string, string>();
  let statements = sentences.flatMap((sentence) => {
    const found = extractSentence(sentence, {
      lexicon,
      home,
      topic: lastCountry.get(sentence.section) ?? topics.get(sentence.section),
      headingTopic: topics.get(sentence.section),
      organisation: lastOrganisation.get(sentence.section),
      forward: FORWARD.test(bySection.get(sentence.section)?.heading ?? ''),
    });
    for (const m of lexicon.mentions(sentence.text)) {
      if (m.id === home || m.form !== 'name') continue;
      if (m.kind === EntityKind.COUNTRY) lastCountry.set(sentence.section, m.id);
      if (m.kind === EntityKind.ORGANISATION) lastOrganisation.set(sentence.section, m.id);
    }
    return found;
  });
  // Agreements the article names without a name, with their parties.
  const unnamed = proposeUnnamedAgreements(sentences, lexicon, home, (section) =>
    topics.get(section),
  );
  proposals.push(...unnamed.entities);
  statements.push(...unnamed.statements);
  if (options.extra) statements.push(...(await options.extra(sentences, lexicon)));

  // Checked by the ontology's rules, then one of each: the most confident.
  statements = statements.filter((s) => acceptable(s, lexicon));
  const best = new Map<string, DraftStatement>();
  for (const statement of statements) {
    const k = key(statement);
    const known = best.get(k);
    if (!known || statement.confidence > known.confidence) best.set(k, statement);
  }
  // A forecast of what the article also states as a fact says nothing more.
  const facts = new Set(
    [...best.values()]
      .filter((s) => s.modality === 'fact')
      .map((s) => `${s.kind}\u0000${s.subject}\u0000${s.object}`),
  );
  for (const [k, s] of best)
    if (s.modality !== 'fact' && facts.has(`${s.kind}\u0000${s.subject}\u0000${s.object}`))
      best.delete(k);
  statements = [...best.values()].sort(
    (a, b) => a.sentence - b.sentence || b.confidence - a.confidence,
  );

  // Declared: what the statements name that the catalogue does not hold.
  const used = new Set<string>();
  for (const s of statements) {
    used.add(s.subject);
    used.add(s.object);
    for (const value of Object.values(s.qualifiers))
      if (typeof value === 'string' && lexicon.entities.has(value)) used.add(value);
  }
  const proposed = new Map(proposals.map((p) => [p.entity.id, p]));
  const entities: DraftEntity[] = [];
  for (const id of used) {
    if (options.catalogue.entries.has(id)) continue;
    const entity = lexicon.entities.get(id);
    if (!entity) continue;
    const first = statements.find((s) => s.subject === id || s.object === id);
    entities.push(
      proposed.get(id) ?? {
        entity,
        defining: {
          section: first?.section ?? '',
          quote: sentences.find((s) => s.index === first?.sentence)?.text ?? '',
        },
        guessed: lexicon.proposed.has(id) ? [lexicon.proposed.get(id) ?? ''] : [],
        known: !lexicon.proposed.has(id),
      },
    );
  }

  const base = path.basename(file);
  const homeName = home ? lexicon.entities.get(home)?.name : undefined;
  return {
    source: {
      id: slugOf(path.basename(file, path.extname(file))) || 'draft',
      title: homeName ? `Foreign relations of ${homeName}` : base,
      text: base,
      sections,
    },
    entities,
    statements,
    sentences: sentences.length,
  };
}
