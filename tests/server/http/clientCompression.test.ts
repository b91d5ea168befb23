import fs from 'node:fs';
import type http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/testApp';

// A built client in miniature: each text file has `.br` and `.gz` siblings, as vite.config.ts writes them.
const page = `<!doctype html><title>Kayoi compressed page</title>${'<!-- padding -->'.repeat(100)}`;
const script = `export const greeting = ${JSON.stringify('こんにちは '.repeat(400))};\n`;
const assetPath = '/assets/index-Ab12Cd34.js';

let server: TestApp;
let clientDir: string;

function writeWithSiblings(relative: string, text: string): void {
  const file = path.join(clientDir, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(text));
  fs.writeFileSync(`${file}.gz`, zlib.gzipSync(text));
}

/** A raw request with exactly this Accept-Encoding (fetch would add its own and decode the body). */
async function get(urlPath: string, acceptEncoding?: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  const headers = acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding };
  const response = await server.app.inject({ method: 'GET', url: urlPath, headers });
  return { status: response.statusCode, headers: response.headers as http.IncomingHttpHeaders, body: response.rawPayload };
}

beforeAll(async () => {
  clientDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kayoi-client-gz-'));
  writeWithSiblings('index.html', page);
  writeWithSiblings(assetPath, script);
  server = await startTestApp({ clientDistDir: clientDir });
});
afterAll(async () => {
  await server?.close();
  if (clientDir) fs.rmSync(clientDir, { recursive: true, force: true });
});

describe('serving the client compressed', () => {
  it('sends brotli when the browser accepts it, with a year-long immutable cache for hashed assets', async () => {
    const response = await get(assetPath, 'gzip, deflate, br');
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers['content-type']).toMatch(/javascript/);
    expect(response.headers['vary']).toMatch(/accept-encoding/i);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(zlib.brotliDecompressSync(response.body).toString()).toBe(script);
  });

  it('sends gzip when only gzip is accepted', async () => {
    const response = await get(assetPath, 'gzip');
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(response.headers['content-type']).toMatch(/javascript/);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(zlib.gunzipSync(response.body).toString()).toBe(script);
  });

  it('sends the file as it is without Accept-Encoding, or with identity only', async () => {
    for (const accept of [undefined, 'identity']) {
      const response = await get(assetPath, accept);
      expect(response.status).toBe(200);
      expect(response.headers['content-encoding']).toBeUndefined();
      expect(response.headers['vary']).toMatch(/accept-encoding/i);
      expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(response.body.toString()).toBe(script);
    }
  });

  it('sends index.html compressed and never cached stale, also for page links answered by the fallback', async () => {
    for (const link of ['/', '/index.html', '/j/some-token', `/venue/${server.demo.sessionId}`]) {
      const br = await get(link, 'br, gzip');
      expect(br.status, link).toBe(200);
      expect(br.headers['content-encoding'], link).toBe('br');
      expect(br.headers['content-type'], link).toMatch(/text\/html/);
      expect(br.headers['cache-control'], link).toBe('no-cache');
      expect(zlib.brotliDecompressSync(br.body).toString(), link).toBe(page);

      const gz = await get(link, 'gzip');
      expect(gz.headers['content-encoding'], link).toBe('gzip');
      expect(zlib.gunzipSync(gz.body).toString(), link).toBe(page);

      const plain = await get(link);
      expect(plain.headers['content-encoding'], link).toBeUndefined();
      expect(plain.headers['cache-control'], link).toBe('no-cache');
      expect(plain.body.toString(), link).toBe(page);
    }
  });

  it('keeps unknown API paths as JSON 404s', async () => {
    const response = await get('/api/nothing-here', 'br, gzip');
    expect(response.status).toBe(404);
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(response.body.toString())).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });
});
