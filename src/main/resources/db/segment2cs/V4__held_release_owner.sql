-- A release names the instance that runs it, so that instance can resume its own failed release
-- (e.g. after a database outage) at once, and the others take it over only once that instance is
-- gone from the instance table: it died or stopped. Releases written before this version have no
-- owner, so any instance may resume them.
ALTER TABLE held_completed ADD COLUMN owner VARCHAR(100) NOT NULL DEFAULT '';
