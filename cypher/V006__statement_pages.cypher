// An entity's statements of one kind, as subject and as object, in statement id order: a
// page of a dense entity's relations reads its own rows from these instead of sorting all of
// the entity's relations.
CREATE INDEX statement_subject_kind_id IF NOT EXISTS FOR (s:Statement) ON (s.subject, s.kind, s.id);
CREATE INDEX statement_object_kind_id IF NOT EXISTS FOR (s:Statement) ON (s.object, s.kind, s.id);
