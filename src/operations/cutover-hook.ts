import { spawn } from 'node:child_process';
import type { MigrationConfig } from '../config/schema.ts';
import { childEnvironment } from '../config/child-env.ts';
import { CutoverHookError } from '../errors.ts';
import { detailIn, journaled, type JournalRow } from './steps/journal.ts';
import type { StepDeclaration } from './steps/step.ts';

export type CutoverHook = NonNullable<MigrationConfig['cutoverHook']>;

/** What the hook receives: JSON on stdin (command) or as the POST body (webhook). Never credentials. */
export interface CutoverPayload {
  /** `revert`: the run or rollback that called the hook failed before its cutover was recorded; point the application back at `from`. */
  readonly event: 'run' | 'rollback' | 'revert';
  readonly operationId: string;
  readonly account: string;
  readonly databases: readonly string[];
  readonly from: { readonly server: string; readonly host: string; readonly port: number };
  readonly to: { readonly server: string; readonly host: string; readonly port: number };
}

function runCommand(command: string, given: Readonly<Record<string, string>> | undefined, payload: CutoverPayload, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const env = {
      ...childEnvironment(process.env, given),
      MIGRATE_BOT_EVENT: payload.event, MIGRATE_BOT_OPERATION: payload.operationId, MIGRATE_BOT_ACCOUNT: payload.account,
      MIGRATE_BOT_DATABASES: payload.databases.join(','),
      MIGRATE_BOT_FROM_SERVER: payload.from.server, MIGRATE_BOT_FROM_HOST: payload.from.host, MIGRATE_BOT_FROM_PORT: String(payload.from.port),
      MIGRATE_BOT_TO_SERVER: payload.to.server, MIGRATE_BOT_TO_HOST: payload.to.host, MIGRATE_BOT_TO_PORT: String(payload.to.port),
    };
    // Its own process group, so a timeout ends the command and whatever it started.
    const child = spawn('sh', ['-c', command], { env, detached: true, stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => { stderr = (stderr + chunk.toString('utf8')).slice(-300); });
    child.stdin.on('error', () => undefined);
    child.stdin.end(JSON.stringify(payload));
    const timer = setTimeout(() => {
      try { process.kill(-(child.pid ?? 0), 'SIGKILL'); } catch { /* already gone */ }
      reject(new Error(`timed out after ${timeoutMs / 1000} s`));
    }, timeoutMs);
    child.on('error', (error) => { clearTimeout(timer); reject(error); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`exited with ${code ?? signal}${stderr.trim() ? `: ${stderr.trim()}` : ''}`));
    });
  });
}

async function callWebhook(url: string, payload: CutoverPayload, timeoutMs: number): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': `${payload.operationId}-cutover` },
      body: JSON.stringify(payload), signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const name = (error as Error).name;
    throw new Error(name === 'TimeoutError' || name === 'AbortError' ? `timed out after ${timeoutMs / 1000} s` : (error as Error).message);
  }
  await response.arrayBuffer().catch(() => undefined);
  if (!response.ok) throw new Error(`answered HTTP ${response.status}`);
}

/**
 * Runs the migration's cutover hook: a shell command (exit 0 = done) or an
 * HTTP POST (2xx = done), each attempt bounded by the hook's timeout, retried
 * `retries` times with a growing pause. It may be called again for the same
 * operation after a worker crash: receivers should be idempotent (the
 * webhook carries an `idempotency-key` header).
 */
export async function runCutoverHook(hook: CutoverHook | undefined, payload: CutoverPayload, pauseMs = 1000): Promise<{ attempts: number } | null> {
  if (!hook) return null;
  const timeoutMs = hook.timeoutSeconds * 1000;
  const what = 'command' in hook ? 'cutover command' : `cutover webhook ${new URL(hook.webhook).host}`;
  let last = '';
  let timedOut = false;
  for (let attempt = 1; attempt <= hook.retries + 1; attempt++) {
    try {
      if ('command' in hook) await runCommand(hook.command, hook.env, payload, timeoutMs);
      else await callWebhook(hook.webhook, payload, timeoutMs);
      return { attempts: attempt };
    } catch (error) {
      last = (error as Error).message;
      // A call that timed out may have been applied all the same: the caller must assume it was.
      if (last.startsWith('timed out')) timedOut = true;
      if (attempt <= hook.retries) await new Promise((resolve) => setTimeout(resolve, Math.min(pauseMs * 2 ** (attempt - 1), 10_000)));
    }
  }
  throw new CutoverHookError(`${what} failed after ${hook.retries + 1} attempts: ${last}`, timedOut);
}

/** What the cutover-hook step journals: `refused` when every attempt was answered with a failure (nothing was applied). */
export interface HookCallDetail {
  readonly outcome: 'applied' | 'refused' | 'none';
  readonly attempts: number;
}

/**
 * Calls the hook as a journaled step: a refusal (every attempt answered
 * with a failure) is journaled as such, so a revert knows the application
 * never switched; a timeout or a crash during the call leaves the step
 * unfinished, which counts as possibly applied. Throws the refusal after
 * journaling it.
 */
export async function callHookJournaled(
  step: (fn: () => Promise<HookCallDetail>) => Promise<HookCallDetail>, hook: CutoverHook | undefined, payload: CutoverPayload,
): Promise<HookCallDetail> {
  let refusal: CutoverHookError | undefined;
  const detail = await step(async () => {
    try {
      const called = await runCutoverHook(hook, payload);
      return { outcome: called ? 'applied' : 'none', attempts: called?.attempts ?? 0 };
    } catch (error) {
      if (!(error instanceof CutoverHookError) || error.possiblyApplied) throw error;
      refusal = error;
      return { outcome: 'refused', attempts: hook ? hook.retries + 1 : 0 };
    }
  });
  if (refusal) throw refusal;
  if (detail.outcome === 'refused') throw new CutoverHookError('the cutover hook refused the switch (journaled before a restart)');
  return detail;
}

/** Whether the application may point at the new server: the hook step was entered and not journaled as refused (or as no hook). */
export function hookPossiblyApplied(journal: readonly JournalRow[], operationId: string, declaration: StepDeclaration<string, HookCallDetail>): boolean {
  if (!journaled(journal, declaration)) return false;
  const outcome = detailIn(journal, operationId, declaration)?.outcome;
  return outcome !== 'refused' && outcome !== 'none';
}
