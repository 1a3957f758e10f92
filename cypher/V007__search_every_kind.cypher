// Projects and events are entities too: full-text search covers every node labelled Entity,
// so a kind added later needs no new index.
DROP INDEX entity_search IF EXISTS;
CREATE FULLTEXT INDEX entity_search IF NOT EXISTS
  FOR (e:Entity) ON EACH [e.name, e.aliasText, e.description]
  OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding'}};
