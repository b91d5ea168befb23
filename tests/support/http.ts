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
