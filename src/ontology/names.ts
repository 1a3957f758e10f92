/**
 * The form names are compared in: accents and case folded, punctuation dropped, spaces
 * collapsed. "Côte d’Ivoire", "cote d'ivoire" and "COTE DIVOIRE" all meet at "cote divoire".
 */
export function nameKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/['’`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The names an entity answers to, as its node stores them. */
export interface NamedEntity {
  id: string;
  name: string;
  aliases?: readonly string[] | null;
  iso2?: string | null;
  acronym?: string | null;
  /** A country's official name and demonyms: searched, and official names looked up. */
  officialName?: string | null;
  demonyms?: readonly string[] | null;
}

/**
 * What an entity node keeps for finding it by name: `lookupKeys`, every name it answers to
 * (id, name, aliases, official name, ISO code, acronym) as {@link nameKey}s, and `aliasText`,
 * its aliases, official name and demonyms as one string for the full-text index (which does
 * not index lists). Derived from the names wherever they are written: a dataset load, an
 * editor's change, both merged.
 */
export function searchKeys(entity: NamedEntity): { lookupKeys: string[]; aliasText: string } {
  const aliases = [...(entity.aliases ?? [])];
  if (entity.officialName) aliases.push(entity.officialName);
  const names = [entity.id, entity.name, ...aliases];
  if (entity.iso2) names.push(entity.iso2);
  if (entity.acronym) names.push(entity.acronym);
  return {
    lookupKeys: [...new Set(names.map(nameKey).filter((key) => key !== ''))],
    aliasText: [...aliases, ...(entity.demonyms ?? [])].join(' | '),
  };
}
