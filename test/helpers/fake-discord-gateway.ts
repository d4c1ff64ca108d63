/**
 * Discord's Gateway, faked at the WebSocket: HELLO on connect, READY after
 * IDENTIFY, heartbeat ACKs, and dispatches the test sends
 * (INTERACTION_CREATE). Records what the bot identified with.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

export interface Identify {
  readonly token: string;
  readonly intents: number;
}

export class FakeGateway {
  readonly identifies: Identify[] = [];
  heartbeats = 0;
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sockets = new Set<WebSocket>();
  private sequence = 0;

  constructor(private readonly ids: { readonly bot: string; readonly application: string }, private readonly url: () => string) {
    this.wss.on('connection', (socket) => this.connected(socket));
  }

  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
  }

  /** Sockets that identified and got READY. */
  get ready(): number {
    return this.identifies.length;
  }

  /** Sends a dispatch (op 0) to every connected bot. */
  dispatch(event: string, data: unknown): void {
    const packet = JSON.stringify({ op: 0, t: event, s: ++this.sequence, d: data });
    for (const socket of this.sockets) socket.send(packet);
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }

  private send(socket: WebSocket, packet: object): void {
    socket.send(JSON.stringify(packet));
  }

  private connected(socket: WebSocket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    this.send(socket, { op: 10, d: { heartbeat_interval: 41_250 } });
    socket.on('message', (raw: Buffer) => {
      const packet = JSON.parse(raw.toString('utf8')) as { op: number; d?: { token?: string; intents?: number } };
      if (packet.op === 1) {
        this.heartbeats++;
        this.send(socket, { op: 11 });
      } else if (packet.op === 2) {
        this.identifies.push({ token: packet.d?.token ?? '', intents: packet.d?.intents ?? -1 });
        this.send(socket, {
          op: 0, t: 'READY', s: ++this.sequence,
          d: {
            v: 10, user: { id: this.ids.bot, username: 'migrate-bot', discriminator: '0', global_name: null, avatar: null, bot: true },
            guilds: [], session_id: 'fake-session', resume_gateway_url: this.url(), shard: [0, 1],
            application: { id: this.ids.application, flags: 0 },
          },
        });
      } else if (packet.op === 6) {
        this.send(socket, { op: 0, t: 'RESUMED', s: ++this.sequence, d: null });
      }
    });
  }
}
