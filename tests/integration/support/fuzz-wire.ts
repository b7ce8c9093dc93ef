import { request } from 'node:http';
import { AGENT_NAMESPACE } from '#shared/contracts/socket.ts';

/**
 * Wire-level clients for fuzzing: they send bytes a well-behaved client library never would
 * (raw JSON number tokens such as `1e309` or `-0`, unparseable socket.io frames, paths the WHATWG
 * URL parser would normalise away), so the hub is tested against what an attacker can send.
 */

export interface RawHttpResponse {
  status: number;
  contentType: string;
  text: string;
}

/**
 * One HTTP request whose path goes out byte for byte (no URL normalisation, no `..` resolution).
 * A fresh connection per request, so a response that closes the connection never breaks the next.
 */
export function rawHttp(
  baseUrl: string,
  opts: {
    method: string;
    path: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
  },
): Promise<RawHttpResponse> {
  const base = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: base.hostname,
        port: base.port,
        method: opts.method,
        path: opts.path,
        // Framed with Content-Length: Node sends a GET body unframed otherwise, which the server
        // would read as the start of a second, garbage request.
        headers: {
          ...opts.headers,
          ...(opts.body === undefined
            ? {}
            : { 'content-length': String(Buffer.byteLength(opts.body)) }),
        },
        agent: false,
        timeout: 15_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${opts.method} ${opts.path} timed out`)));
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

export type RawAck = { kind: 'ack'; value: unknown } | { kind: 'closed'; reason: string };

/**
 * A minimal socket.io v5 protocol client over the runtime's WebSocket, joined to the agent
 * namespace. `askRaw` sends an EVENT packet whose JSON text is given verbatim.
 */
export class RawAgentSocket {
  private readonly ws: WebSocket;
  private nextId = 1;
  private readonly pending = new Map<number, (ack: RawAck) => void>();
  private closedReason: string | null = null;

  private constructor(ws: WebSocket) {
    this.ws = ws;
  }

  get closed() {
    return this.closedReason !== null;
  }

  static open(baseUrl: string, token: string, timeoutMs = 10_000): Promise<RawAgentSocket> {
    const ws = new WebSocket(
      `${baseUrl.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`,
    );
    const socket = new RawAgentSocket(ws);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        ws.close();
        reject(new Error('raw socket handshake timed out'));
      }, timeoutMs);
      ws.addEventListener('message', (event) => {
        const frame = typeof event.data === 'string' ? event.data : '';
        if (frame.startsWith('0')) {
          ws.send(`40${AGENT_NAMESPACE},${JSON.stringify({ token })}`);
        } else if (frame === '2') {
          ws.send('3');
        } else if (frame.startsWith(`40${AGENT_NAMESPACE},`)) {
          clearTimeout(timer);
          resolve(socket);
        } else if (frame.startsWith(`44${AGENT_NAMESPACE},`)) {
          clearTimeout(timer);
          ws.close();
          reject(new Error(`raw socket refused: ${frame}`));
        } else if (frame.startsWith(`43${AGENT_NAMESPACE},`)) {
          socket.onAck(frame.slice(`43${AGENT_NAMESPACE},`.length));
        }
      });
      ws.addEventListener('close', (event) => {
        clearTimeout(timer);
        socket.onClose(`close ${event.code} ${event.reason}`);
        reject(new Error('raw socket closed during handshake'));
      });
      ws.addEventListener('error', () => socket.onClose('error'));
    });
  }

  private onAck(rest: string) {
    const m = /^(\d+)(.*)$/s.exec(rest);
    if (!m?.[1] || m[2] === undefined) return;
    const resolve = this.pending.get(Number(m[1]));
    this.pending.delete(Number(m[1]));
    const args = JSON.parse(m[2]) as unknown[];
    resolve?.({ kind: 'ack', value: args[0] });
  }

  private onClose(reason: string) {
    if (this.closedReason !== null) return;
    this.closedReason = reason;
    for (const resolve of this.pending.values()) resolve({ kind: 'closed', reason });
    this.pending.clear();
  }

  /** Sends `42/agent,<id><jsonText>` and waits for the ack or for the connection to end. */
  askRaw(jsonText: string, timeoutMs = 10_000): Promise<RawAck> {
    if (this.closedReason !== null)
      return Promise.resolve({ kind: 'closed', reason: this.closedReason });
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(
          new Error(
            `no ack and no close within ${timeoutMs} ms for frame 42${AGENT_NAMESPACE},${id}${jsonText.slice(0, 200)}`,
          ),
        );
      }, timeoutMs);
      this.pending.set(id, (ack) => {
        clearTimeout(timer);
        resolve(ack);
      });
      this.ws.send(`42${AGENT_NAMESPACE},${id}${jsonText}`);
    });
  }

  /** Sends a frame verbatim (for frames that are not well-formed packets at all). */
  sendFrame(frame: string) {
    this.ws.send(frame);
  }

  /** Resolves once the server has closed the connection, or after `ms` with false. */
  waitClosed(ms: number): Promise<boolean> {
    if (this.closedReason !== null) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      this.ws.addEventListener('close', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  close() {
    this.ws.close();
  }
}
