CREATE TABLE `participant_pauses` (
	`id` text PRIMARY KEY NOT NULL,
	`participant_id` text NOT NULL,
	`started_at` integer NOT NULL,
	`until` text,
	`ended_at` integer,
	FOREIGN KEY (`participant_id`) REFERENCES `participants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `participant_pauses_participant_idx` ON `participant_pauses` (`participant_id`,`started_at`);--> statement-breakpoint
ALTER TABLE `participants` ADD `left_at` integer;--> statement-breakpoint
ALTER TABLE `participants` ADD `erased_at` integer;