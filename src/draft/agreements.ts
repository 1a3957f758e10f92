import type { Sentence } from '../ingest/sentences';
import { EntityKind } from '../ontology/entities';
import { EntityInput, MAX_QUOTE_WORDS, quoteWords } from '../ontology/dataset-format';
import { RelationKind } from '../ontology/relations';
import { modalityOf } from './cues';
import { Lexicon, Mention, slugOf } from './lexicon';
import type { DraftEntity, DraftStatement } from './write';

/*
 * Agreements an article names without a proper name: "a free trade agreement has been in
 * force since 2010", "Lima hopes to conclude a free trade agreement with India", "An Economic
 * Partnership Agreement signed in 2015". Each is proposed as an agreement of the article's
 * country and the other party the sentence (or, failing that, its section) names, named as
 * the series names such agreements: both parties, in alphabetical order, then what it is
 * ("China–Peru free trade agreement"). Both parties are proposed as its parties.
 */

/** What an unnamed agreement is called in prose, and its type. */
const KINDS: ReadonlyArray<[RegExp, string]> = [
  [/free trade|trade promotion|trade/i, 'trade-agreement'],
  [/economic partnership/i, 'trade-agreement'],
  [/partnership/i, 'partnership'],
  [/investment/i, 'partnership'],
  [/framework/i, 'framework'],
];

/** "a free trade agreement", "the Economic Partnership Agreement", "a raw materials partnership". */
const PHRASE =
  /\b(?:a|an|the|its|their)\s+((?:(?:[\p{L}-]+)\s+){0,3}(?:agreement|treaty|pact|accord|protocol|partnership|deal))\b/giu;
/** Words that make a partnership a level of relations, not an agreement. */
const LEVELS =
  /\b(?:strategic|comprehensive|special|all-weather|ironclad|close|closer|enhanced)\b/i;
/** Words that say an agreement is in force. */
const ACTIVE =
  /\b(?:in force|applied|applies|took effect|has linked|have linked|has had|have had)\b/i;
const SIGNED = /\b(?:signed|signs|concluded|ratified)\b/i;
const YEAR = /\b(1[89]\d\d|20\d\d)\b/g;

export interface UnnamedAgreements {
  entities: DraftEntity[];
  statements: DraftStatement[];
}

/**
 * Finds the unnamed agreements of the article's sentences and proposes them with their
 * parties. `topic(section)` is the other party a section is about, when it names one.
 */
export function proposeUnnamedAgreements(
  sentences: readonly Sentence[],
  lexicon: Lexicon,
  home: string | undefined,
  headingTopic: (section: string) => string | undefined,
): UnnamedAgreements {
  const out: UnnamedAgreements = { entities: [], statements: [] };
  if (!home) return out;
  const homeEntity = lexicon.entities.get(home);
  if (!homeEntity) return out;
  /** The last other party each section named, before the sentence at hand. */
  const last = new Map<string, string>();
  const topic = (sentence: Sentence) =>
    last.get(sentence.section) ?? headingTopic(sentence.section);
  for (const sentence of sentences) {
    const text = sentence.text;
    const mentions: Mention[] = lexicon.mentions(text);
    const previous: string | undefined = topic(sentence);
    for (const m of mentions)
      if (
        m.id !== home &&
        m.form === 'name' &&
        (m.kind === EntityKind.COUNTRY || m.kind === EntityKind.ORGANISATION)
      )
        last.set(sentence.section, m.id);
    for (const match of text.matchAll(PHRASE)) {
      const phrase = match[1] ?? '';
      const start = match.index;
      const end = start + match[0].length;
      // A named agreement is a mention already; a strategic partnership is a level.
      if (mentions.some((m) => m.start < end && m.end > start)) continue;
      if (/partnership$/i.test(phrase) && LEVELS.test(phrase)) continue;
      // "a protocol" alone says too little to name; a partnership is an agreement only when
      // the sentence says it was entered into.
      if (!/\s/.test(phrase.trim())) continue;
      if (
        /partnership$/i.test(phrase) &&
        !/\b(?:signed|entered|concluded|agreed|launched)\b/i.test(text)
      )
        continue;
      // The other party: "with India", else another country or body the sentence names,
      // else the one the section is about.
      const actors: Mention[] = mentions.filter(
        (m) =>
          m.id !== home &&
          m.form !== 'demonym' &&
          (m.kind === EntityKind.COUNTRY || m.kind === EntityKind.ORGANISATION),
      );
      const withParty: Mention | undefined = actors.find((m) =>
        /\bwith\s+(?:the\s+)?$/i.test(text.slice(Math.max(0, m.start - 10), m.start)),
      );
      // "Germany signed a partnership with Mongolia": with the country itself, the other
      // party is the one that signed.
      const withHome = mentions.some(
        (m) =>
          m.id === home &&
          m.start >= end &&
          /\bwith\s+$/i.test(text.slice(Math.max(0, m.start - 6), m.start)),
      );
      const signer = withHome ? actors.find((m) => m.end <= start) : undefined;
      const otherId: string | undefined =
        signer?.id ??
        withParty?.id ??
        (actors.length === 1 ? actors[0]?.id : undefined) ??
        previous;
      const other = otherId ? lexicon.entities.get(otherId) : undefined;
      if (!other || otherId === home) continue;
      const descriptor = /^[\p{Lu}]/u.test(phrase) ? phrase : phrase.toLowerCase();
      // A body goes by its acronym in such names ("EU–Mongolia ..."), a country by its name.
      const short = (e: EntityInput) =>
        'acronym' in e && e.acronym && e.kind === EntityKind.ORGANISATION ? e.acronym : e.name;
      const [a, b] = [short(homeEntity), short(other)].sort((x, y) => x.localeCompare(y));
      const name = `${a}–${b} ${descriptor}`;
      const id = slugOf(name);
      if (!lexicon.entities.has(id)) {
        const type = KINDS.find(([pattern]) => pattern.test(phrase))?.[1] ?? 'treaty';
        // "the Partnership and Cooperation Agreement" is how the article calls it.
        const aliases = /^[\p{Lu}]/u.test(phrase) ? { aliases: [phrase] } : {};
        const entity = { kind: EntityKind.AGREEMENT, id, name, type, ...aliases } as EntityInput;
        lexicon.add(entity, 'proposed');
        out.entities.push({
          entity,
          defining: { section: sentence.section, quote: text },
          guessed: ['its name, from its parties and what the article calls it', 'its type'],
        });
      }
      const clause = text;
      const modality = modalityOf(clause, false);
      const years = [...clause.matchAll(YEAR)].map((m) => ({ year: Number(m[1]), at: m.index }));
      const year = years.sort((x, y) => Math.abs(x.at - start) - Math.abs(y.at - start))[0];
      const qualifiers: DraftStatement['qualifiers'] = {};
      if (SIGNED.test(clause)) qualifiers.role = 'signatory';
      if (ACTIVE.test(clause)) qualifiers.status = 'active';
      if (year) qualifiers.since = year.year;
      // The quote: the phrase with the other party or the year, within bounds.
      const spans: Array<{ start: number; end: number }> = [{ start, end }];
      if (withParty) spans.push(withParty);
      if (year) spans.push({ start: year.at, end: year.at + 4 });
      const from = Math.min(...spans.map((s) => s.start));
      const to = Math.max(...spans.map((s) => s.end));
      let quote = text.slice(from, to).trim();
      if (quoteWords(quote) > MAX_QUOTE_WORDS) quote = text.slice(start, end).trim();
      for (const party of [home, other.id])
        out.statements.push({
          kind: RelationKind.PARTY_TO,
          subject: party,
          object: id,
          qualifiers,
          modality,
          section: sentence.section,
          quote,
          confidence: 0.5,
          cue: `PARTY_TO "${phrase.toLowerCase()}"`,
          sentence: sentence.index,
          origin: 'rules',
        });
    }
  }
  return out;
}
