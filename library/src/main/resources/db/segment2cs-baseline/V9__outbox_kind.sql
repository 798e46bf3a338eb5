-- What an outbox row delivers: a Usage API event ('usage'), or traits for the custom fields of a
-- client ('client-fields') or a contact ('contact-fields'), through the REST API (CustomFieldsSync).
ALTER TABLE s2cs_outbox ADD COLUMN kind VARCHAR(20) DEFAULT 'usage' NOT NULL;
