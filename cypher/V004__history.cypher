// An entity's history lists the statements naming it, current and retracted.
CREATE INDEX statement_subject IF NOT EXISTS FOR (s:Statement) ON (s.subject);
CREATE INDEX statement_object IF NOT EXISTS FOR (s:Statement) ON (s.object);
