// The drawing: cytoscape.js (loaded by the page as the global `cytoscape`) on a canvas.
import type { EntityKind, GraphEdge, GraphNode } from './types.js';
import type { Layout } from './state.js';

/** Colour and shape of each entity kind: the Okabe–Ito palette, told apart by shape too. */
export const KIND_STYLE: Record<
  EntityKind,
  { colour: string; shape: cytoscape.Css.NodeShape; label: string }
> = {
  COUNTRY: { colour: '#0072b2', shape: 'ellipse', label: 'Country' },
  ORGANISATION: { colour: '#e69f00', shape: 'round-rectangle', label: 'Organisation' },
  AGREEMENT: { colour: '#009e73', shape: 'diamond', label: 'Agreement' },
  ISSUE: { colour: '#cc79a7', shape: 'hexagon', label: 'Issue' },
  PROJECT: { colour: '#f0e442', shape: 'rectangle', label: 'Project' },
  EVENT: { colour: '#56b4e9', shape: 'triangle', label: 'Event' },
};

/** Above this many visible entities, `auto` lays out in rings rather than by force. */
const FORCE_LAYOUT_MAX = 150;

/** The most a layout zooms in to fit the graph. */
const MAX_FIT_ZOOM = 1.6;

/** What the page does when someone taps the drawing. */
export interface GraphEvents {
  node(id: string): void;
  edge(id: string): void;
  background(): void;
}

const STYLE: cytoscape.StylesheetJson = [
  {
    selector: 'node',
    style: {
      label: 'data(label)',
      width: 26,
      height: 26,
      'font-size': 11,
      color: '#111111',
      'text-valign': 'bottom',
      'text-margin-y': 4,
      'text-outline-color': '#ffffff',
      'text-outline-width': 2,
      'text-wrap': 'ellipsis',
      'text-max-width': '140px',
      'min-zoomed-font-size': 6,
      'border-width': 1,
      'border-color': '#333333',
    },
  },
  ...Object.entries(KIND_STYLE).map(([kind, style]) => ({
    selector: `node[kind = "${kind}"]`,
    style: { 'background-color': style.colour, shape: style.shape },
  })),
  {
    selector: 'node.focus',
    style: { width: 40, height: 40, 'border-width': 3, 'font-weight': 'bold' },
  },
  { selector: 'node.expanded', style: { 'border-width': 3, 'border-style': 'double' } },
  {
    selector: 'edge',
    style: {
      width: 1.5,
      'line-color': '#6b6b6b',
      'target-arrow-color': '#6b6b6b',
      'target-arrow-shape': 'triangle',
      'curve-style': 'bezier',
      label: 'data(label)',
      'font-size': 9,
      color: '#333333',
      'text-rotation': 'autorotate',
      'text-outline-color': '#ffffff',
      'text-outline-width': 2,
      'min-zoomed-font-size': 7,
    },
  },
  { selector: 'edge[?symmetric]', style: { 'target-arrow-shape': 'none' } },
  { selector: 'edge[modality != "FACT"]', style: { 'line-style': 'dashed' } },
  {
    selector: 'node:selected',
    style: { 'border-color': '#d55e00', 'border-width': 4, 'overlay-opacity': 0 },
  },
  {
    selector: 'edge:selected',
    style: {
      width: 4,
      'line-color': '#d55e00',
      'target-arrow-color': '#d55e00',
      color: '#000000',
      'font-weight': 'bold',
      'z-index': 10,
    },
  },
  { selector: '.faded', style: { opacity: 0.25 } },
  { selector: '.filtered', style: { display: 'none' } },
];

/** The drawing of the entities and relations loaded so far. */
export class GraphView {
  readonly cy: cytoscape.Core;

  constructor(container: HTMLElement, events: GraphEvents) {
    this.cy = cytoscape({
      container,
      style: STYLE,
      minZoom: 0.1,
      maxZoom: 4,
      selectionType: 'single',
      boxSelectionEnabled: false,
    });
    // Cytoscape follows the window's size, not its container's: panels change the latter.
    new ResizeObserver(() => this.cy.resize()).observe(container);
    this.cy.on('tap', 'node', (event) => events.node(event.target.id()));
    this.cy.on('tap', 'edge', (event) => events.edge(event.target.id()));
    this.cy.on('tap', (event) => {
      if (event.target === this.cy) events.background();
    });
  }

  /**
   * Draws these entities and relations: new ones are added beside the entity they hang
   * from, gone ones removed, and, when anything was added, the graph laid out again from
   * where it stands (so an expansion does not shuffle what the reader was looking at).
   */
  setData(nodes: GraphNode[], edges: GraphEdge[], focus: string, expanded: string[]): void {
    const cy = this.cy;
    const wantedNodes = new Set(nodes.map((n) => n.id));
    const wantedEdges = new Set(edges.map((e) => e.id));
    let added = 0;
    cy.batch(() => {
      cy.edges().forEach((edge) => {
        if (!wantedEdges.has(edge.id())) edge.remove();
      });
      cy.nodes().forEach((node) => {
        if (wantedNodes.has(node.id())) return;
        node.remove();
        // A collapse leaves holes: lay out again too.
        added += 1;
      });
      const neighbours = new Map<string, string[]>();
      for (const edge of edges) {
        neighbours.set(edge.source, [...(neighbours.get(edge.source) ?? []), edge.target]);
        neighbours.set(edge.target, [...(neighbours.get(edge.target) ?? []), edge.source]);
      }
      const placedAround = new Map<string, number>();
      for (const node of nodes) {
        if (cy.getElementById(node.id).nonempty()) continue;
        const anchor = (neighbours.get(node.id) ?? []).find((id) =>
          cy.getElementById(id).nonempty(),
        );
        let position = { x: 0, y: 0 };
        if (anchor) {
          const centre = cy.getElementById(anchor).position();
          const index = placedAround.get(anchor) ?? 0;
          placedAround.set(anchor, index + 1);
          // Golden-angle spiral: distinct, deterministic places around the anchor.
          const angle = index * 2.39996;
          const radius = 60 + 6 * Math.sqrt(index);
          position = {
            x: centre.x + radius * Math.cos(angle),
            y: centre.y + radius * Math.sin(angle),
          };
        }
        cy.add({ group: 'nodes', data: { ...node }, position });
        added += 1;
      }
      for (const edge of edges) {
        if (cy.getElementById(edge.id).nonempty()) continue;
        cy.add({
          group: 'edges',
          data: {
            id: edge.id,
            source: edge.source,
            target: edge.target,
            kind: edge.kind,
            label: edge.label,
            modality: edge.relation.modality,
            symmetric: edge.relation.symmetric,
          },
        });
        added += 1;
      }
      cy.nodes().removeClass('focus expanded');
      cy.getElementById(focus).addClass('focus');
      for (const id of expanded) cy.getElementById(id).addClass('expanded');
    });
    this.added = this.added || added > 0;
  }

  /** Whether elements were added since the last layout. */
  private added = false;

  /** Hides every element not in these sets. */
  setVisible(nodeIds: Set<string>, edgeIds: Set<string>): void {
    this.cy.batch(() => {
      this.cy.nodes().forEach((node) => {
        node.toggleClass('filtered', !nodeIds.has(node.id()));
      });
      this.cy.edges().forEach((edge) => {
        edge.toggleClass('filtered', !edgeIds.has(edge.id()));
      });
    });
  }

  /** Lays the visible graph out again if anything was added, or if asked to. */
  layout(layout: Layout, focus: string, force = false): void {
    if (!this.added && !force) return;
    this.added = false;
    const visible = this.cy.elements().not('.filtered');
    // A few entities fitted to the whole canvas would be drawn huge: keep them readable.
    this.cy.one('layoutstop', () => {
      if (this.cy.zoom() > MAX_FIT_ZOOM) {
        this.cy.zoom(MAX_FIT_ZOOM);
        this.cy.center(visible);
      }
    });
    const rings =
      layout === 'rings' || (layout === 'auto' && visible.nodes().length > FORCE_LAYOUT_MAX);
    if (rings) {
      const centre = this.cy.getElementById(focus);
      const distance = new Map<string, number>();
      visible.breadthFirstSearch({
        roots: centre,
        visit: (node, _edge, _previous, _index, depth) => {
          distance.set(node.id(), depth);
        },
      });
      visible
        .layout({
          name: 'concentric',
          concentric: (node: cytoscape.NodeSingular) => 10 - (distance.get(node.id()) ?? 9),
          levelWidth: () => 1,
          minNodeSpacing: 12,
          animate: false,
          padding: 30,
        })
        .run();
    } else {
      visible
        .layout({
          name: 'cose',
          randomize: false,
          animate: false,
          fit: true,
          padding: 30,
          nodeDimensionsIncludeLabels: true,
          nodeRepulsion: () => 50_000,
          idealEdgeLength: () => 50,
          edgeElasticity: () => 100,
          gravity: 80,
          numIter: 1500,
        })
        .run();
    }
  }

  /**
   * Selects one element (or none) without moving the view; a selected entity's own
   * relations and neighbours stay bright and the rest fades, which helps in dense drawings.
   */
  select(id: string | undefined): void {
    this.cy.batch(() => {
      this.cy.elements().unselect().removeClass('faded');
      if (!id) return;
      const element = this.cy.getElementById(id);
      element.select();
      if (element.isNode()) this.cy.elements().not(element.closedNeighborhood()).addClass('faded');
    });
  }

  /** Brings an element into view. */
  reveal(id: string): void {
    const element = this.cy.getElementById(id);
    if (element.empty()) return;
    const still = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    this.cy.animate({ center: { eles: element } }, { duration: still ? 0 : 200 });
  }

  zoomBy(factor: number): void {
    const { width, height } = { width: this.cy.width(), height: this.cy.height() };
    this.cy.zoom({
      level: this.cy.zoom() * factor,
      renderedPosition: { x: width / 2, y: height / 2 },
    });
  }

  fit(): void {
    this.cy.fit(this.cy.elements().not('.filtered'), 30);
  }

  clear(): void {
    this.cy.elements().remove();
    this.added = false;
  }
}
