-- Ticket text search (the list's `q`: number, title or description ILIKE '%…%') served by a trigram
-- index instead of a scan of every live ticket. pg_trgm ships with PostgreSQL, Neon and PGlite
-- (loaded by createPglite). One multi-column GIN index: the planner ORs a bitmap scan per column.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "ticket_search_trgm_idx" ON "ticket" USING gin ("number" gin_trgm_ops, "title" gin_trgm_ops, "description" gin_trgm_ops) WHERE "deleted_at" is null;
