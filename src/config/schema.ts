/** The YAML config, validated with zod at the edge (see load-config.ts). */
import { z } from 'zod';

const id = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be lowercase letters, digits, dot, dash or underscore');
const url = z.url({ error: 'must be a URL' });
const localized = z.object({ en: z.string().min(1), fr: z.string().min(1) });

export const roleSchema = z.enum(['viewer', 'operator', 'owner', 'admin']);

const serverSchema = z.object({
  id,
  host: z.string().min(1),
  // Coerced: `${PORT}` interpolation yields a string.
  port: z.coerce.number().int().min(1).max(65535).default(3306),
  user: z.string().min(1),
  password: z.string().default(''),
  /** The database engine of the server: picks the driver the bot talks to it with. */
  engine: z.enum(['mariadb'], { error: 'unknown engine: the bot has a driver for mariadb (also for MySQL) only' }).default('mariadb'),
  /** Starts this server from a MariaDB image with chroot when it is not running (demo and tests). */
  managed: z.object({ image: z.string().min(1), dataDir: z.string().min(1) }).optional(),
  /**
   * Accounts of this server's administrators ('user@host': root, the system's
   * own) that may write to any database and that the bot trusts not to
   * during a freeze: a freeze neither refuses, locks nor ends them.
   */
  trustedWriters: z.array(z.string().regex(/^[^@]+@[^@]+$/, "must be 'user@host'")).default([]),
});

const provisionerSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('local'),
    image: z.string().optional(),
    binary: z.string().optional(),
    workDir: z.string().default('/var/lib/migrate-bot/temporary'),
    autoBuild: z.boolean().default(true),
  }).refine((p) => (p.image === undefined) !== (p.binary === undefined), 'give exactly one of image or binary'),
  z.object({
    type: z.literal('static'),
    pool: z.array(z.object({
      host: z.string(), port: z.number().int(), user: z.string(), password: z.string().default(''), version: z.string(),
    })).min(1),
  }),
  z.object({
    type: z.literal('command'),
    create: z.string().min(1),
    destroy: z.string().min(1),
    /** The commands' environment beyond PATH, HOME, LANG, LC_* and TZ: they inherit nothing else of the bot's. */
    env: z.record(z.string(), z.string()).default({}),
  }),
]);

const cutoverHookSchema = z.union([
  z.object({
    command: z.string().min(1), timeoutSeconds: z.number().positive().default(30), retries: z.number().int().min(0).default(2),
    /** The command's environment beyond PATH, HOME, LANG, LC_* and TZ: it inherits nothing else of the bot's. */
    env: z.record(z.string(), z.string()).optional(),
  }),
  z.object({ webhook: url, timeoutSeconds: z.number().positive().default(10), retries: z.number().int().min(0).default(3) }),
]);

const policySchema = z.object({
  /** Refuse a run unless a test passed within this many days. */
  requireTest: z.object({ withinDays: z.number().positive() }).optional(),
  /** A second person with the owner or admin role approves the run. */
  approval: z.boolean().optional(),
  /** Hours an approval may wait; past them the run is cancelled (default 4, see approvalDeadline). */
  approvalTtlHours: z.number().positive().optional(),
  /** The requester types the account name to confirm. */
  typedConfirmation: z.boolean().optional(),
  /**
   * Refuse a run while the last `/migrate check` of the account found
   * blockers, or there is none (within `withinDays` when given). An admin
   * may override it with a reason (`--override-check`), audited. `false`
   * turns a migration's requirement off for one account.
   */
  requireCheck: z.union([z.boolean(), z.object({ withinDays: z.number().positive() })]).optional(),
});

/** The compatibility rules of `/migrate check` a migration turns off, by rule id (checked against the drivers' rules at start). */
const checksSchema = z.object({
  disabled: z.array(z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'must be a rule id (lowercase, digits, dash)')).default([]),
});

/**
 * DEFINER accounts of views, routines, triggers and events to replace on the
 * target ('user@host' → 'user@host'), for programs an admin created.
 */
const definersSchema = z.record(z.string().regex(/^[^@]+@[^@]*$/, "must be 'user@host'"), z.string().regex(/^[^@]+@[^@]*$/, "must be 'user@host'"));

/**
 * The query replay of a test import (pt-upgrade style): the account's read
 * queries run on its server and on the temporary server. Every field is
 * optional; the account's override the migration's, field by field.
 */
const replaySchema = z.object({
  enabled: z.boolean().optional(),
  /** A general or slow query log on the bot's host, read when the source's performance_schema has no statement samples. */
  queryLog: z.string().min(1).optional(),
  maxQueries: z.number().int().positive().max(10_000).optional(),
  budgetSeconds: z.number().positive().max(3600).optional(),
  /** Runs of each query on each server; latencies are medians. */
  runs: z.number().int().min(1).max(20).optional(),
  /** Target/source latency ratio from which a query counts as slower. */
  slowRatio: z.number().min(1).optional(),
});

const migrationSchema = z.object({
  id,
  title: localized,
  from: z.array(z.string().min(1)).min(1),
  to: z.string().min(1),
  docs: z.object({ en: url, fr: url.optional() }),
  incompatibilities: z.array(localized).default([]),
  testable: z.boolean().default(true),
  temporary: z.object({ provisioner: id, ttlHours: z.number().positive().default(24) }).optional(),
  target: id.optional(),
  rollbackDays: z.number().positive().default(7),
  policy: policySchema.default({}),
  cutoverHook: cutoverHookSchema.optional(),
  definers: definersSchema.optional(),
  replay: replaySchema.optional(),
  checks: checksSchema.default({ disabled: [] }),
});

const identitySchema = z.object({
  shell: z.string().optional(),
  slack: z.string().optional(),
  discord: z.string().optional(),
});
const named = (m: z.infer<typeof identitySchema>) => Boolean(m.shell ?? m.slack ?? m.discord);
const memberSchema = identitySchema.extend({ role: roleSchema }).refine(named, 'name at least one of shell, slack, discord');

const accountSchema = z.object({
  id,
  server: id,
  databases: z.array(z.string().min(1)).min(1),
  users: z.array(z.string().regex(/^[^@]+@[^@]+$/, "must be 'user@host'")).default([]),
  /**
   * Other accounts ('user@host') that write to this account's databases:
   * frozen with it (locked, connections ended) and, like its users, left
   * locked on the old server after a run. Not copied.
   */
  frozenWithAccount: z.array(z.string().regex(/^[^@]+@[^@]+$/, "must be 'user@host'")).default([]),
  migrations: z.array(id).optional(),
  policy: policySchema.default({}),
  /** Overrides the migration's `definers`, entry by entry. */
  definers: definersSchema.optional(),
  /** Overrides the migration's `replay`, field by field (a query log is usually the account's own). */
  replay: replaySchema.optional(),
  channels: z.object({
    shell: z.array(z.string()).default([]),
    slack: z.array(z.string()).default([]),
    discord: z.array(z.string()).default([]),
  }).default({ shell: [], slack: [], discord: [] }),
  members: z.array(memberSchema).default([]),
  /** Creates this account with sample data when it does not exist (demo only). */
  seedDemo: z.boolean().default(false),
});

export const configSchema = z.object({
  state: z.object({
    url: z.string().regex(/^mysql:\/\//, 'must be a mysql:// URL').default('mysql://root@127.0.0.1:3306/migrate_bot'),
  }).default({ url: 'mysql://root@127.0.0.1:3306/migrate_bot' }),
  redis: z.object({
    url: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL').default('redis://127.0.0.1:6379'),
    prefix: z.string().default('migrate-bot'),
  }).default({ url: 'redis://127.0.0.1:6379', prefix: 'migrate-bot' }),
  locale: z.enum(['en', 'fr']).default('en'),
  confirmationMinutes: z.number().positive().default(10),
  oldCopyRetentionDays: z.number().min(0).default(7),
  admins: z.array(identitySchema.refine(named, 'name at least one of shell, slack, discord').transform((m) => ({ ...m, role: 'admin' as const }))).default([]),
  servers: z.array(serverSchema).min(1),
  provisioners: z.record(id, provisionerSchema).default({}),
  migrations: z.array(migrationSchema).min(1),
  accounts: z.array(accountSchema).default([]),
  /** Slack's credentials; the environment (SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_APP_TOKEN, SLACK_API_URL, PORT) wins over them. */
  slack: z.object({
    botToken: z.string().optional(),
    signingSecret: z.string().optional(),
    appToken: z.string().optional(),
    /** The Web API's base URL; tests point it at a fake. Default: Slack's own. */
    apiUrl: z.string().regex(/^(https?:\/\/.*)?$/, 'must be an http(s) URL').optional(),
    // Coerced: `${PORT}` interpolation yields a string.
    port: z.coerce.number().int().min(0).max(65535).default(3000),
  }).default({ port: 3000 }),
  /** Discord's credentials; the environment (DISCORD_TOKEN, DISCORD_APPLICATION_ID, DISCORD_PUBLIC_KEY, DISCORD_API_URL, DISCORD_GUILD_ID, PORT) wins over them. */
  discord: z.object({
    token: z.string().optional(),
    applicationId: z.string().optional(),
    /** Set: HTTP interactions on POST /discord/interactions; unset: the Gateway. */
    publicKey: z.string().optional(),
    /** The REST base (`https://discord.com/api`); tests point it at a fake. */
    apiUrl: z.string().regex(/^(https?:\/\/.*)?$/, 'must be an http(s) URL').optional(),
    /** Where `npm run discord:register` puts the commands when no --guild is given; unset: global. */
    guildId: z.string().optional(),
    port: z.coerce.number().int().min(0).max(65535).default(3000),
  }).default({ port: 3000 }),
  shell: z.object({
    defaultUser: z.string().default('alice'),
    channel: z.string().default('terminal'),
    /** `/as NAME` for everyone, not just admins: one person then plays every role (the demo), which defeats the approval. */
    impersonation: z.boolean().default(false),
  }).default({ defaultUser: 'alice', channel: 'terminal', impersonation: false }),
});

export type Config = z.infer<typeof configSchema>;
export type MigrationConfig = Config['migrations'][number];
export type AccountConfig = Config['accounts'][number];
export type ServerConfig = Config['servers'][number];
export type ProvisionerConfig = Config['provisioners'][string];
export type Role = z.infer<typeof roleSchema>;
export type Policy = z.infer<typeof policySchema>;
