import type { DatabaseUser } from '../../driver.ts';
import { firstCellText, type Session } from '../copier/connections.ts';
import { quoteAccount } from '../copier/quote.ts';

/** ER_NONEXISTING_GRANT and ER_CANNOT_USER: SHOW GRANTS / SHOW CREATE USER of an account that does not exist. */
const NO_SUCH_USER = new Set([1141, 1396]);

function errnoOf(error: unknown): number | undefined {
  const errno: unknown = typeof error === 'object' && error !== null ? (error as { errno?: unknown }).errno : undefined;
  return typeof errno === 'number' ? errno : undefined;
}

/**
 * Each user's SHOW CREATE USER (password hashes, plugins, TLS requirements,
 * limits, expiry and lock state) and SHOW GRANTS (role grants and default
 * roles included), sorted: the order of grant lines is not part of them.
 * Keyed like Definitions (database ''); a user missing on this server reads
 * as 'absent'. The values hold password hashes: never show them unredacted.
 */
export async function readUserDefinitions(session: Session, users: readonly DatabaseUser[]): Promise<Map<string, string>> {
  const definitions = new Map<string, string>();
  for (const user of users) {
    const account = quoteAccount(user.user, user.host);
    const key = `\u0000user\u0000${user.user}@${user.host}`;
    try {
      const create = firstCellText((await session.rows(`SHOW CREATE USER ${account}`))[0]);
      const grants = (await session.rows(`SHOW GRANTS FOR ${account}`)).map(firstCellText).sort();
      definitions.set(key, [create, ...grants].join('\n'));
    } catch (error) {
      if (!NO_SUCH_USER.has(errnoOf(error) ?? 0)) throw error;
      definitions.set(key, 'absent');
    }
  }
  return definitions;
}
