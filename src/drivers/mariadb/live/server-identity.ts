import { randomBytes } from 'node:crypto';
import { UserError } from '../../../errors.ts';
import { describeEndpoint, type Endpoint } from '../../driver.ts';
import { cellText, type Session } from '../copier/connections.ts';
import { withAdmin } from './users.ts';

/**
 * Whether two sessions are connected to one server. MariaDB has no
 * `@@server_uuid` (MySQL's; error 1193 on MariaDB 10.11 and 11.8), and its
 * `server_id` is 1 on every server left at the default, so the servers are
 * asked instead: a user-level lock taken through `a` must be seen, held by
 * a's own connection, through `b`. Named locks are server-wide and need no
 * privilege nor write; they are not replicated. So one server reached
 * through two addresses (a port forward, a DNS alias, another user) is one,
 * and two servers on one machine (other ports, other data directories) are two.
 */
export async function sameServerSessions(a: Session, b: Session): Promise<boolean> {
  const name = `migrate_bot_identity_${randomBytes(8).toString('hex')}`;
  const [held] = await a.rows('SELECT GET_LOCK(?, 0) got, CONNECTION_ID() id', [name]);
  if (Number(held?.['got']) !== 1) throw new Error(`could not take the server identity lock ${name}`);
  try {
    const [seen] = await b.rows('SELECT IS_USED_LOCK(?) holder', [name]);
    const holder = cellText(seen?.['holder']);
    return holder !== null && holder === cellText(held?.['id']);
  } finally {
    await a.rows('SELECT RELEASE_LOCK(?) released', [name]);
  }
}

/** As sameServerSessions, over two endpoints (one admin session each, closed afterwards). */
export function sameServer(a: Endpoint, b: Endpoint): Promise<boolean> {
  return withAdmin(a, 'target', (sa) => withAdmin(b, 'source', (sb) => sameServerSessions(sa, sb)));
}

/** The first of `live` that `target`'s session is connected to, if any. */
export async function liveServerOf(target: Session, live: readonly Endpoint[]): Promise<Endpoint | undefined> {
  for (const endpoint of live) {
    if (await withAdmin(endpoint, 'source', (other) => sameServerSessions(target, other))) return endpoint;
  }
  return undefined;
}

/**
 * Refuses to write to `target` when it is one of `live`: copying an account
 * onto a server holding its live data would first drop that data.
 */
export async function refuseLiveTarget(target: Session, targetEndpoint: Endpoint, live: readonly Endpoint[]): Promise<void> {
  const found = await liveServerOf(target, live);
  if (found) throw new UserError('copier.target-is-live', { address: describeEndpoint(targetEndpoint), live: describeEndpoint(found) });
}
