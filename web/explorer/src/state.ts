// What the URL of the explorer holds: everything needed to draw the same view again.
// Pure code (no DOM), so that unit tests run it under Node.

/** How the drawing is laid out. */
export const LAYOUTS = ['auto', 'force', 'rings'] as const;
export type Layout = (typeof LAYOUTS)[number];

/** Edges fetched per entity, in the order "Show more" raises them. */
export const LIMIT_STEPS = [100, 250, 500] as const;

/** The view: what is drawn, filtered how, and what is selected. */
export interface ViewState {
  /** The entity at the centre. */
  focus?: string;
  /** Entities whose neighbourhood was added, in the order they were expanded. */
  expanded: string[];
  /** Relation kinds shown; empty: all. */
  kinds: string[];
  /** Years shown (inclusive); a relation is kept when its dates meet the range. */
  from?: number;
  to?: number;
  /** Whether relations without any year stay visible while a year range is set. */
  undated: boolean;
  /** Most edges fetched per entity. */
  limit: number;
  layout: Layout;
  /** The selected relation, or entity (at most one of the two). */
  edge?: string;
  node?: string;
}

/** The view of a fresh page. */
export function emptyState(): ViewState {
  return { expanded: [], kinds: [], undated: true, limit: LIMIT_STEPS[0], layout: 'auto' };
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;
const KIND = /^[A-Z_]{1,40}$/;

function year(value: string | null): number | undefined {
  if (value === null || !/^-?\d{1,4}$/.test(value)) return undefined;
  return Number(value);
}

function list(value: string | null, pattern: RegExp): string[] {
  if (!value) return [];
  return [...new Set(value.split(',').filter((item) => pattern.test(item)))];
}

/**
 * Reads a view from a query string (`?focus=KHM&expanded=USA&kinds=FUNDS`). Anything
 * malformed is dropped rather than refused: a mangled link still opens something sensible.
 */
export function parseState(search: string): ViewState {
  const params = new URLSearchParams(search);
  const state = emptyState();
  const focus = params.get('focus');
  if (focus && ID.test(focus)) state.focus = focus;
  state.expanded = list(params.get('expanded'), ID).filter((id) => id !== state.focus);
  state.kinds = list(params.get('kinds'), KIND).sort();
  state.from = year(params.get('from'));
  state.to = year(params.get('to'));
  if (state.from !== undefined && state.to !== undefined && state.from > state.to) {
    [state.from, state.to] = [state.to, state.from];
  }
  state.undated = params.get('undated') !== '0';
  const limit = Number(params.get('limit'));
  state.limit = (LIMIT_STEPS as readonly number[]).includes(limit) ? limit : LIMIT_STEPS[0];
  const layout = params.get('layout');
  state.layout = (LAYOUTS as readonly string[]).includes(layout ?? '')
    ? (layout as Layout)
    : 'auto';
  const edge = params.get('edge');
  const node = params.get('node');
  if (edge && ID.test(edge)) state.edge = edge;
  else if (node && ID.test(node)) state.node = node;
  if (!state.focus) return { ...emptyState() };
  return state;
}

/** Writes a view as a query string, leaving out what is at its default; `''` for none. */
export function formatState(state: ViewState): string {
  if (!state.focus) return '';
  const params = new URLSearchParams();
  params.set('focus', state.focus);
  if (state.expanded.length > 0) params.set('expanded', state.expanded.join(','));
  if (state.kinds.length > 0) params.set('kinds', [...state.kinds].sort().join(','));
  if (state.from !== undefined) params.set('from', String(state.from));
  if (state.to !== undefined) params.set('to', String(state.to));
  if (!state.undated) params.set('undated', '0');
  if (state.limit !== LIMIT_STEPS[0]) params.set('limit', String(state.limit));
  if (state.layout !== 'auto') params.set('layout', state.layout);
  if (state.edge) params.set('edge', state.edge);
  else if (state.node) params.set('node', state.node);
  // Commas and colons are safe in a query and keep links readable.
  return `?${params.toString().replace(/%2C/g, ',').replace(/%3A/g, ':')}`;
}

/** The next step of the per-entity edge limit, or undefined at the last. */
export function nextLimit(limit: number): number | undefined {
  return LIMIT_STEPS.find((step) => step > limit);
}
