-- A delivery's outcome in a row of its own, keyed by the outbox row it came from. Delivering
-- updated the messageId's row in s2cs_queued_message, and the index on its delivered_at: two
-- entries keyed by the random messageId, so two index pages at random per delivery, each
-- serialized again at H2's next file write. Outbox ids grow with time, and so do delivery times,
-- so the rows of s2cs_delivered land on the last pages of their two indexes, which many
-- deliveries share. A messageId's row in s2cs_queued_message is written once, when its event is
-- queued, and names its outbox row; that row's outcome is here once delivered.
CREATE TABLE s2cs_delivered (
    outbox_id    BIGINT       PRIMARY KEY,
    message_id   VARCHAR(200) NOT NULL,
    delivered_at BIGINT       NOT NULL,
    status       INTEGER
);
CREATE INDEX s2cs_delivered_age ON s2cs_delivered (delivered_at);

-- A delivery recorded before this version gave its outbox id up: each gets one below zero, where
-- the outbox has none.
CREATE TABLE s2cs_delivered_v12 (
    n          BIGINT       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id VARCHAR(200) NOT NULL UNIQUE
);
INSERT INTO s2cs_delivered_v12 (message_id)
    SELECT message_id FROM s2cs_queued_message WHERE delivered_at IS NOT NULL;
UPDATE s2cs_queued_message
    SET outbox_id = -(SELECT n FROM s2cs_delivered_v12 WHERE s2cs_delivered_v12.message_id = s2cs_queued_message.message_id)
    WHERE delivered_at IS NOT NULL;
INSERT INTO s2cs_delivered (outbox_id, message_id, delivered_at, status)
    SELECT outbox_id, message_id, delivered_at, status FROM s2cs_queued_message WHERE delivered_at IS NOT NULL;
DROP TABLE s2cs_delivered_v12;

DROP INDEX s2cs_queued_message_age;
ALTER TABLE s2cs_queued_message DROP COLUMN delivered_at;
ALTER TABLE s2cs_queued_message DROP COLUMN status;
