// The graph explorer: wires the search, the drawing, the side panels and the URL together.
import * as api from './api.js';
import type {
  EntityDetails,
  Evidence,
  GraphEdge,
  GraphNode,
  Subgraph,
  TimelineYear,
} from './types.js';
import { byId, fill, h } from './dom.js';
import { describeQualifiers, kindLabel, passes } from './filters.js';
import { GraphView, KIND_STYLE } from './graph-view.js';
import { setUpSearch } from './search.js';
import {
  LAYOUTS,
  Layout,
  ViewState,
  emptyState,
  formatState,
  nextLimit,
  parseState,
} from './state.js';

/** What the page has loaded for the current view. */
interface Loaded {
  nodes: Map<string, GraphNode>;
  edges: Map<string, GraphEdge>;
  /** Entities whose neighbourhood was cut at the limit. */
  truncated: string[];
}

const subgraphs = new Map<string, Promise<Subgraph>>();
const details = new Map<string, Promise<EntityDetails>>();
const evidences = new Map<string, Promise<Evidence[]>>();
const timelines = new Map<string, Promise<TimelineYear[]>>();

/** The same request twice gives the same promise; a failed one is forgotten, to retry. */
function cached<T>(
  cache: Map<string, Promise<T>>,
  key: string,
  load: () => Promise<T>,
): Promise<T> {
  let promise = cache.get(key);
  if (!promise) {
    promise = load();
    cache.set(key, promise);
    promise.catch(() => cache.delete(key));
  }
  return promise;
}

let state: ViewState = parseState(window.location.search);
let loaded: Loaded | undefined;
/** Bumped by every load, so that an answer to an older view is dropped. */
let generation = 0;

const status = byId('status');
const errorBox = byId('error');
const list = byId('neighbourhood');
const detailPanel = byId('details');
const kindFilters = byId('kind-filters');
const timelineBox = byId('timeline');
const graphBox = byId('graph');
const fromInput = byId<HTMLInputElement>('year-from');
const toInput = byId<HTMLInputElement>('year-to');
const undatedInput = byId<HTMLInputElement>('undated');
const layoutSelect = byId<HTMLSelectElement>('layout');
const moreBox = byId('more');
const welcome = byId('welcome');

const graph = new GraphView(byId('graph-canvas'), {
  node: (id) => tapNode(id),
  edge: (id) => update({ ...state, edge: id, node: undefined }, 'replace'),
  background: () => update({ ...state, edge: undefined, node: undefined }, 'replace'),
});
// For the browser's console and the browser tests: the live cytoscape instance.
(window as unknown as { explorerGraph: cytoscape.Core }).explorerGraph = graph.cy;

function name(id: string): string {
  return loaded?.nodes.get(id)?.label ?? id;
}

/**
 * Moves to a new view: records it in the history (`push` for a new place to go back to,
 * `replace` for a refinement of this one), then loads what it lacks and draws it.
 */
function update(next: ViewState, how: 'push' | 'replace' | 'none'): void {
  const previous = state;
  state = next;
  const url = `${window.location.pathname}${formatState(next)}`;
  if (how === 'push') window.history.pushState(null, '', url);
  else if (how === 'replace') window.history.replaceState(null, '', url);
  const sameData =
    previous.focus === next.focus &&
    previous.limit === next.limit &&
    previous.expanded.join() === next.expanded.join();
  if (sameData && loaded) render(previous);
  else void load();
}

function tapNode(id: string): void {
  if (id !== state.focus && !state.expanded.includes(id)) {
    update({ ...state, expanded: [...state.expanded, id], node: id, edge: undefined }, 'push');
  } else {
    update({ ...state, node: id, edge: undefined }, 'replace');
  }
}

function showError(message: string, retry: () => void): void {
  fill(
    errorBox,
    h('p', {}, message),
    h('button', { type: 'button', onclick: () => retry() }, 'Try again'),
  );
  errorBox.hidden = false;
}

async function load(): Promise<void> {
  const mine = ++generation;
  errorBox.hidden = true;
  const focus = state.focus;
  document.body.classList.toggle('has-focus', Boolean(focus));
  welcome.hidden = Boolean(focus);
  if (!focus) {
    loaded = undefined;
    graph.clear();
    fill(list);
    fill(detailPanel);
    fill(kindFilters);
    fill(timelineBox);
    moreBox.hidden = true;
    status.textContent = '';
    document.title = 'diplograph: graph explorer';
    return;
  }
  const ids = [focus, ...state.expanded];
  const limit = state.limit;
  status.textContent = `Loading the relations of ${name(focus)}…`;
  graphBox.setAttribute('aria-busy', 'true');
  const results = await Promise.allSettled(
    ids.map((id) => cached(subgraphs, `${id}|${limit}`, () => api.neighbourhood(id, limit))),
  );
  if (mine !== generation) return;
  graphBox.removeAttribute('aria-busy');
  const [first] = results;
  if (first?.status === 'rejected') {
    const error = first.reason as unknown;
    const notFound = error instanceof api.ApiError && error.code === 'NOT_FOUND';
    status.textContent = '';
    graph.clear();
    loaded = undefined;
    fill(list);
    fill(detailPanel);
    showError(
      notFound
        ? `There is no entity with the id “${focus}”. Search for another one above.`
        : `The relations of “${focus}” could not be loaded: ${describe(error)}`,
      () => void load(),
    );
    return;
  }
  const next: Loaded = { nodes: new Map(), edges: new Map(), truncated: [] };
  const failed: string[] = [];
  results.forEach((result, index) => {
    const id = ids[index] as string;
    if (result.status === 'rejected') {
      failed.push(id);
      return;
    }
    for (const node of result.value.nodes)
      if (!next.nodes.has(node.id)) next.nodes.set(node.id, node);
    for (const edge of result.value.edges) next.edges.set(edge.id, edge);
    if (result.value.truncated) next.truncated.push(id);
  });
  loaded = next;
  if (failed.length > 0) {
    showError(
      `Some expansions could not be loaded (${failed.map(name).join(', ')}).`,
      () => void load(),
    );
  }
  graph.setData([...next.nodes.values()], [...next.edges.values()], focus, state.expanded);
  document.title = `${name(focus)}: diplograph graph explorer`;
  render(undefined);
  void loadTimeline(focus, mine);
}

function describe(error: unknown): string {
  return error instanceof api.ApiError ? error.message : 'unexpected error';
}

/** Draws the current view from what is loaded: filters, drawing, list, details. */
function render(previous: ViewState | undefined): void {
  if (!loaded || !state.focus) return;
  const focus = state.focus;
  const visibleEdges = [...loaded.edges.values()].filter((edge) =>
    passes(edge.kind, edge.relation.qualifiers, state),
  );
  const keep = new Set<string>([focus, ...state.expanded]);
  for (const edge of visibleEdges) keep.add(edge.source).add(edge.target);
  const visibleNodes = new Set([...keep].filter((id) => loaded?.nodes.has(id)));
  graph.setVisible(visibleNodes, new Set(visibleEdges.map((edge) => edge.id)));
  const layoutChanged = previous !== undefined && previous.layout !== state.layout;
  const filtersChanged =
    previous !== undefined &&
    (previous.kinds.join() !== state.kinds.join() ||
      previous.from !== state.from ||
      previous.to !== state.to ||
      previous.undated !== state.undated);
  graph.layout(state.layout, focus, layoutChanged || filtersChanged);
  graph.select(state.edge ?? state.node);

  renderFilters();
  renderTimeline();
  renderList(visibleEdges, visibleNodes);
  renderDetails();
  const hidden = loaded.edges.size - visibleEdges.length;
  status.textContent =
    `${visibleNodes.size} entities and ${visibleEdges.length} relations drawn` +
    (hidden > 0 ? `; ${hidden} hidden by the filters.` : '.');
  const limit = nextLimit(state.limit);
  if (loaded.truncated.length > 0) {
    fill(
      moreBox,
      h(
        'p',
        {},
        `Only the first ${state.limit} relations of ${loaded.truncated.map(name).join(', ')} are drawn.`,
      ),
      limit
        ? h(
            'button',
            { type: 'button', onclick: () => update({ ...state, limit }, 'push') },
            `Show up to ${limit}`,
          )
        : h('p', {}, 'That is the most the explorer draws; filter by kind to see others.'),
    );
    moreBox.hidden = false;
  } else {
    moreBox.hidden = true;
  }
}

function renderFilters(): void {
  if (!loaded) return;
  const counts = new Map<string, number>();
  for (const edge of loaded.edges.values()) counts.set(edge.kind, (counts.get(edge.kind) ?? 0) + 1);
  const kinds = [...new Set([...counts.keys(), ...state.kinds])].sort();
  fill(
    kindFilters,
    kinds.map((kind) =>
      h(
        'label',
        { class: 'check' },
        h('input', {
          type: 'checkbox',
          name: 'kind',
          value: kind,
          checked: state.kinds.length === 0 || state.kinds.includes(kind),
          onchange: () => {
            const checked = [
              ...kindFilters.querySelectorAll<HTMLInputElement>('input[name="kind"]:checked'),
            ].map((input) => input.value);
            const all = checked.length === kinds.length;
            update({ ...state, kinds: all ? [] : checked }, 'replace');
          },
        }),
        ` ${kindLabel(kind)} (${counts.get(kind) ?? 0})`,
      ),
    ),
  );
  fromInput.value = state.from === undefined ? '' : String(state.from);
  toInput.value = state.to === undefined ? '' : String(state.to);
  undatedInput.checked = state.undated;
  layoutSelect.value = state.layout;
}

function entityButton(id: string): HTMLElement {
  const node = loaded?.nodes.get(id);
  return h(
    'button',
    {
      type: 'button',
      class: 'link',
      onclick: () => {
        update({ ...state, node: id, edge: undefined }, 'replace');
        graph.reveal(id);
      },
    },
    node
      ? h('span', { class: `kind-swatch kind-${node.kind.toLowerCase()}`, 'aria-hidden': 'true' })
      : null,
    name(id),
  );
}

function renderList(edges: GraphEdge[], nodes: Set<string>): void {
  const byKind = new Map<string, GraphEdge[]>();
  for (const edge of edges) byKind.set(edge.kind, [...(byKind.get(edge.kind) ?? []), edge]);
  const entities = [...nodes].sort((a, b) => name(a).localeCompare(name(b)));
  fill(
    list,
    h('h2', {}, `Relations (${edges.length})`),
    [...byKind.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([kind, group]) =>
        h(
          'section',
          { class: 'relation-group' },
          h('h3', {}, `${kindLabel(kind)} (${group.length})`),
          h(
            'ul',
            {},
            group
              .sort(
                (a, b) =>
                  name(a.source).localeCompare(name(b.source)) ||
                  name(a.target).localeCompare(name(b.target)),
              )
              .map((edge) =>
                h(
                  'li',
                  {},
                  h(
                    'button',
                    {
                      type: 'button',
                      class: 'link relation-item',
                      'data-edge': edge.id,
                      'aria-current': state.edge === edge.id ? 'true' : undefined,
                      onclick: () => {
                        update({ ...state, edge: edge.id, node: undefined }, 'replace');
                        graph.reveal(edge.id);
                      },
                    },
                    `${name(edge.source)} ${edge.relation.symmetric ? '—' : '→'} ${name(edge.target)}`,
                    edgeSummary(edge),
                  ),
                ),
              ),
          ),
        ),
      ),
    h('h2', {}, `Entities (${entities.length})`),
    h(
      'ul',
      { class: 'entity-list' },
      entities.map((id) => h('li', {}, entityButton(id))),
    ),
  );
}

/** A few words of qualifiers after a relation in the list: years and where. */
function edgeSummary(edge: GraphEdge): string {
  const q = edge.relation.qualifiers;
  const parts: string[] = [];
  if (q.level) parts.push(kindLabel(q.level));
  if (q.in) parts.push(`in ${q.in.name}`);
  if (q.via) parts.push(`via ${q.via.name}`);
  if (q.fields?.length) parts.push(q.fields.join(', '));
  if (q.year != null) parts.push(String(q.year));
  else if (q.since != null)
    parts.push(q.until != null ? `${q.since}–${q.until}` : `since ${q.since}`);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

function renderDetails(): void {
  const edge = state.edge ? loaded?.edges.get(state.edge) : undefined;
  if (edge) {
    renderEdge(edge);
    return;
  }
  if (state.node && loaded?.nodes.has(state.node)) {
    renderNode(state.node);
    return;
  }
  fill(
    detailPanel,
    h('h2', {}, 'Details'),
    h(
      'p',
      { class: 'hint' },
      'Select an entity or a relation, in the drawing or in the list, to see it here.',
    ),
  );
}

function renderEdge(edge: GraphEdge): void {
  const rows = describeQualifiers(edge.relation.qualifiers);
  const evidenceBox = h(
    'div',
    { class: 'evidence', 'aria-live': 'polite' },
    h('p', {}, 'Loading the evidence…'),
  );
  fill(
    detailPanel,
    h('h2', {}, 'Relation'),
    h(
      'p',
      { class: 'relation-title' },
      entityButton(edge.source),
      h('strong', { class: 'relation-kind' }, ` ${kindLabel(edge.kind)} `),
      entityButton(edge.target),
    ),
    h(
      'dl',
      { class: 'qualifiers' },
      h('dt', {}, 'kind'),
      h('dd', {}, `${edge.kind}${edge.relation.symmetric ? ' (reads both ways)' : ''}`),
      h('dt', {}, 'modality'),
      h('dd', {}, kindLabel(edge.relation.modality)),
      rows.flatMap(([label, value]) => [h('dt', {}, label), h('dd', {}, value)]),
    ),
    h('h3', {}, 'Evidence'),
    evidenceBox,
  );
  const wanted = edge.id;
  cached(evidences, edge.id, () => api.evidence(edge)).then(
    (items) => {
      if (state.edge !== wanted) return;
      if (items.length === 0) {
        fill(evidenceBox, h('p', {}, 'No evidence is recorded for this relation.'));
        return;
      }
      fill(
        evidenceBox,
        items.map((item) =>
          h(
            'figure',
            { class: 'quote' },
            h('blockquote', {}, `“${item.quote}”`),
            h(
              'figcaption',
              {},
              'Section ',
              h('em', {}, item.heading ?? item.section),
              ' of ',
              item.source.url
                ? h(
                    'a',
                    { href: item.source.url, rel: 'noopener noreferrer', target: '_blank' },
                    item.source.title,
                  )
                : h('cite', {}, item.source.title),
              item.source.publisher ? ` (${item.source.publisher})` : '',
            ),
          ),
        ),
      );
    },
    (error: unknown) => {
      if (state.edge !== wanted) return;
      fill(
        evidenceBox,
        h('p', { class: 'error-text' }, `The evidence could not be loaded: ${describe(error)}`),
        h('button', { type: 'button', onclick: () => renderEdge(edge) }, 'Try again'),
      );
    },
  );
}

function renderNode(id: string): void {
  const node = loaded?.nodes.get(id);
  if (!node) return;
  const isFocus = id === state.focus;
  const isExpanded = state.expanded.includes(id);
  const about = h('div', { 'aria-live': 'polite' }, h('p', {}, 'Loading…'));
  fill(
    detailPanel,
    h('h2', {}, node.label),
    h(
      'p',
      { class: 'kind-line' },
      h('span', { class: `kind-swatch kind-${node.kind.toLowerCase()}`, 'aria-hidden': 'true' }),
      KIND_STYLE[node.kind].label,
    ),
    about,
    h(
      'div',
      { class: 'actions' },
      !isFocus && !isExpanded
        ? h(
            'button',
            {
              type: 'button',
              onclick: () => update({ ...state, expanded: [...state.expanded, id] }, 'push'),
            },
            'Expand its relations',
          )
        : null,
      isExpanded
        ? h(
            'button',
            {
              type: 'button',
              onclick: () =>
                update({ ...state, expanded: state.expanded.filter((e) => e !== id) }, 'push'),
            },
            'Collapse',
          )
        : null,
      !isFocus
        ? h(
            'button',
            {
              type: 'button',
              onclick: () => update({ ...emptyState(), focus: id, layout: state.layout }, 'push'),
            },
            'Centre the graph here',
          )
        : null,
    ),
  );
  cached(details, id, () => api.entity(id)).then(
    (entity) => {
      if (state.node !== id) return;
      const names = [
        ...new Set([entity.acronym, entity.iso2, ...entity.aliases].filter(Boolean)),
      ].join(', ');
      fill(
        about,
        entity.description ? h('p', {}, entity.description) : null,
        names ? h('p', { class: 'aliases' }, `Also: ${names}`) : null,
        h('p', { class: 'id-line' }, `id: ${entity.id}`),
      );
    },
    (error: unknown) => {
      if (state.node !== id) return;
      fill(
        about,
        h('p', { class: 'error-text' }, `Its details could not be loaded: ${describe(error)}`),
      );
    },
  );
}

/** The focus's timeline once loaded: undefined while loading, null when it failed. */
let timelineYears: TimelineYear[] | null | undefined;

async function loadTimeline(focus: string, mine: number): Promise<void> {
  timelineYears = undefined;
  renderTimeline();
  try {
    const years = await cached(timelines, focus, () => api.timeline(focus));
    if (mine !== generation) return;
    timelineYears = years;
  } catch (error) {
    if (mine !== generation) return;
    timelineYears = null;
    fill(
      timelineBox,
      h('p', { class: 'error-text' }, `The timeline could not be loaded: ${describe(error)}`),
    );
    return;
  }
  renderTimeline();
}

/** One column per year with dated relations, as tall as their number; a click filters. */
function renderTimeline(): void {
  const focus = state.focus;
  if (!focus || timelineYears === null) return;
  if (timelineYears === undefined) {
    fill(timelineBox, h('p', {}, 'Loading the timeline…'));
    return;
  }
  if (timelineYears.length === 0) {
    fill(timelineBox, h('p', {}, `No dated relations of ${name(focus)}.`));
    return;
  }
  const most = Math.max(...timelineYears.map((y) => y.entries.length));
  const chosen =
    state.from !== undefined && state.from === state.to
      ? timelineYears.find((y) => y.year === state.from)
      : undefined;
  const describeEntry = (entry: TimelineYear['entries'][number]): string =>
    `${entry.event.toLowerCase()}: ${entry.relation.from.name} ${kindLabel(entry.relation.kind)} ${entry.relation.to.name}`;
  fill(
    timelineBox,
    h(
      'ol',
      { class: 'timeline', 'aria-label': `Dated relations of ${name(focus)} by year` },
      timelineYears.map((year) =>
        h(
          'li',
          {},
          h(
            'button',
            {
              type: 'button',
              class: 'year',
              title: year.entries.map(describeEntry).join('\n'),
              'aria-pressed': String(chosen === year),
              onclick: () =>
                chosen === year
                  ? update({ ...state, from: undefined, to: undefined }, 'push')
                  : update({ ...state, from: year.year, to: year.year }, 'push'),
            },
            h('span', { class: 'year-label' }, String(year.year)),
            h('span', {
              class: `bar h${Math.max(1, Math.round((10 * year.entries.length) / most))}`,
              'aria-hidden': 'true',
            }),
            h(
              'span',
              { class: 'year-count' },
              `${year.entries.length}`,
              h(
                'span',
                { class: 'visually-hidden' },
                year.entries.length === 1 ? ' relation' : ' relations',
              ),
            ),
          ),
        ),
      ),
    ),
    chosen
      ? h(
          'ul',
          { class: 'year-entries', 'aria-label': `In ${chosen.year}` },
          chosen.entries.map((entry) => h('li', {}, `${chosen.year}, ${describeEntry(entry)}`)),
        )
      : h('p', { class: 'hint' }, 'Choose a year to show only the relations that hold in it.'),
  );
}

/** The numbers typed in the year boxes, or undefined when empty or not a year. */
function readYear(input: HTMLInputElement): number | undefined {
  const value = input.value.trim();
  return /^-?\d{1,4}$/.test(value) ? Number(value) : undefined;
}

function onYears(): void {
  let from = readYear(fromInput);
  let to = readYear(toInput);
  if (from !== undefined && to !== undefined && from > to) [from, to] = [to, from];
  update({ ...state, from, to, undated: undatedInput.checked }, 'replace');
}

async function start(): Promise<void> {
  setUpSearch(
    byId<HTMLInputElement>('search-input'),
    byId('search-results'),
    byId<HTMLFormElement>('search-form'),
    (id) => update({ ...emptyState(), focus: id, layout: state.layout }, 'push'),
  );
  fromInput.addEventListener('change', onYears);
  toInput.addEventListener('change', onYears);
  undatedInput.addEventListener('change', onYears);
  byId('clear-filters').addEventListener('click', () =>
    update({ ...state, kinds: [], from: undefined, to: undefined, undated: true }, 'replace'),
  );
  for (const layout of LAYOUTS) layoutSelect.append(h('option', { value: layout }, layout));
  layoutSelect.addEventListener('change', () =>
    update({ ...state, layout: layoutSelect.value as Layout }, 'replace'),
  );
  byId('zoom-in').addEventListener('click', () => graph.zoomBy(1.25));
  byId('zoom-out').addEventListener('click', () => graph.zoomBy(0.8));
  byId('zoom-fit').addEventListener('click', () => graph.fit());
  byId('copy-link').addEventListener('click', async () => {
    const said = byId('copy-status');
    try {
      await navigator.clipboard.writeText(window.location.href);
      said.textContent = 'Link copied.';
    } catch {
      said.textContent = `Copy this link: ${window.location.href}`;
    }
  });
  window.addEventListener('popstate', () => update(parseState(window.location.search), 'none'));
  // Normalise the address (a mangled parameter dropped) without a history entry.
  window.history.replaceState(null, '', `${window.location.pathname}${formatState(state)}`);
  void load();
  try {
    const top = await api.mostConnected();
    fill(
      byId('start-list'),
      top.map((item) =>
        h(
          'li',
          {},
          h(
            'button',
            {
              type: 'button',
              class: 'link',
              onclick: () => update({ ...emptyState(), focus: item.entity.id }, 'push'),
            },
            h('span', {
              class: `kind-swatch kind-${item.entity.kind.toLowerCase()}`,
              'aria-hidden': 'true',
            }),
            `${item.entity.name} (${item.degree} relations)`,
          ),
        ),
      ),
    );
  } catch (error) {
    fill(
      byId('start-list'),
      h(
        'li',
        { class: 'error-text' },
        `The starting points could not be loaded: ${describe(error)}`,
      ),
    );
  }
}

void start();
