// A counting proxy between Parley and the X simulator: forwards every request unchanged (the
// Host header too, so OAuth signatures still match the address Parley signed) and counts the
// resources each answer returns, as X bills them (x-api/getting-started/pricing).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxiedCall {
  method: string;
  path: string;
  status: number;
  /** Posts, DM events and users in the answer, expansions included. */
  resources: number;
}

export interface CountingProxy {
  url: string;
  calls: ProxiedCall[];
  close(): Promise<void>;
}

function resourcesOf(body: string): number {
  try {
    const json = JSON.parse(body) as { data?: unknown; includes?: Record<string, unknown[]> };
    const data = Array.isArray(json.data) ? json.data.length : json.data ? 1 : 0;
    const included = Object.values(json.includes ?? {}).reduce((n, list) => n + (Array.isArray(list) ? list.length : 0), 0);
    return data + included;
  } catch {
    return 0;
  }
}

export async function countingProxy(targetUrl: string): Promise<CountingProxy> {
  const target = new URL(targetUrl);
  const calls: ProxiedCall[] = [];
  const server = http.createServer((req, res) => {
    const upstream = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (c: Buffer) => chunks.push(c));
        answer.on('end', () => {
          const body = Buffer.concat(chunks);
          calls.push({ method: req.method ?? '', path: (req.url ?? '').split('?')[0]!, status: answer.statusCode ?? 0, resources: resourcesOf(body.toString('utf8')) });
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          res.end(body);
        });
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
