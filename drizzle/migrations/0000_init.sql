CREATE TABLE `account_locks` (
	`account_id` varchar(64) NOT NULL,
	`operation_id` varchar(32) NOT NULL,
	`created_at` datetime(3) NOT NULL,
	CONSTRAINT `account_locks_account_id` PRIMARY KEY(`account_id`)
);
--> statement-breakpoint
CREATE TABLE `account_states` (
	`account_id` varchar(64) NOT NULL,
	`server_id` varchar(64) NOT NULL,
	`previous_server_id` varchar(64),
	`migration_id` varchar(64),
	`run_operation_id` varchar(32),
	`rollback_deadline` datetime(3),
	`rollback_closed_at` datetime(3),
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `account_states_account_id` PRIMARY KEY(`account_id`)
);
--> statement-breakpoint
CREATE TABLE `actions` (
	`id` varchar(32) NOT NULL,
	`kind` varchar(24) NOT NULL,
	`account_id` varchar(64) NOT NULL,
	`migration_id` varchar(64),
	`operation_id` varchar(32),
	`group_id` varchar(32) NOT NULL,
	`bound_user` varchar(128),
	`fingerprint` longtext,
	`expires_at` datetime(3),
	`used_at` datetime(3),
	`used_by` varchar(128),
	`created_at` datetime(3) NOT NULL,
	CONSTRAINT `actions_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`at` datetime(3) NOT NULL,
	`platform` varchar(16) NOT NULL,
	`user_id` varchar(128) NOT NULL,
	`account_id` varchar(64),
	`action` varchar(64) NOT NULL,
	`result` varchar(16) NOT NULL,
	`detail` text,
	CONSTRAINT `audit_log_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `message_refs` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`operation_id` varchar(32) NOT NULL,
	`purpose` varchar(24) NOT NULL,
	`platform` varchar(16) NOT NULL,
	`channel_id` varchar(128) NOT NULL,
	`message_id` varchar(128) NOT NULL,
	`user_id` varchar(128),
	`locale` varchar(8) NOT NULL,
	`created_at` datetime(3) NOT NULL,
	CONSTRAINT `message_refs_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `operation_steps` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`operation_id` varchar(32) NOT NULL,
	`step` varchar(32) NOT NULL,
	`state` varchar(16) NOT NULL,
	`detail` longtext,
	`at` datetime(3) NOT NULL,
	CONSTRAINT `operation_steps_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `operations` (
	`id` varchar(32) NOT NULL,
	`kind` varchar(16) NOT NULL,
	`account_id` varchar(64) NOT NULL,
	`migration_id` varchar(64) NOT NULL,
	`status` varchar(24) NOT NULL,
	`step` varchar(32),
	`version` int NOT NULL DEFAULT 0,
	`requested_by` varchar(128) NOT NULL,
	`requested_by_name` varchar(128),
	`approved_by` varchar(128),
	`platform` varchar(16) NOT NULL,
	`channel_id` varchar(128) NOT NULL,
	`locale` varchar(8) NOT NULL,
	`source_server` varchar(64),
	`target_server` varchar(64),
	`related_operation_id` varchar(32),
	`cancel_requested` boolean NOT NULL DEFAULT false,
	`lease_owner` varchar(64),
	`lease_until` datetime(3),
	`progress` longtext,
	`report` longtext,
	`error` longtext,
	`created_at` datetime(3) NOT NULL,
	`started_at` datetime(3),
	`finished_at` datetime(3),
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `operations_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `temporary_servers` (
	`id` varchar(32) NOT NULL,
	`account_id` varchar(64) NOT NULL,
	`migration_id` varchar(64) NOT NULL,
	`operation_id` varchar(32) NOT NULL,
	`provisioner` varchar(64) NOT NULL,
	`host` varchar(255) NOT NULL,
	`port` int NOT NULL,
	`version` varchar(64) NOT NULL,
	`admin_user` varchar(128) NOT NULL,
	`admin_password` varchar(255) NOT NULL,
	`handle` longtext NOT NULL,
	`expires_at` datetime(3) NOT NULL,
	`destroyed_at` datetime(3),
	`created_at` datetime(3) NOT NULL,
	CONSTRAINT `temporary_servers_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `timers` (
	`id` varchar(96) NOT NULL,
	`kind` varchar(32) NOT NULL,
	`due_at` datetime(3) NOT NULL,
	`subject_id` varchar(64) NOT NULL,
	`fired_at` datetime(3),
	`created_at` datetime(3) NOT NULL,
	CONSTRAINT `timers_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE INDEX `actions_group` ON `actions` (`group_id`);--> statement-breakpoint
CREATE INDEX `audit_account` ON `audit_log` (`account_id`,`at`);--> statement-breakpoint
CREATE INDEX `message_refs_op` ON `message_refs` (`operation_id`);--> statement-breakpoint
CREATE INDEX `operation_steps_op` ON `operation_steps` (`operation_id`,`id`);--> statement-breakpoint
CREATE INDEX `operations_account` ON `operations` (`account_id`,`migration_id`,`kind`,`created_at`);--> statement-breakpoint
CREATE INDEX `operations_status` ON `operations` (`status`);--> statement-breakpoint
CREATE INDEX `temporary_servers_account` ON `temporary_servers` (`account_id`,`destroyed_at`);--> statement-breakpoint
CREATE INDEX `timers_pending` ON `timers` (`fired_at`,`due_at`);