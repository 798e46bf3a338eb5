-- The columns that hold whole Segment messages (up to 32 KB each) become large objects on H2.
-- There TEXT is a VARCHAR kept inside the table's pages, so every commit that touched a row
-- serialized again every message on its page, and the undo log copied them once more: H2 spent
-- most of its time writing the same messages over and over. A large object is written once, and
-- the row keeps a reference. ${large_text} is CHARACTER LARGE OBJECT on H2 and TEXT on PostgreSQL,
-- which keeps a long text out of the row by itself (TOAST), so there the change is none.
ALTER TABLE inbox ALTER COLUMN message SET DATA TYPE ${large_text};
ALTER TABLE outbox ALTER COLUMN message SET DATA TYPE ${large_text};
ALTER TABLE held_event ALTER COLUMN message SET DATA TYPE ${large_text};
ALTER TABLE dead_letter ALTER COLUMN message SET DATA TYPE ${large_text};
