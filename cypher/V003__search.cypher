// Full-text search over names, aliases and descriptions of every kind of entity. The
// standard-folding analyzer folds case and accents, so "Cote" finds "Côte".
CREATE FULLTEXT INDEX entity_search IF NOT EXISTS
  FOR (e:Country|Organisation|Agreement|Issue) ON EACH [e.name, e.aliasText, e.description]
  OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding'}};
