import http from 'node:http';

/** Small JSON fetch helper for API tests: sends the cookie, returns status and parsed body. */
export async function api<T = unknown>(
  baseUrl: string,
  method: string,
  path: string,
  options: { cookie?: string; body?: unknown } = {},
): Promise<{ status: number; body: T; headers: Headers }> {
  const headers: Record<string, string> = {};
  if (options.cookie) headers.cookie = options.cookie;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  const body = (text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T;
  return { status: response.status, body, headers: response.headers };
}

/**
 * A request with exactly the headers given (node:http: fetch would add its own, and may not send Origin), for
 * tests of what a browser on another site sends. The body is sent as is; the answer's JSON is parsed if any.
 */
export async function rawRequest<T = unknown>(
  baseUrl: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string | Uint8Array } = {},
): Promise<{ status: number; body: T; headers: http.IncomingHttpHeaders }> {
  const url = new URL(path, baseUrl);
  const headers = { ...options.headers };
  if (options.body !== undefined) headers['content-length'] = String(Buffer.byteLength(options.body));
  const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
    const request = http.request(url, { method, headers, agent: false }, resolve);
    request.on('error', reject);
    request.end(options.body);
  });
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  const body = (text && String(response.headers['content-type']).includes('json') ? JSON.parse(text) : text) as T;
  return { status: response.statusCode ?? 0, body, headers: response.headers };
}
