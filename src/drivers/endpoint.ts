/** The address and credentials of a server, and an account's database user: what every port method takes. */

/**
 * How the engine reaches a MySQL/MariaDB server. Credentials live here and
 * nowhere else: never log or print an Endpoint (use `describeEndpoint`).
 */
export interface Endpoint {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
}

/** The printable part of an endpoint: address only, never the password. */
export function describeEndpoint(endpoint: Endpoint): string {
  return `${endpoint.host}:${endpoint.port}`;
}

/** A database user of an account, as MySQL names it: 'user'@'host'. */
export interface DatabaseUser {
  readonly user: string;
  readonly host: string;
}
