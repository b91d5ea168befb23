CREATE TABLE `participant_phone_numbers` (
	`id` text PRIMARY KEY NOT NULL,
	`participant_id` text NOT NULL,
	`organisation_id` text NOT NULL,
	`number` text NOT NULL,
	`label` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`participant_id`) REFERENCES `participants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `participant_phone_numbers_participant_number_idx` ON `participant_phone_numbers` (`participant_id`,`number`);--> statement-breakpoint
CREATE INDEX `participant_phone_numbers_org_number_idx` ON `participant_phone_numbers` (`organisation_id`,`number`);--> statement-breakpoint
CREATE TABLE `phone_keypad_numbers` (
	`participant_id` text PRIMARY KEY NOT NULL,
	`organisation_id` text NOT NULL,
	`keypad_number` text NOT NULL,
	`issued_at` integer NOT NULL,
	FOREIGN KEY (`participant_id`) REFERENCES `participants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `phone_keypad_numbers_org_number_idx` ON `phone_keypad_numbers` (`organisation_id`,`keypad_number`);--> statement-breakpoint
CREATE TABLE `phone_lines` (
	`number` text PRIMARY KEY NOT NULL,
	`organisation_id` text NOT NULL,
	`venue_id` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`venue_id`) REFERENCES `venues`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `phone_lines_venue_idx` ON `phone_lines` (`venue_id`);