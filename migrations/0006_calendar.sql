ALTER TABLE `schedules` ADD `ended_at` integer;--> statement-breakpoint
ALTER TABLE `sessions` ADD `cancelled_at` integer;--> statement-breakpoint
ALTER TABLE `sessions` ADD `cancel_reason` text;--> statement-breakpoint
ALTER TABLE `venues` ADD `archived_at` integer;--> statement-breakpoint
ALTER TABLE `venues` ADD `meets_on_holidays` integer DEFAULT false NOT NULL;