/** JSON with sorted keys, so that equal content gives equal text (hashes, stored qualifiers). */
export function canonical(value: unknown): string {
  return JSON.stringify(value, sortedKeys);
}

/** A replacer giving each plain object with its keys in order (an object already in order as is). */
function sortedKeys(_key: string, value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  let sorted = true;
  for (let i = 1; i < keys.length && sorted; i++)
    sorted = (keys[i - 1] as string) < (keys[i] as string);
  if (sorted) return value;
  const out: Record<string, unknown> = {};
  for (const key of keys.sort()) out[key] = (value as Record<string, unknown>)[key];
  return out;
}
