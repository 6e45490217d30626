-- newsprism store schema, version 3: which time expression an event's trigger governs.
-- Documented in docs/data-model.md.

ALTER TABLE events ADD COLUMN timex_start INTEGER;  -- start of the time expression attached to the trigger
