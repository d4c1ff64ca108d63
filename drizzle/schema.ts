/**
 * The state database: the source of truth for operations, their step
 * journal, confirmations and buttons, locks, audit log, rollback deadlines,
 * timers, temporary servers and the chat messages to update later.
 * Times are UTC DATETIME(3).
 */
import { customType, datetime, index, int, mysqlTable, bigint, varchar, text, boolean, primaryKey } from 'drizzle-orm/mysql-core';

/** JSON kept as LONGTEXT: MariaDB's JSON type is an alias of it anyway. */
const jsonText = customType<{ data: unknown; driverData: string }>({
  dataType: () => 'longtext',
  toDriver: (value) => JSON.stringify(value),
  fromDriver: (value) => JSON.parse(value) as unknown,
});

const id = (name: string) => varchar(name, { length: 32 });
const at = (name: string) => datetime(name, { mode: 'date', fsp: 3 });

export const operations = mysqlTable('operations', {
  id: id('id').primaryKey(),
  kind: varchar('kind', { length: 16 }).notNull(), // test | run | rollback
  accountId: varchar('account_id', { length: 64 }).notNull(),
  migrationId: varchar('migration_id', { length: 64 }).notNull(),
  status: varchar('status', { length: 24 }).notNull(),
  step: varchar('step', { length: 32 }),
  /** Incremented by every compare-and-set; guards against lost updates. */
  version: int('version').notNull().default(0),
  requestedBy: varchar('requested_by', { length: 128 }).notNull(),
  requestedByName: varchar('requested_by_name', { length: 128 }),
  approvedBy: varchar('approved_by', { length: 128 }),
  platform: varchar('platform', { length: 16 }).notNull(),
  channelId: varchar('channel_id', { length: 128 }).notNull(),
  locale: varchar('locale', { length: 8 }).notNull(),
  sourceServer: varchar('source_server', { length: 64 }),
  targetServer: varchar('target_server', { length: 64 }),
  /** For a rollback: the run it undoes. For a run: the test it relied on. */
  relatedOperationId: id('related_operation_id'),
  cancelRequested: boolean('cancel_requested').notNull().default(false),
  /** Which worker holds the operation, and until when (renewed while it works). */
  leaseOwner: varchar('lease_owner', { length: 64 }),
  leaseUntil: at('lease_until'),
  /** The fencing token: incremented by every successful claim; a worker's writes check it (compare-and-set). */
  leaseToken: bigint('lease_token', { mode: 'number', unsigned: true }).notNull().default(0),
  progress: jsonText('progress'),
  report: jsonText('report'),
  error: jsonText('error'),
  createdAt: at('created_at').notNull(),
  startedAt: at('started_at'),
  finishedAt: at('finished_at'),
  updatedAt: at('updated_at').notNull(),
}, (t) => [
  index('operations_account').on(t.accountId, t.migrationId, t.kind, t.createdAt),
  index('operations_status').on(t.status),
]);

/** The step journal: what each step did, so a restarted worker resumes or reverts. */
export const operationSteps = mysqlTable('operation_steps', {
  id: bigint('id', { mode: 'number', unsigned: true }).autoincrement().primaryKey(),
  operationId: id('operation_id').notNull(),
  step: varchar('step', { length: 32 }).notNull(),
  state: varchar('state', { length: 16 }).notNull(), // started | done | failed | reverted
  detail: jsonText('detail'),
  at: at('at').notNull(),
}, (t) => [index('operation_steps_op').on(t.operationId, t.id)]);

/** One operation per account: the primary key is the lock. */
export const accountLocks = mysqlTable('account_locks', {
  accountId: varchar('account_id', { length: 64 }).primaryKey(),
  operationId: id('operation_id').notNull(),
  createdAt: at('created_at').notNull(),
});

/** Where an account lives now, and its rollback window after a run. */
export const accountStates = mysqlTable('account_states', {
  accountId: varchar('account_id', { length: 64 }).primaryKey(),
  serverId: varchar('server_id', { length: 64 }).notNull(),
  previousServerId: varchar('previous_server_id', { length: 64 }),
  migrationId: varchar('migration_id', { length: 64 }),
  runOperationId: id('run_operation_id'),
  rollbackDeadline: at('rollback_deadline'),
  rollbackClosedAt: at('rollback_closed_at'),
  updatedAt: at('updated_at').notNull(),
});

/**
 * Durable button ids. A button carries only `id`; what it does, for whom and
 * until when lives here, so it works after a restart and can be refused when
 * stale. Confirmations are actions bound to one user, single-use, expiring,
 * and to the id the operation will get (so replays cannot create two).
 */
export const actions = mysqlTable('actions', {
  id: varchar('id', { length: 32 }).primaryKey(),
  kind: varchar('kind', { length: 24 }).notNull(),
  accountId: varchar('account_id', { length: 64 }).notNull(),
  migrationId: varchar('migration_id', { length: 64 }),
  operationId: id('operation_id'),
  /** Actions sharing a group are consumed together (Confirm and Cancel). */
  groupId: varchar('group_id', { length: 32 }).notNull(),
  boundUser: varchar('bound_user', { length: 128 }),
  fingerprint: jsonText('fingerprint'),
  expiresAt: at('expires_at'),
  usedAt: at('used_at'),
  usedBy: varchar('used_by', { length: 128 }),
  createdAt: at('created_at').notNull(),
}, (t) => [index('actions_group').on(t.groupId)]);

export const auditLog = mysqlTable('audit_log', {
  id: bigint('id', { mode: 'number', unsigned: true }).autoincrement().primaryKey(),
  at: at('at').notNull(),
  platform: varchar('platform', { length: 16 }).notNull(),
  userId: varchar('user_id', { length: 128 }).notNull(),
  accountId: varchar('account_id', { length: 64 }),
  action: varchar('action', { length: 64 }).notNull(),
  result: varchar('result', { length: 16 }).notNull(), // ok | refused | crashed
  detail: text('detail'),
}, (t) => [index('audit_account').on(t.accountId, t.at)]);

/** Chat messages posted about an operation, to update them later (days later for a deadline). */
export const messageRefs = mysqlTable('message_refs', {
  id: bigint('id', { mode: 'number', unsigned: true }).autoincrement().primaryKey(),
  operationId: id('operation_id').notNull(),
  purpose: varchar('purpose', { length: 24 }).notNull(), // progress | credentials | notification
  platform: varchar('platform', { length: 16 }).notNull(),
  channelId: varchar('channel_id', { length: 128 }).notNull(),
  messageId: varchar('message_id', { length: 128 }).notNull(),
  userId: varchar('user_id', { length: 128 }),
  locale: varchar('locale', { length: 8 }).notNull(),
  createdAt: at('created_at').notNull(),
}, (t) => [index('message_refs_op').on(t.operationId)]);

export const temporaryServers = mysqlTable('temporary_servers', {
  id: id('id').primaryKey(),
  accountId: varchar('account_id', { length: 64 }).notNull(),
  migrationId: varchar('migration_id', { length: 64 }).notNull(),
  operationId: id('operation_id').notNull(),
  provisioner: varchar('provisioner', { length: 64 }).notNull(),
  host: varchar('host', { length: 255 }).notNull(),
  port: int('port').notNull(),
  version: varchar('version', { length: 64 }).notNull(),
  /** Admin credentials of a throwaway server; never logged, shown only to the requester. */
  adminUser: varchar('admin_user', { length: 128 }).notNull(),
  adminPassword: varchar('admin_password', { length: 255 }).notNull(),
  handle: jsonText('handle').notNull(),
  expiresAt: at('expires_at').notNull(),
  destroyedAt: at('destroyed_at'),
  createdAt: at('created_at').notNull(),
}, (t) => [index('temporary_servers_account').on(t.accountId, t.destroyedAt)]);

/** Timers are rows first, BullMQ delayed jobs second: Redis can be rebuilt from here. */
export const timers = mysqlTable('timers', {
  id: varchar('id', { length: 96 }).primaryKey(),
  kind: varchar('kind', { length: 32 }).notNull(),
  dueAt: at('due_at').notNull(),
  subjectId: varchar('subject_id', { length: 64 }).notNull(),
  firedAt: at('fired_at'),
  createdAt: at('created_at').notNull(),
}, (t) => [index('timers_pending').on(t.firedAt, t.dueAt)]);

/**
 * The last `/migrate check` of each account, migration and direction
 * (upgrade, or rollback during a rollback window): the run's confirmation
 * and the `requireCheck` policy read it, `/migrate list` shows its counts.
 */
export const checkResults = mysqlTable('check_results', {
  accountId: varchar('account_id', { length: 64 }).notNull(),
  migrationId: varchar('migration_id', { length: 64 }).notNull(),
  direction: varchar('direction', { length: 16 }).notNull(), // upgrade | rollback
  /** The server the account was checked on: a check of another server says nothing of this one. */
  serverId: varchar('server_id', { length: 64 }).notNull(),
  blockers: int('blockers').notNull(),
  warnings: int('warnings').notNull(),
  notices: int('notices').notNull(),
  /** The whole CheckReport (src/drivers/reports.ts), validated when read back. */
  report: jsonText('report').notNull(),
  requestedBy: varchar('requested_by', { length: 128 }).notNull(),
  checkedAt: at('checked_at').notNull(),
}, (t) => [primaryKey({ columns: [t.accountId, t.migrationId, t.direction] })]);

export const schemaTables = { operations, operationSteps, accountLocks, accountStates, actions, auditLog, messageRefs, temporaryServers, timers, checkResults };
