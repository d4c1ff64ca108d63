/**
 * A service the bot needs (state database, Redis) cannot be reached. The
 * message is one line naming the service, its address and how to start it;
 * start-up prints it and exits 1, without a stack trace.
 */
export class ServiceUnreachableError extends Error {
  override readonly name = 'ServiceUnreachableError';

  constructor(message: string) {
    super(message);
  }

  static from(cause: unknown, service: string, address: string, howToStart: string): Error {
    const code = (cause as { code?: string } | null)?.code;
    const reachability = ['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', 'ECONNRESET'];
    if (code === undefined || !reachability.includes(code)) return cause instanceof Error ? cause : new Error(String(cause));
    return new ServiceUnreachableError(`cannot reach ${service} at ${address} (${code}); start it with: ${howToStart}`);
  }
}
