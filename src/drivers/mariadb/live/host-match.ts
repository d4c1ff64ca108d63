/**
 * Which account row ('user'@'host') a connection authenticated as. The server
 * shows another connection's user name and client host (PROCESSLIST), never
 * the row it matched (its CURRENT_USER()), so the freeze works it out the way
 * MariaDB 10.4+ does (sql_acl.cc: find_by_username_or_anon, get_magic_sort):
 * the rows of that user name, most specific host pattern first, ties broken
 * by host name in descending byte order ('localhost' before '127.0.0.1'); an
 * anonymous row ('') wins only when its host is strictly more specific.
 */

/** An account row of mysql.user (roles excluded). */
export interface AccountRow {
  readonly user: string;
  readonly host: string;
}

/** What the server matched host patterns against: the client's host name (a socket: localhost) and IP, when known. */
export interface Client {
  readonly hostname: string | null;
  readonly ip: string | null;
}

/** HOSTNAME_LENGTH of MariaDB 10.4+ (mysql.user.Host is CHAR(255)). */
const MAX_HOST = 255;

/**
 * get_magic_sort of one host pattern: how many host names it may match,
 * encoded so that a smaller number is a more specific pattern.
 */
export function hostMagic(pattern: string): number {
  let n = 0, m = 0, k = 0, p = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '%') {
      if (k === 0 && m === 0) p = n;
      k++;
      while (pattern[i + 1] === '%') i++;
      continue;
    }
    if (c === '_') {
      if (k === 0 && m === 0) p = n;
      m++;
      continue;
    }
    if (c === '\\' && i + 1 < pattern.length) i++;
    n++;
  }
  const l = k > 0 ? MAX_HOST - n - m : 0;
  const d = MAX_HOST + 1;
  return l > m ? (((l * 2 + 1) * d + k) * d + m) * d + p : ((m * 2 * d + l) * d + k) * d + p;
}

/** The sort key of a row: the host's magic, then one bit for an anonymous user (smaller first). */
const sortKey = (row: AccountRow): number => hostMagic(row.host) * 2 + (row.user === '' ? 1 : 0);

/** The server's order of rows: most specific first; equal ones by host, descending. */
export function aclOrder(rows: readonly AccountRow[]): AccountRow[] {
  return [...rows].sort((a, b) => sortKey(a) - sortKey(b) || (a.host < b.host ? 1 : a.host > b.host ? -1 : 0));
}

/** wild_compare: `%` any run, `_` one character, `\` escapes the next one. */
export function wildMatch(value: string, pattern: string, ignoreCase: boolean): boolean {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] ?? '';
    if (c === '\\' && i + 1 < pattern.length) source += escapeRegex(pattern[++i] ?? '');
    else if (c === '%') source += '.*';
    else if (c === '_') source += '.';
    else source += escapeRegex(c);
  }
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's').test(value);
}

const escapeRegex = (c: string): string => c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function ipv4(text: string): number | null {
  const parts = IPV4.exec(text);
  if (!parts) return null;
  const bytes = parts.slice(1).map(Number);
  return bytes.some((b) => b > 255) ? null : bytes.reduce((acc, b) => acc * 256 + b, 0);
}

/** compare_hostname: an 'ip/mask' row by its network, any other row as a pattern of the host name or the IP. */
export function hostMatches(pattern: string, client: Client): boolean {
  const [net, mask, extra] = pattern.split('/');
  if (net !== undefined && mask !== undefined && extra === undefined && client.ip !== null) {
    const [n, m, ip] = [ipv4(net), ipv4(mask), ipv4(client.ip)];
    if (n !== null && m !== null && m !== 0 && ip !== null) return (Number(BigInt(ip) & BigInt(m))) === n;
  }
  return (client.hostname !== null && wildMatch(client.hostname, pattern, true)) || (client.ip !== null && wildMatch(client.ip, pattern, false));
}

/** The row a connection of `user` from `client` authenticated as, or null when none matches. */
export function matchedAccount(rows: readonly AccountRow[], user: string, client: Client): AccountRow | null {
  let found = aclOrder(rows.filter((r) => r.user === user)).find((r) => hostMatches(r.host, client)) ?? null;
  if (user === '') return found;
  for (const anonymous of aclOrder(rows.filter((r) => r.user === ''))) {
    if (found && sortKey(anonymous) >= sortKey(found)) break;
    if (hostMatches(anonymous.host, client)) {
      found = anonymous;
      break;
    }
  }
  return found;
}

/**
 * The client of a PROCESSLIST row from its HOST column: 'localhost' for a
 * socket, else 'host_or_ip:port'. An address is the IP (the server then knew
 * no host name for it); a name is the host name, whose IP is not shown.
 */
export function clientOf(processHost: string): Client {
  if (processHost === '') return { hostname: null, ip: null };
  const host = processHost.replace(/:\d+$/, '');
  if (ipv4(host) !== null || host.includes(':')) return { hostname: null, ip: host };
  return { hostname: host, ip: null };
}
