-- Routing runs a claim's messages of different users in parallel. order_key says which messages
-- must stay in order: those with the same key (a user's) are routed one after another; a message
-- without one (a group or alias call, which changes what other users' events resolve to, and every
-- message recorded before this version) is routed alone, after all before it and before all after it.
ALTER TABLE inbox ADD COLUMN order_key VARCHAR(200);
