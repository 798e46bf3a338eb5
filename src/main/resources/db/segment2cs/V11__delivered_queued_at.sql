-- When a delivered event was queued, for its history (MessageHistory). Routing no longer records a
-- "queued" step per message: the outbox row has the time while the event waits, this column once it
-- was delivered, and a skip or a dead letter records the step as the event leaves the outbox. That
-- spared each routed message a row and an entry in the step table's random-key messageId index:
-- routing 4,800-5,400 -> 7,100-7,300 messages/s on H2 (1 KB track calls). An event routed before
-- this version and delivered after it shows its queued step twice, milliseconds apart.
ALTER TABLE s2cs_delivered_message ADD COLUMN queued_at BIGINT;
