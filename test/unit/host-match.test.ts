import { describe, expect, it } from 'vitest';
import { aclOrder, clientOf, hostMatches, matchedAccount, wildMatch, type AccountRow } from '../../src/drivers/mariadb/live/host-match.ts';
import { isFrozenConnection } from '../../src/drivers/mariadb/live/kill-connections.ts';

const rows = (...accounts: string[]): AccountRow[] => accounts.map((a) => {
  const at = a.lastIndexOf('@');
  return { user: a.slice(0, at), host: a.slice(at + 1) };
});
const name = (row: AccountRow | null) => (row ? `${row.user}@${row.host}` : null);
const tcp = (ip: string) => ({ hostname: null, ip });
const socket = { hostname: 'localhost', ip: null };

describe('the account row a connection authenticated as', () => {
  it('picks the most specific host pattern of the user name', () => {
    const acl = rows('app@%', 'app@127.0.0.%', 'app@127.0.0.2', 'app@127.%');
    expect(name(matchedAccount(acl, 'app', tcp('127.0.0.2')))).toBe('app@127.0.0.2');
    expect(name(matchedAccount(acl, 'app', tcp('127.0.0.3')))).toBe('app@127.0.0.%');
    expect(name(matchedAccount(acl, 'app', tcp('127.1.0.3')))).toBe('app@127.%');
    expect(name(matchedAccount(acl, 'app', tcp('10.0.0.1')))).toBe('app@%');
    expect(matchedAccount(acl, 'other', tcp('127.0.0.2'))).toBeNull();
  });

  it('orders one-character wildcards before any-run ones, and literal rows (masks too) before both', () => {
    expect(aclOrder(rows('m@%', 'm@127.0.0.%', 'm@127.0.0._', 'm@127.0.0.0/255.255.255.0')).map(name))
      .toEqual(['m@127.0.0.0/255.255.255.0', 'm@127.0.0._', 'm@127.0.0.%', 'm@%']);
  });

  it('breaks ties between literal hosts by name, descending: localhost before 127.0.0.1', () => {
    const acl = rows('root@127.0.0.1', 'root@localhost');
    expect(name(matchedAccount(acl, 'root', { hostname: 'localhost', ip: '127.0.0.1' }))).toBe('root@localhost');
    // A socket has no IP; a TCP client the server knows no name for matches by IP only.
    expect(name(matchedAccount(acl, 'root', socket))).toBe('root@localhost');
    expect(name(matchedAccount(acl, 'root', tcp('127.0.0.1')))).toBe('root@127.0.0.1');
  });

  it('gives the connection to an anonymous row only when its host is strictly more specific', () => {
    expect(name(matchedAccount(rows('app@%', '@localhost'), 'app', socket))).toBe('@localhost');
    expect(name(matchedAccount(rows('app@%', '@localhost'), 'app', tcp('127.0.0.1')))).toBe('app@%');
    expect(name(matchedAccount(rows('app@localhost', '@localhost'), 'app', socket))).toBe('app@localhost');
    expect(name(matchedAccount(rows('@%'), 'app', tcp('10.1.1.1')))).toBe('@%');
  });

  it('matches ip/mask rows by network, escaped wildcards literally, host names without case', () => {
    expect(hostMatches('127.0.0.0/255.255.255.0', tcp('127.0.0.9'))).toBe(true);
    expect(hostMatches('127.0.0.0/255.255.255.0', tcp('127.0.1.9'))).toBe(false);
    expect(hostMatches('a\\_b', { hostname: 'a_b', ip: null })).toBe(true);
    expect(hostMatches('a\\_b', { hostname: 'axb', ip: null })).toBe(false);
    expect(hostMatches('LOCALHOST', socket)).toBe(true);
    expect(hostMatches('127.0.0.1', socket)).toBe(false);
    expect(wildMatch('db.x', 'db_x', false)).toBe(true);
    expect(wildMatch('db(x', 'db(%', false)).toBe(true);
  });

  it('reads the client from PROCESSLIST.HOST', () => {
    expect(clientOf('127.0.0.2:51234')).toEqual(tcp('127.0.0.2'));
    expect(clientOf('localhost')).toEqual(socket);
    expect(clientOf('::1:40000')).toEqual(tcp('::1'));
    expect(clientOf('web3.internal:40000')).toEqual({ hostname: 'web3.internal', ip: null });
  });
});

describe('a frozen connection', () => {
  const acl = rows('app@127.0.0.2', 'app@127.0.0.%');
  const frozen = new Set(['app\u0000127.0.0.2']);
  it('is one that authenticated as a frozen row, never another tenant\'s row of the same name', () => {
    expect(isFrozenConnection(acl, frozen, 'app', '127.0.0.2:4000')).toBe(true);
    expect(isFrozenConnection(acl, frozen, 'app', '127.0.0.3:4000')).toBe(false);
  });
  it('with no row matching any more, is ours only when every row of the name is frozen', () => {
    expect(isFrozenConnection(acl, frozen, 'app', '10.0.0.1:4000')).toBe(false);
    expect(isFrozenConnection(rows('solo@10.0.0.1'), new Set(['solo\u000010.0.0.1']), 'solo', '10.0.0.9:4000')).toBe(true);
  });
});
