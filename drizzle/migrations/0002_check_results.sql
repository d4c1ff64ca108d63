CREATE TABLE `check_results` (
	`account_id` varchar(64) NOT NULL,
	`migration_id` varchar(64) NOT NULL,
	`direction` varchar(16) NOT NULL,
	`server_id` varchar(64) NOT NULL,
	`blockers` int NOT NULL,
	`warnings` int NOT NULL,
	`notices` int NOT NULL,
	`report` longtext NOT NULL,
	`requested_by` varchar(128) NOT NULL,
	`checked_at` datetime(3) NOT NULL,
	CONSTRAINT `check_results_account_id_migration_id_direction_pk` PRIMARY KEY(`account_id`,`migration_id`,`direction`)
);
