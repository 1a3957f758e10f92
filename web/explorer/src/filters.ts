// Which relations a view shows, and how their qualifiers read. Pure code (no DOM).
import type { Qualifiers } from './types.js';
import type { ViewState } from './state.js';

/** The years a relation is dated by, as a closed range; undefined when it has none. */
export function yearsOf(q: Qualifiers): { first: number; last: number } | undefined {
  if (q.year != null) return { first: q.year, last: q.year };
  if (q.since == null && q.until == null) return undefined;
  // Begun and not ended: it still holds, so it reaches every later year.
  return { first: q.since ?? q.until ?? 0, last: q.until ?? Number.POSITIVE_INFINITY };
}

/** Whether a relation of this kind and qualifiers passes the view's kind and year filters. */
export function passes(
  kind: string,
  qualifiers: Qualifiers,
  state: Pick<ViewState, 'kinds' | 'from' | 'to' | 'undated'>,
): boolean {
  if (state.kinds.length > 0 && !state.kinds.includes(kind)) return false;
  if (state.from === undefined && state.to === undefined) return true;
  const years = yearsOf(qualifiers);
  if (!years) return state.undated;
  const from = state.from ?? Number.NEGATIVE_INFINITY;
  const to = state.to ?? Number.POSITIVE_INFINITY;
  return years.first <= to && years.last >= from;
}

/** `PARTNER_OF` → `partner of`. */
export function kindLabel(kind: string): string {
  return kind.toLowerCase().replace(/_/g, ' ');
}

/** The qualifiers a relation has, each as a label and a readable value, in a fixed order. */
export function describeQualifiers(q: Qualifiers): Array<[string, string]> {
  const rows: Array<[string, string]> = [];
  const years = yearsOf(q);
  if (q.year != null) rows.push(['year', String(q.year)]);
  else if (years) {
    rows.push(['years', q.until == null ? `since ${q.since}` : `${q.since ?? '?'}–${q.until}`]);
  }
  if (q.level) rows.push(['level', kindLabel(q.level)]);
  if (q.in) rows.push(['in (recipient, host)', q.in.name]);
  if (q.via) rows.push(['via', q.via.name]);
  if (q.regarding) rows.push(['regarding', q.regarding.name]);
  if (q.role) rows.push(['role', kindLabel(q.role)]);
  if (q.status) rows.push(['status', kindLabel(q.status)]);
  if (q.temporary != null) rows.push(['temporary', q.temporary ? 'yes' : 'no']);
  if (q.scope) rows.push(['scope', q.scope]);
  if (q.event) rows.push(['event', q.event]);
  if (q.fields?.length) rows.push(['fields', q.fields.join(', ')]);
  if (q.products?.length) rows.push(['products', q.products.join(', ')]);
  if (q.channels?.length) rows.push(['channels', q.channels.join(', ')]);
  return rows;
}
