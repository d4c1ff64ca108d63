import type {
  AccountCopyRequest, CatalogueEntry, CheckRequest, DatabaseDriver, DatabaseUser, DropOutcome, DropRequest, Endpoint, EventRef, LiveSync, LiveSyncOptions,
  PostImportRequest, PreparedUsers, ReplayRequest, WriteHold, Writer,
} from '../driver.ts';
import type { CheckReport, CopyFingerprint, CopyReport, PostImportReport, ReplayReport, UserCopy } from '../reports.ts';
import { postImportChecks } from './checks/post-import.ts';
import { checkAccount } from './checks/run-checks.ts';
import { allRules } from './checks/rules/index.ts';
import { copyAccount } from './copier/copy-account.ts';
import { catalogue, existingObjects, unknownCollations } from './live/copies.ts';
import { dropCopies } from './live/drops.ts';
import { databaseDigests } from './live/fingerprint.ts';
import { refuseLiveTarget, sameServer } from './live/server-identity.ts';
import { enabledEvents, setEventsEnabled } from './live/events.ts';
import { holdWrites } from './live/write-lock.ts';
import { killConnections } from './live/kill-connections.ts';
import { applyUserGrants, createUsersLocked, setLocked, userName, userStates, withAdmin } from './live/users.ts';
import { listWriters } from './live/writers.ts';
import { MariadbLiveSync } from './live-sync.ts';
import { replayQueries } from './replay/replay.ts';
import { neutralCopyReport } from './neutral-reports.ts';
import { serverVersion } from './provisioners/server-probe.ts';
import { compareDefinitions, withMismatches } from './verify/compare-definitions.ts';

/** The MariaDB (and MySQL) driver: the port over the copier, verification, sync passes and account users. */
export class MariadbDriver implements DatabaseDriver {
  async databaseSizes(endpoint: Endpoint, databases: readonly string[]): Promise<{ name: string; bytes: number }[]> {
    if (databases.length === 0) return [];
    const rows = await withAdmin(endpoint, 'source', (session) => session.rows(
      `SELECT table_schema AS name, SUM(data_length + index_length) AS bytes FROM information_schema.tables
       WHERE table_schema IN (${databases.map(() => '?').join(',')}) GROUP BY table_schema`, [...databases]));
    const sizes = new Map(rows.map((r) => [String(r['name']), Number(r['bytes'] ?? 0)]));
    return databases.map((name) => ({ name, bytes: sizes.get(name) ?? 0 }));
  }

  serverVersion(endpoint: Endpoint): Promise<string> {
    return serverVersion(endpoint);
  }

  catalogue(endpoint: Endpoint, databases: readonly string[]): Promise<CatalogueEntry[]> {
    return catalogue(endpoint, databases);
  }

  checkAccount(request: CheckRequest): Promise<CheckReport> {
    return checkAccount(request);
  }

  postImportChecks(request: PostImportRequest): Promise<PostImportReport> {
    return postImportChecks(request);
  }

  checkRuleIds(): readonly string[] {
    return allRules.map((rule) => rule.id);
  }

  async copyAccount(request: AccountCopyRequest): Promise<CopyReport> {
    // The verification's own time, which downtime estimates scale (a frozen pass re-reads and compares, like it).
    let verifyStarted: number | undefined;
    let verifyEnded: number | undefined;
    const report = await copyAccount({
      source: request.source, target: request.target, databases: request.databases, users: request.users, replaceExisting: request.replaceExisting,
      ...(request.live ? { live: request.live } : {}),
      ...(request.definers ? { definers: request.definers } : {}),
      ...(request.signal ? { signal: request.signal } : {}), ...(request.logger ? { logger: request.logger } : {}),
      onProgress: (progress) => {
        if (progress.phase === 'verify') verifyStarted ??= Date.now();
        else if (verifyStarted !== undefined) verifyEnded ??= Date.now();
        request.onProgress?.(progress);
      },
    });
    const neutral = neutralCopyReport(report);
    const mismatches = request.compareDefinitions === false ? []
      : await compareDefinitions(request.source, request.target, request.databases, request.users, request.definers ?? {});
    return {
      ...neutral, failures: withMismatches(neutral.failures, mismatches), ok: neutral.ok && mismatches.length === 0,
      ...(verifyStarted !== undefined ? { verifyMs: (verifyEnded ?? Date.now()) - verifyStarted } : {}),
    };
  }

  liveSync(source: Endpoint, target: Endpoint, databases: readonly string[], options: LiveSyncOptions = {}): LiveSync {
    return new MariadbLiveSync(source, target, databases, options);
  }

  writers(endpoint: Endpoint, databases: readonly string[]): Promise<Writer[]> {
    return withAdmin(endpoint, 'source', (session) => listWriters(session, databases));
  }

  async lockPlan(endpoint: Endpoint, users: readonly DatabaseUser[]): Promise<{ previouslyLocked: string[] }> {
    const states = await withAdmin(endpoint, 'source', (s) => userStates(s, users));
    return { previouslyLocked: states.filter((s) => s.locked).map((s) => userName(s.user)) };
  }

  freeze(endpoint: Endpoint, users: readonly DatabaseUser[]): Promise<{ killed: number }> {
    return withAdmin(endpoint, 'source', async (session) => {
      await setLocked(session, users, true);
      return { killed: await killConnections(session, users) };
    });
  }

  async unfreeze(endpoint: Endpoint, users: readonly DatabaseUser[], previouslyLocked: readonly string[]): Promise<void> {
    const keep = new Set(previouslyLocked);
    await withAdmin(endpoint, 'target', (session) => setLocked(session, users.filter((u) => !keep.has(userName(u))), false));
  }

  holdWrites(endpoint: Endpoint, databases: readonly string[], options: { readonly signal?: AbortSignal; readonly replacing?: string } = {}): Promise<WriteHold> {
    return holdWrites(endpoint, databases, { signal: options.signal, ...(options.replacing ? { replacing: options.replacing } : {}) });
  }

  enabledEvents(endpoint: Endpoint, databases: readonly string[]): Promise<EventRef[]> {
    return withAdmin(endpoint, 'source', (session) => enabledEvents(session, databases));
  }

  setEventsEnabled(endpoint: Endpoint, events: readonly EventRef[], enabled: boolean): Promise<number> {
    return withAdmin(endpoint, 'source', (session) => setEventsEnabled(session, events, enabled));
  }

  async createUsersLocked(source: Endpoint, target: Endpoint, users: readonly DatabaseUser[]): Promise<PreparedUsers> {
    const prepared = await withAdmin(source, 'source', (s) => withAdmin(target, 'target', async (t) => {
      // Same-named users are replaced on the target: never on the source itself.
      await refuseLiveTarget(t, target, [source]);
      return createUsersLocked(s, t, users);
    }));
    return { users: prepared };
  }

  applyGrants(target: Endpoint, prepared: PreparedUsers): Promise<UserCopy[]> {
    return withAdmin(target, 'target', (session) => applyUserGrants(session, prepared.users.map((u) => ({ user: u.user, grants: [...u.grants] }))));
  }

  incompatibleObjects(from: Endpoint, to: Endpoint, databases: readonly string[]): Promise<string[]> {
    return unknownCollations(from, to, databases);
  }

  existingObjects(endpoint: Endpoint, databases: readonly string[], users: readonly DatabaseUser[]): Promise<string[]> {
    return existingObjects(endpoint, databases, users);
  }

  replayQueries(request: ReplayRequest): Promise<ReplayReport> {
    return replayQueries(request);
  }

  sameServer(a: Endpoint, b: Endpoint): Promise<boolean> {
    return sameServer(a, b);
  }

  fingerprint(endpoint: Endpoint, databases: readonly string[]): Promise<CopyFingerprint> {
    return withAdmin(endpoint, 'source', (session) => databaseDigests(session, databases));
  }

  dropCopy(request: DropRequest): Promise<DropOutcome> {
    return dropCopies(request);
  }
}
