import { spawn } from 'node:child_process';
import { z } from 'zod';
import { childEnvironment } from '../../../config/child-env.ts';
import { UserError } from '../../../errors.ts';
import type { Endpoint } from '../../driver.ts';
import type { ProvisionNote, ProvisionedServer, Provisioner, TemporaryServerSpec } from '../../provisioner.ts';
import { portAnswers, waitUntilReady } from './server-probe.ts';

/** Options of the `command` provisioner: shell commands run with /bin/sh -c. */
export interface CommandProvisionerOptions {
  /**
   * Starts a server. Gets MIGRATE_TEMP_ID, MIGRATE_VERSION, MIGRATE_DATA_BYTES;
   * prints one JSON object {host, port, user, password, version?, handle?} as
   * its last stdout line.
   */
  readonly create: string;
  /** Removes it. Gets MIGRATE_TEMP_ID and MIGRATE_HANDLE (the JSON `handle` create printed, or null). Must succeed when it is already gone. */
  readonly destroy: string;
  /** The commands' environment beyond PATH, HOME, LANG, LC_* and TZ (they inherit nothing else of the bot's). */
  readonly env?: Readonly<Record<string, string>>;
  /** Per command. Default 10 minutes. */
  readonly timeoutMs?: number;
  /** How long the server may take to answer after create printed it. Default 60 s. */
  readonly readyTimeoutMs?: number;
}

const outputSchema = z.object({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535),
  user: z.string().min(1),
  password: z.string(),
  version: z.string().optional(),
  handle: z.unknown().optional(),
});

const handleSchema = z.object({
  provisioner: z.literal('command'),
  id: z.string(),
  host: z.string(),
  port: z.number().int(),
  command: z.unknown(),
});

/**
 * Temporary servers from operator-supplied commands (a container, a cloud
 * API, a script). The password read from the command's output goes only
 * into the returned endpoint: never into errors, notes or the handle.
 */
export class CommandProvisioner implements Provisioner {
  constructor(private readonly options: CommandProvisionerOptions) {}

  async create(spec: TemporaryServerSpec, note?: ProvisionNote, signal?: AbortSignal): Promise<ProvisionedServer> {
    note?.(`running the create command for temporary server ${spec.id}`);
    const stdout = await this.run('create', this.options.create, {
      MIGRATE_TEMP_ID: spec.id, MIGRATE_VERSION: spec.version, MIGRATE_DATA_BYTES: String(spec.dataBytes),
    }, signal);
    const last = stdout.trimEnd().split('\n').pop()?.trim() ?? '';
    let json: unknown;
    try {
      json = JSON.parse(last);
    } catch {
      // JSON.parse's own message quotes the input, which may hold the password.
      throw new UserError('provision-command-output', { problem: 'its last stdout line is not a JSON object' });
    }
    const parsed = outputSchema.safeParse(json);
    if (!parsed.success) {
      const problem = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
      throw new UserError('provision-command-output', { problem });
    }
    const { host, port, user, password } = parsed.data;
    const endpoint: Endpoint = { host, port, user, password };
    const handle = { provisioner: 'command', id: spec.id, host, port, command: parsed.data.handle ?? null };
    try {
      const version = await waitUntilReady(endpoint, {
        server: `temporary server ${spec.id}`, timeoutMs: this.options.readyTimeoutMs ?? 60_000, ...(signal ? { signal } : {}),
      });
      return { endpoint, version, handle };
    } catch (error) {
      // Whatever the command started must not outlive a failed create.
      await this.destroy(handle).catch(() => undefined);
      throw error;
    }
  }

  async destroy(raw: Readonly<Record<string, unknown>>): Promise<void> {
    const handle = parseHandle(raw);
    await this.run('destroy', this.options.destroy, { MIGRATE_TEMP_ID: handle.id, MIGRATE_HANDLE: JSON.stringify(handle.command ?? null) });
  }

  async isAlive(raw: Readonly<Record<string, unknown>>): Promise<boolean> {
    const parsed = handleSchema.safeParse(raw);
    return parsed.success && portAnswers(parsed.data.host, parsed.data.port);
  }

  private run(step: 'create' | 'destroy', command: string, vars: Record<string, string>, signal?: AbortSignal): Promise<string> {
    const timeoutMs = this.options.timeoutMs ?? 600_000;
    return new Promise((resolve, reject) => {
      const child = spawn('/bin/sh', ['-c', command], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...childEnvironment(process.env, this.options.env), ...vars },
        timeout: timeoutMs,
        ...(signal ? { signal } : {}),
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => { stdout = (stdout + chunk.toString()).slice(-64_000); });
      child.stderr.on('data', (chunk: Buffer) => { stderr = (stderr + chunk.toString()).slice(-8_000); });
      child.on('error', (error) => reject(signal?.aborted ? error : new UserError('provision-command-failed', { step, exitCode: -1, stderr: error.message })));
      child.on('close', (code, killedBy) => {
        if (code === 0) return resolve(stdout);
        if (killedBy === 'SIGTERM' && !signal?.aborted) return reject(new UserError('provision-command-timeout', { step, seconds: Math.round(timeoutMs / 1000) }));
        // stderr only: the server's password travels on stdout.
        reject(new UserError('provision-command-failed', { step, exitCode: code ?? -1, stderr: stderr.trimEnd().split('\n').slice(-6).join('\n') }));
      });
    });
  }
}

function parseHandle(raw: Readonly<Record<string, unknown>>): z.infer<typeof handleSchema> {
  const parsed = handleSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`not a command provisioner handle: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  return parsed.data;
}
