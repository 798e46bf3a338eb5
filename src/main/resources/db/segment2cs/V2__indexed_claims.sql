-- Work is found by one indexed scan that reads only what it claims, whatever the backlog:
-- - delivered events leave the outbox for delivered_message, which only de-duplication reads;
-- - a claim is the owner and lease_until on the row itself (the claim token is gone);
-- - the claims of an instance that died are released once, by the heartbeat of a live one,
--   instead of being tested on every row at every poll.

CREATE TABLE delivered_message (
    message_id   VARCHAR(200) PRIMARY KEY,
    delivered_at BIGINT       NOT NULL
);
CREATE INDEX delivered_message_age ON delivered_message (delivered_at);
INSERT INTO delivered_message (message_id, delivered_at)
    SELECT message_id, delivered_at FROM outbox WHERE delivered_at IS NOT NULL;
DELETE FROM outbox WHERE delivered_at IS NOT NULL;

DROP INDEX outbox_due;
ALTER TABLE outbox DROP COLUMN delivered_at;
ALTER TABLE outbox DROP COLUMN claim;
UPDATE outbox SET owner = NULL, lease_until = 0;
CREATE INDEX outbox_due ON outbox (next_attempt_at, id);
CREATE INDEX outbox_owner ON outbox (owner);

DROP INDEX inbox_lease;
ALTER TABLE inbox DROP COLUMN claim;
UPDATE inbox SET owner = NULL, lease_until = 0;
CREATE INDEX inbox_owner ON inbox (owner);
