import { Modality, RelationKind } from '../ontology/relations';

/*
 * The cues: for each relation kind of the ontology, the words that state it and how firmly.
 * A cue is matched on a clause; its subject is the nearest mention before it (or the
 * article's own country when the clause names none), its objects the mention after it and
 * those listed with it. A passive cue ("funded by X", "loans from X") takes its subjects after
 * it. Which kinds of entity a cue may connect is the ontology's (RELATION_KIND_SPECS), not
 * the cue's: "joined" is MEMBER_OF before an organisation and PARTY_TO before an agreement.
 *
 * Confidence is the share of statements a cue proposes that a curator would keep, as judged
 * on the development article; the extraction lowers it when it has to guess the subject or
 * reach far for the object.
 */

export interface Cue {
  kind: RelationKind;
  /** The object is the name right before the cue ("a United Nations member since 1955"). */
  objectBefore?: boolean;
  /** Matched case-insensitively on whole words. */
  pattern: RegExp;
  confidence: number;
  /** Subjects come after the cue ("funded by X"). */
  passive?: boolean;
}

const K = RelationKind;

function cue(kind: RelationKind, words: string, confidence: number, passive = false): Cue {
  return { kind, pattern: new RegExp(`\\b(?:${words})\\b`, 'giu'), confidence, passive };
}

export const CUES: readonly Cue[] = [
  { ...cue(K.MEMBER_OF, 'member(?!s? of|ship)', 0.75), objectBefore: true },
  cue(
    K.MEMBER_OF,
    '(?:a|an|as|is|was|became|become|becoming) (?:\\w+ )?member of|(?:are|were|became|become|remain) members of|membership (?:of|in)|joined|joining|join|accession to|acceded to|admitted to|entered the|participating state of|belong(?:s|ed)? to|has belonged to|launched|founded|co-founded|founding member of|s(?:at|its) on',
    0.85,
  ),
  cue(
    K.PARTNER_OF,
    '(?<!trading |development |trade |free trade )partners?(?:hip)?|allies|ally|alliance|allied|closest friends?',
    0.75,
  ),
  cue(
    K.COOPERATES_WITH,
    'cooperat(?!ive\\s+partnership)\\w*|co-operat\\w*|collaborat\\w*|work(?:s|ed|ing)? (?:closely )?together|good relations|close ties|ties with|connections with|working relationship|engagement with|interacts? with',
    0.6,
  ),
  cue(K.FUNDS, 'fund(?:s|ed|ing)?|donors?|donat\\w*|grants?|aid|assistance', 0.7),
  cue(
    K.FUNDS,
    'funded by|financed by(?! (?:\\w+ )?(?:loans?|credit))|funds from|funding from|grants? from|aid from|assistance from',
    0.75,
    true,
  ),
  cue(K.FUNDS, '(?<!(?:loans?|credit)\\s(?:\\w+\\s){0,2})financ(?:es|ed|ing)(?! by)', 0.6),
  cue(K.INVESTS_IN, 'invest(?:s|ed|ing|ments?|ors?)?|stake in', 0.7),
  cue(K.INVESTS_IN, 'investments? from', 0.7, true),
  cue(
    K.EXPORTS_TO,
    'exports? to|exported to|sells? to|supplies|supplier of|export(?:s|ed|ing)?(?= [\\p{Ll} ,-]{1,60}? to )|(?:sells?|sold|ships?|shipped)(?= [\\p{Ll} ,-]{1,60}? to )',
    0.7,
  ),
  cue(
    K.EXPORTS_TO,
    'export market for|(?:main|major|largest|biggest|key|leading) (?:market|buyer|destination|importer) (?:for|of)|imports? from|buying|buys|taking(?! part)|takes(?! part)',
    0.6,
    true,
  ),
  cue(
    K.TRADES_WITH,
    'trading partners?|(?:free )?trade partners?|trade (?:with|connections|ties|relations)|trades with|trade between',
    0.8,
  ),
  cue(
    K.PARTY_TO,
    'agreed|signed|signs|signing|ratif\\w*|party to|parties to|joined|joining|acceded to|under the|participat\\w* in|concluded?|beneficiary of',
    0.6,
  ),
  cue(K.SUSPENDS, 'suspend\\w*', 0.75),
  cue(K.HOSTS, 'host(?:s|ed|ing)?|hosts? of', 0.8),
  // "the Pan American Games held in Lima": the place hosts the event before it.
  cue(K.HOSTS, 'held in|took place in|staged in', 0.7, true),
  cue(
    K.CONCERNED_ABOUT,
    'concern(?:s|ed)? (?:about|over|at|regarding)|(?:is|are|remains?) an? (?:\\w+ )?concern|criticis\\w*|criticiz\\w*|protest\\w*|condemn\\w*|worr(?:y|ies|ied)|conflicts? over|disputes? over|tensions? over|issues with|called on',
    0.55,
  ),
  cue(
    K.ADDRESSES,
    'tackl\\w*|address\\w*|combat\\w*|fight(?:s|ing)? against|counter(?:s|ing)?|lessen|reduc\\w*|curb\\w*|slow|mitigat\\w*',
    0.55,
  ),
  cue(
    K.PROMOTES,
    'promot\\w*|advocat\\w*|champion\\w*|speaks? for|focus(?:es)? on|push(?:es)? for|calls? for',
    0.6,
  ),
  cue(
    K.SUPPORTS,
    'support\\w*|contribut\\w* to|sen(?:t|ds|ding)(?= (?:troops|peacekeepers|peacekeeping))|backs?|backed|pledged|welcomed|contributor to',
    0.6,
  ),
  cue(
    K.CULTURAL_TIES,
    'cultural|culture|people-to-people|exchanges|heritage|popular music|dramas|media',
    0.6,
  ),
  cue(
    K.EXPOSED_TO,
    'dependen(?:t|ce|cy) on|reliance on|relies on|reliant on|vulnerab\\w*|exposed to|at risk',
    0.6,
  ),
  cue(
    K.DIPLOMATIC_RELATIONS,
    '(?:established|establish|opened|restored|severed|broke off|resumed|normali[sz]ed|upgraded|downgraded|suspended)(?: its| their)?(?: full)?(?: diplomatic)? (?:relations|ties)|diplomatic relations|(?:full |diplomatic )?relations (?:were|was) (?:restored|resumed|severed|established|normali[sz]ed|reduced|downgraded|upgraded)|broke (?:them|relations|ties) off',
    0.85,
  ),
  cue(K.CHAIRS, 'chair(?:s|ed|ing|manship)?|presidency of|presided over', 0.75),
  cue(
    K.TAKES_PART_IN,
    't(?:ake|akes|ook|aking) part in|participat\\w* in|attended|sent troops to|train together in|joined',
    0.65,
  ),
  cue(
    K.CONFLICT_WITH,
    'wars? (?:with|against)|fought|clash(?:ed|es)?|conflict with|invasion of|invaded|attack(?:s|ed)? on',
    0.65,
  ),
  cue(K.LENDS, 'loans?|lend(?:s|ing)?|lent|line of credit|credit line|lender', 0.7),
  cue(
    K.LENDS,
    'financed by (?:\\w+ )?(?:loans?|credit)|loans? from|borrow(?:s|ed|ing)? from|credit from',
    0.75,
    true,
  ),
  cue(
    K.BUILDS,
    'buil(?:d|ds|t|ding)|construct(?:s|ed|ing)?|develop(?:s|ed|ing)|complet(?:e|es|ed|ing)',
    0.65,
  ),
  cue(
    K.BUILDS,
    'built by|built with(?! (?:\\w+ )?(?:funds|money|loans?|aid|grants?|financing))|constructed by|developed by',
    0.75,
    true,
  ),
  cue(K.PART_OF, 'part of|under the|within the', 0.6),
  cue(K.TRAINS, 'train(?:s|ed|ing)?|taught|teach(?:es|ing)?|capacity building|scholarships', 0.65),
  cue(K.GOVERNS, 'rul(?:es|ed|ing)|govern(?:s|ed|ing)|in power', 0.7),
];

/** Words that say how diplomatic relations changed. */
export const DIPLOMATIC_CHANGE_WORDS: ReadonlyArray<[RegExp, string]> = [
  [/\b(?:restored|resumed|normali[sz]ed)\b/i, 'restored'],
  [/\b(?:severed|broke off|broke (?:them|it|relations|ties) off|cut)\b/i, 'severed'],
  [/\bsuspended\b/i, 'suspended'],
  [/\bupgraded\b/i, 'upgraded'],
  [/\b(?:downgraded|reduced|lowered)\b/i, 'downgraded'],
  [/\b(?:established|establish|opened|counts)\b/i, 'established'],
];

/** Partnership levels as articles write them, most specific first. */
export const LEVEL_WORDS: ReadonlyArray<[RegExp, string]> = [
  [/\bcomprehensive strategic\b/i, 'comprehensive-strategic'],
  [/\bspecial strategic\b/i, 'special'],
  [/\ball-weather\b/i, 'all-weather'],
  [/\biron-?clad\b/i, 'ironclad'],
  [/\bstrategic\b/i, 'strategic'],
  [/\bcomprehensive\b/i, 'comprehensive'],
  [/\bspecial\b/i, 'special'],
  [/\b(?:allies|ally|alliance|allied)\b/i, 'ally'],
  [/\bclose(?:st)?\b/i, 'close'],
];

/** An aim of the subject: the statement is an intention. */
export const INTENTION =
  /\b(?:aims?|seeks?|plans?|intends?|wants?|hopes?|wishes|strives?|vows?|pledges?|is determined|is working|would like|is keen|looks?) to\b|\bin an effort to\b|\bin order to\b/i;

/**
 * How firmly a clause states what it states: an aim of the subject is an intention ("in order
 * to" introduces a purpose, not an aim), a forecast an expectation, and anything in a section
 * about the future an expectation too.
 */
export function modalityOf(clause: string, forward: boolean): Modality {
  if (INTENTION.test(clause) && !/\bin (?:order|an effort) to\b/i.test(clause)) return 'intention';
  if (EXPECTATION.test(clause)) return 'expectation';
  return forward ? 'expectation' : 'fact';
}

/** A forecast: the statement is an expectation. */
export const EXPECTATION =
  /\b(?:is|are|was|were) (?:expected|likely|anticipated|set|due|poised|projected|forecast|bound) to\b|\bwill\b|\bexpects?\b|\bexpected\b|\bshould\b|\bprobably\b|\blikely\b/i;

/** Where a clause ends inside a sentence. */
export const CLAUSE_BREAK =
  /(?<=[\p{Ll}\d)]),\s+and\s+(?=\p{Lu}[\p{L}-]*(?:\s\p{Lu}[\p{L}-]*)*\s+(?:has|have|had|is|are|was|were|will|would|can|could|\p{Ll}+ed|\p{Ll}+s)\b)|(?<=^(?:When|After|As|Although|While|If|Because|Once|Before|Until)\b[^,;]*,)|;|:|,\s+and\s+(?=\p{Lu}[\p{L}-]*(?:\s\p{Lu}[\p{L}-]*)*,\s+(?:whose|which|who)\s)|\s(?:but|while|whereas|although|though)\s|,\s+and\s+(?=(?:under|in|with|through|since|after|from|at|by|during)\s)/gu;
