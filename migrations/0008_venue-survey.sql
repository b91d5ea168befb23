ALTER TABLE `participants` ADD `sex` text;--> statement-breakpoint
ALTER TABLE `participants` ADD `birth_year` integer;--> statement-breakpoint
ALTER TABLE `venues` ADD `survey_operator` text;--> statement-breakpoint
ALTER TABLE `venues` ADD `survey_place` text;--> statement-breakpoint
ALTER TABLE `venues` ADD `survey_activities` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `venues` ADD `survey_main_activity` text;