import { describeEndpoint, type DropOutcome, type DropRefusal, type DropRequest } from '../../driver.ts';
import type { Session } from '../copier/connections.ts';
import { quoteAccount, quoteIdent } from '../copier/quote.ts';
import { unmarkedDatabases } from '../copy-mark.ts';
import { databaseDigests } from './fingerprint.ts';
import { liveServerOf } from './server-identity.ts';
import { userName, userStates, withAdmin } from './users.ts';

/** Why the databases of a drop may not go: unmarked (not the bot's), or changed since they were recorded. */
async function databaseRefusals(session: Session, request: DropRequest): Promise<DropRefusal[]> {
  if (request.proof.kind === 'marked') {
    const unmarked = await unmarkedDatabases((sql, values) => session.rows(sql, values), request.databases);
    return unmarked.map((name) => ({ code: 'not-a-copy', object: `database ${name}` }));
  }
  const recorded = new Map(request.proof.fingerprint.map((d) => [d.database, d.digest]));
  // Databases already gone are skipped (a removal that stopped halfway); every other must match its record.
  const now = await databaseDigests(session, request.databases);
  return now.filter((d) => recorded.get(d.database) !== d.digest).map((d) => ({ code: 'changed', object: `database ${d.database}` }));
}

/**
 * Drops what the bot left of an account on a server, all or nothing (see
 * DropRequest): every check runs before the first DROP, and any refusal
 * leaves everything in place.
 */
export async function dropCopies(request: DropRequest): Promise<DropOutcome> {
  return withAdmin(request.endpoint, 'target', async (session) => {
    if (await liveServerOf(session, request.live)) {
      return { dropped: [], refusals: [{ code: 'live-server', object: describeEndpoint(request.endpoint) }] };
    }
    const states = await userStates(session, request.users);
    const refusals: DropRefusal[] = [
      ...await databaseRefusals(session, request),
      ...states.filter((s) => s.exists && !s.locked).map((s): DropRefusal => ({ code: 'unlocked', object: `user ${userName(s.user)}` })),
    ];
    if (refusals.length > 0) return { dropped: [], refusals };
    const existing = new Set((await session.rows(`SELECT SCHEMA_NAME n FROM information_schema.SCHEMATA WHERE SCHEMA_NAME IN (${request.databases.map(() => '?').join(',') || "''"})`,
      [...request.databases])).map((r) => String(r['n'])));
    const dropped: string[] = [];
    for (const name of request.databases.filter((d) => existing.has(d))) {
      await session.exec(`DROP DATABASE IF EXISTS ${quoteIdent(name)}`);
      dropped.push(`database ${name}`);
    }
    for (const { user } of states.filter((s) => s.exists)) {
      await session.exec(`DROP USER IF EXISTS ${quoteAccount(user.user, user.host)}`);
      dropped.push(`user ${userName(user)}`);
    }
    return { dropped, refusals: [] };
  });
}
