import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/testApp';

let server: TestApp;
/** This app listens: the test needs real connections. */
let baseUrl: string;
let certDir: string;

beforeAll(async () => {
  certDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kayoi-tls-'));
  const keyFile = path.join(certDir, 'key.pem');
  const certFile = path.join(certDir, 'cert.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-subj', '/CN=localhost', '-days', '1'],
    {
      stdio: 'ignore',
    },
  );
  server = await startTestApp({ tls: { certFile, keyFile } });
  baseUrl = await server.listen();
});
afterAll(async () => {
  await server?.close();
  fs.rmSync(certDir, { recursive: true, force: true });
});

function getHttps(url: string): Promise<{ status: number; body: string; certificateSubject: string }> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { rejectUnauthorized: false }, (response) => {
        const certificate = (response.socket as TLSSocket).getPeerCertificate();
        let body = '';
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => {
          resolve({ status: response.statusCode ?? 0, body, certificateSubject: String(certificate.subject.CN ?? '') });
        });
      })
      .on('error', reject);
  });
}

describe('HTTPS', () => {
  it('serves the API over TLS with the configured certificate', async () => {
    expect(baseUrl.startsWith('https://')).toBe(true);
    const response = await getHttps(`${baseUrl}/api/health`);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ ok: true });
    expect(response.certificateSubject).toBe('localhost');
  });
});
