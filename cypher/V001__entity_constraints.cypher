// Every entity (Country, Organisation, Agreement, Issue) also carries the label Entity
// and a stable id unique across all kinds, so one constraint guards them all and backs
// MERGE on (:Entity {id}).
CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (e:Entity) REQUIRE e.id IS UNIQUE;

// Sources are the documents that statements cite.
CREATE CONSTRAINT source_id IF NOT EXISTS FOR (s:Source) REQUIRE s.id IS UNIQUE;

// Look-ups by kind use these.
CREATE INDEX entity_name IF NOT EXISTS FOR (e:Entity) ON (e.name);
