-- What an outbox row delivers: a Usage API event ('usage'), or the custom fields of a client
-- ('client-fields', through the REST API; see ClientFieldsSync).
ALTER TABLE s2cs_outbox ADD COLUMN kind VARCHAR(20) DEFAULT 'usage' NOT NULL;
