import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * What the proxy does with one Web API call:
 * - pass: forward it to the emulator and return Slack's answer;
 * - down: drop the connection, as when Slack cannot be reached;
 * - hang: hold it and never forward it (Slack never sees it);
 * - swallow: forward it (Slack acts on it) but never return the answer, as when the network or
 *   the caller's process fails after the request left;
 * - ratelimit: Slack's documented 429 with Retry-After.
 */
export type Fault = 'pass' | 'down' | 'hang' | 'swallow' | { ratelimit: number };

export type FaultRule = (call: { method: string; body: string }) => Fault;

export interface FaultProxy {
  /** Web API base to give the app as SLACK_API_URL. */
  apiUrl: string;
  /** Decides each call from now on; `() => 'pass'` restores normal service. */
  set(rule: FaultRule): void;
  /** Every call the proxy saw, in order, with what it did. */
  calls: { method: string; body: string; fault: string; at: number }[];
  /** The most calls that were open at once (received, not yet answered) since the last reset. */
  peakInFlight(): number;
  resetPeak(): void;
  close(): Promise<void>;
}

/** The Web API client sends forms; rules and assertions read them decoded. */
function readable(body: string): string {
  try {
    return decodeURIComponent(body.replace(/\+/g, ' '));
  } catch {
    return body;
  }
}

/**
 * A small HTTP proxy in front of the Slack emulator that injects faults (Slack down, slow,
 * rate-limiting, answers lost). A call it passes reaches the real emulator unchanged.
 */
export async function startFaultProxy(targetApiUrl: string): Promise<FaultProxy> {
  const target = new URL(targetApiUrl);
  let rule: FaultRule = () => 'pass';
  const calls: FaultProxy['calls'] = [];
  const sockets = new Set<Socket>();
  const held = new Set<ServerResponse>();
  let inFlight = 0;
  let peak = 0;

  const forward = (req: IncomingMessage, body: Buffer, res: ServerResponse | null) => {
    const path = `${target.pathname.replace(/\/$/, '')}/${(req.url ?? '/').replace(/^\/api\//, '')}`;
    const upstream = request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path,
        headers: { ...req.headers, host: target.host, 'content-length': String(body.length) },
      },
      (up) => {
        if (res === null) {
          up.resume();
          return;
        }
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res?.destroy());
    upstream.end(body);
  };

  const server: Server = createServer((req, res) => {
    inFlight += 1;
    peak = Math.max(peak, inFlight);
    res.once('close', () => (inFlight -= 1));
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '';
      const text = readable(body.toString('utf8'));
      const fault = rule({ method, body: text });
      calls.push({ method, body: text, fault: typeof fault === 'string' ? fault : '429', at: performance.now() });
      if (fault === 'pass') forward(req, body, res);
      else if (fault === 'down') req.socket.destroy();
      else if (fault === 'hang') held.add(res);
      else if (fault === 'swallow') {
        held.add(res);
        forward(req, body, null);
      } else {
        res.writeHead(429, { 'retry-after': String(fault.ratelimit), 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
      }
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    set(next) {
      rule = next;
    },
    calls,
    peakInFlight: () => peak,
    resetPeak() {
      peak = inFlight;
    },
    async close() {
      for (const r of held) r.destroy();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
