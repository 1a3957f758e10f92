/**
 * JSON with sorted keys, so that equal content gives equal text (hashes, stored qualifiers).
 * The text is exactly `JSON.stringify` of the value with every object's keys in sorted order
 * (stored hashes depend on it), written directly: it runs for every statement of a load.
 */
export function canonical(value: unknown): string {
  return write(value) ?? 'undefined';
}

/** An array index as JSON.stringify lists it first among an object's keys. */
const INDEX = /^(?:0|[1-9]\d*)$/;

function write(value: unknown): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      // undefined, functions and symbols: left out of objects, null in arrays (as JSON does).
      return undefined;
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function')
    return write((value as { toJSON: () => unknown }).toJSON());
  if (Array.isArray(value)) return `[${value.map((item) => write(item) ?? 'null').join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  // Object property order puts array-index keys first, ascending, whatever the insertion
  // order: JSON.stringify of a sorted copy did too.
  const indexes = keys.filter((k) => {
    const first = k.charCodeAt(0);
    return first >= 48 && first <= 57 && INDEX.test(k) && Number(k) < 4294967295;
  });
  const ordered =
    indexes.length === 0
      ? keys
      : [
          ...indexes.sort((a, b) => Number(a) - Number(b)),
          ...keys.filter((k) => !indexes.includes(k)),
        ];
  const parts: string[] = [];
  for (const key of ordered) {
    const text = write(record[key]);
    if (text !== undefined) parts.push(`${JSON.stringify(key)}:${text}`);
  }
  return `{${parts.join(',')}}`;
}
