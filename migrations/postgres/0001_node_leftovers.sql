ALTER TABLE "call_connections" ADD COLUMN "node_id" text DEFAULT 'local' NOT NULL;--> statement-breakpoint
ALTER TABLE "letters" ADD COLUMN "render_node_id" text;