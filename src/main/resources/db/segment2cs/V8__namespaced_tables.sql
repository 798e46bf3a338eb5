-- Every table and named index takes the prefix s2cs_, so that the service's state can share a
-- database (and its schema's namespace of tables and indexes) with a host application's own tables
-- without a clash: an embedding Camel application may well have an "inbox" or an "outbox".
-- What PostgreSQL named by itself (the primary keys' "<table>_pkey" and the identity sequences
-- "<table>_id_seq") keeps its name: PostgreSQL gives a name it chooses itself to the first object
-- that does not clash, so those never stop a host from creating its own.
ALTER TABLE instance RENAME TO s2cs_instance;
ALTER TABLE inbox RENAME TO s2cs_inbox;
ALTER TABLE seen_message RENAME TO s2cs_seen_message;
ALTER TABLE profile RENAME TO s2cs_profile;
ALTER TABLE organization RENAME TO s2cs_organization;
ALTER TABLE user_lock RENAME TO s2cs_user_lock;
ALTER TABLE membership RENAME TO s2cs_membership;
ALTER TABLE held_aggregate RENAME TO s2cs_held_aggregate;
ALTER TABLE held_completed RENAME TO s2cs_held_completed;
ALTER TABLE held_event RENAME TO s2cs_held_event;
ALTER TABLE held_legacy RENAME TO s2cs_held_legacy;
ALTER TABLE outbox RENAME TO s2cs_outbox;
ALTER TABLE delivered_message RENAME TO s2cs_delivered_message;
ALTER TABLE dead_letter RENAME TO s2cs_dead_letter;
ALTER TABLE message_step RENAME TO s2cs_message_step;

ALTER INDEX inbox_owner RENAME TO s2cs_inbox_owner;
ALTER INDEX seen_message_age RENAME TO s2cs_seen_message_age;
ALTER INDEX seen_message_id RENAME TO s2cs_seen_message_id;
ALTER INDEX held_aggregate_oldest RENAME TO s2cs_held_aggregate_oldest;
ALTER INDEX held_event_message RENAME TO s2cs_held_event_message;
ALTER INDEX held_event_order RENAME TO s2cs_held_event_order;
ALTER INDEX held_event_message_id RENAME TO s2cs_held_event_message_id;
ALTER INDEX outbox_due RENAME TO s2cs_outbox_due;
ALTER INDEX outbox_owner RENAME TO s2cs_outbox_owner;
ALTER INDEX delivered_message_age RENAME TO s2cs_delivered_message_age;
ALTER INDEX dead_letter_reason RENAME TO s2cs_dead_letter_reason;
ALTER INDEX message_step_message RENAME TO s2cs_message_step_message;
ALTER INDEX message_step_age RENAME TO s2cs_message_step_age;
