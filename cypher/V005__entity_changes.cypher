// An entity's changes, by editors and by loads (what each changed, what an editor's change
// kept against a dataset), read by entity.
CREATE INDEX entity_change_entity IF NOT EXISTS FOR (c:EntityChange) ON (c.entity);
