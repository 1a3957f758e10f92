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
