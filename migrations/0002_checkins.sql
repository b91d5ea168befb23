CREATE TABLE `checkins` (
	`id` text PRIMARY KEY NOT NULL,
	`session_id` text NOT NULL,
	`participant_id` text NOT NULL,
	`answers` text NOT NULL,
	`trouble` integer DEFAULT false NOT NULL,
	`trouble_handled_at` integer,
	`trouble_handled_by` text,
	`recorded_by_user_id` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`participant_id`) REFERENCES `participants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`trouble_handled_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `checkins_session_participant_idx` ON `checkins` (`session_id`,`participant_id`);--> statement-breakpoint
CREATE INDEX `checkins_participant_idx` ON `checkins` (`participant_id`);--> statement-breakpoint
CREATE TABLE `questionnaire_responses` (
	`id` text PRIMARY KEY NOT NULL,
	`participant_id` text NOT NULL,
	`completed_at` integer NOT NULL,
	`completed_by_user_id` text,
	`answers` text NOT NULL,
	`flagged_items` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`participant_id`) REFERENCES `participants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`completed_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `questionnaire_participant_completed_idx` ON `questionnaire_responses` (`participant_id`,`completed_at`);--> statement-breakpoint
CREATE TABLE `watch_handled` (
	`id` text PRIMARY KEY NOT NULL,
	`participant_id` text NOT NULL,
	`reason_key` text NOT NULL,
	`handled_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`handled_by` text NOT NULL,
	`contacted_by` text NOT NULL,
	`contacted_at` integer NOT NULL,
	`outcome` text NOT NULL,
	FOREIGN KEY (`participant_id`) REFERENCES `participants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`handled_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `watch_handled_participant_reason_idx` ON `watch_handled` (`participant_id`,`reason_key`);--> statement-breakpoint
ALTER TABLE `organisations` ADD `checkin_questions` text;--> statement-breakpoint
ALTER TABLE `venues` ADD `checkin_timing` text DEFAULT 'after-join' NOT NULL;