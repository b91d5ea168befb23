CREATE TABLE `letter_links` (
	`token` text PRIMARY KEY NOT NULL,
	`letter_id` text NOT NULL,
	`participant_id` text,
	`expires_at` integer NOT NULL,
	`created_by` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`letter_id`) REFERENCES `letters`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`participant_id`) REFERENCES `participants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `letter_links_letter_idx` ON `letter_links` (`letter_id`);--> statement-breakpoint
CREATE INDEX `letter_links_participant_idx` ON `letter_links` (`participant_id`);--> statement-breakpoint
CREATE TABLE `letter_messages` (
	`id` text PRIMARY KEY NOT NULL,
	`organisation_id` text NOT NULL,
	`venue_id` text NOT NULL,
	`participant_id` text,
	`author_user_id` text,
	`consent_text` text NOT NULL,
	`consent_at` integer NOT NULL,
	`mime_type` text NOT NULL,
	`file_name` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`duration_ms` integer NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`venue_id`) REFERENCES `venues`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`participant_id`) REFERENCES `participants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `letter_messages_venue_idx` ON `letter_messages` (`venue_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `letter_messages_participant_idx` ON `letter_messages` (`participant_id`);--> statement-breakpoint
CREATE TABLE `letters` (
	`id` text PRIMARY KEY NOT NULL,
	`organisation_id` text NOT NULL,
	`venue_id` text NOT NULL,
	`title` text NOT NULL,
	`parts` text NOT NULL,
	`status` text NOT NULL,
	`progress_permille` integer DEFAULT 0 NOT NULL,
	`error` text,
	`file_name` text,
	`duration_ms` integer,
	`size_bytes` integer,
	`views` integer DEFAULT 0 NOT NULL,
	`created_by` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`rendered_at` integer,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`venue_id`) REFERENCES `venues`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `letters_venue_idx` ON `letters` (`venue_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `organisations` ADD `letter_retention_days` integer DEFAULT 90 NOT NULL;