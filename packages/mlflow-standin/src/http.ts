import type http from 'node:http';
import type { RequestParams } from './types';

export function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** A request's parameters: the query string of a GET, the JSON body otherwise (throws on bad JSON). */
export function paramsOf(
  method: string,
  url: URL,
  body: string,
): RequestParams {
  if (method === 'GET') return Object.fromEntries(url.searchParams.entries());
  return body ? JSON.parse(body) : {};
}

/** Sends a complete response (JSON unless `payload` is already a string). */
export function send(
  res: http.ServerResponse,
  status: number,
  payload: unknown,
  type = 'application/json',
) {
  if (res.destroyed) return;
  const out = typeof payload === 'string' ? payload : JSON.stringify(payload);
  res.writeHead(status, {
    'content-type': type,
    'content-length': Buffer.byteLength(out),
  });
  res.end(out);
}

/** Streams `bytes` spaces as an application/json body, honouring back-pressure. */
export function sendHuge(res: http.ServerResponse, bytes: number) {
  res.writeHead(200, { 'content-type': 'application/json' });
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  let sent = 0;
  const pump = () => {
    while (sent < bytes && !res.destroyed) {
      sent += chunk.length;
      if (!res.write(chunk)) {
        res.once('drain', pump);
        return;
      }
    }
    res.end();
  };
  pump();
}
