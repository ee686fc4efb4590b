-- Versions the server takes before a destructive change (#17): kept apart from the
-- named versions' quota and pruned oldest first. Every version before this was named.
ALTER TABLE versions ADD COLUMN automatic boolean NOT NULL DEFAULT false;
