// A statement (subject, kind, object, qualifiers) has a node of its own that keeps its
// history (retractedAt) and carries its evidence; the typed edge between the two entities
// holds the same statementId for fast traversal.
CREATE CONSTRAINT statement_id IF NOT EXISTS FOR (s:Statement) REQUIRE s.id IS UNIQUE;

// Loading compares a source's statements with what the graph holds.
CREATE INDEX statement_source IF NOT EXISTS FOR (s:Statement) ON (s.source);

// Two countries cannot share an ISO 3166-1 alpha-2 code.
CREATE CONSTRAINT country_iso2 IF NOT EXISTS FOR (c:Country) REQUIRE c.iso2 IS UNIQUE;
