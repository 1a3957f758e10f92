// What the explorer's queries return. Types only (no DOM), shared with the pure modules.

/** The kinds of entity the API knows (EntityKind). */
export type EntityKind = 'COUNTRY' | 'ORGANISATION' | 'AGREEMENT' | 'ISSUE' | 'PROJECT' | 'EVENT';

/** A short reference to an entity. */
export interface EntityRef {
  id: string;
  name: string;
}

/** The typed qualifiers of a relation, as the neighbourhood query selects them. */
export interface Qualifiers {
  since?: number | null;
  until?: number | null;
  year?: number | null;
  level?: string | null;
  role?: string | null;
  status?: string | null;
  scope?: string | null;
  temporary?: boolean | null;
  event?: string | null;
  fields?: string[] | null;
  products?: string[] | null;
  channels?: string[] | null;
  in?: EntityRef | null;
  via?: EntityRef | null;
  regarding?: EntityRef | null;
}

export interface GraphNode {
  id: string;
  label: string;
  kind: EntityKind;
}

export interface GraphEdge {
  id: string;
  kind: string;
  label: string;
  source: string;
  target: string;
  relation: { modality: string; symmetric: boolean; qualifiers: Qualifiers };
}

export interface Subgraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  truncated: boolean;
}

export interface Evidence {
  quote: string;
  section: string;
  heading: string | null;
  source: { id: string; title: string; url: string | null; publisher: string | null };
}

export interface EntityDetails {
  id: string;
  name: string;
  kind: EntityKind;
  description: string | null;
  aliases: string[];
  iso2?: string | null;
  acronym?: string | null;
}

export interface SearchHit {
  score: number;
  entity: { id: string; name: string; kind: EntityKind; description: string | null };
}

export interface TimelineYear {
  year: number;
  entries: Array<{
    event: 'STARTED' | 'HAPPENED' | 'ENDED';
    relation: { id: string; kind: string; from: EntityRef; to: EntityRef };
  }>;
}
