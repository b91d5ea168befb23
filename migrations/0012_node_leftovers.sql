ALTER TABLE `call_connections` ADD `node_id` text DEFAULT 'local' NOT NULL;--> statement-breakpoint
ALTER TABLE `letters` ADD `render_node_id` text;