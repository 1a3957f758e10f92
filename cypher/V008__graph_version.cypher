// The graph's version: one node, changed in the same transaction as every committed load,
// unload, edit and migration, so that an answer can be keyed by the version it was read at.
// Its graphId is new with every database, so that versions of two databases never compare.
CREATE CONSTRAINT graph_version_id IF NOT EXISTS FOR (v:GraphVersion) REQUIRE v.id IS UNIQUE;
MERGE (v:GraphVersion {id: 'graph'})
  ON CREATE SET v.version = 1, v.graphId = randomUUID(), v.changedAt = datetime();
