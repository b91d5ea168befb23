import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBody } from '@shared/ack';
import { InviteInfo, VenueSessionInfo } from '@shared/sessions/schemas';
import { startTestApp, type TestApp } from '../../support/testApp';

let server: TestApp;
let clientDir: string;

beforeAll(async () => {
  clientDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kayoi-client-'));
  fs.writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><title>Kayoi test page</title>');
  server = await startTestApp({ clientDistDir: clientDir });
});
afterAll(async () => {
  await server?.close();
  fs.rmSync(clientDir, { recursive: true, force: true });
});

describe('invite and session lookups', () => {
  it('describes a valid invite: whose link it is and the session it opens', async () => {
    const response = await server.fetch(`/api/invites/${server.demo.invites[0]!.token}`);
    expect(response.status).toBe(200);
    const body = InviteInfo.parse(await response.json());
    expect(body.participantName).toBe('山田 花子');
    expect(body.venueName).toBe('さくら町 公民館');
    expect(body.session?.id).toBe(server.demo.sessionId);
  });

  it('answers an unknown invite with 404 INVALID_TOKEN', async () => {
    const response = await server.fetch(`/api/invites/not-a-real-token`);
    expect(response.status).toBe(404);
    expect(ErrorBody.parse(await response.json()).code).toBe('INVALID_TOKEN');
  });

  it('describes a session for the venue page, and 404s an unknown one', async () => {
    const ok = await server.fetch(`/api/sessions/${server.demo.sessionId}`);
    expect(VenueSessionInfo.parse(await ok.json())).toMatchObject({ venueName: 'さくら町 公民館', status: 'planned' });
    const missing = await server.fetch(`/api/sessions/nope`);
    expect(missing.status).toBe(404);
    expect(ErrorBody.parse(await missing.json()).code).toBe('SESSION_NOT_FOUND');
  });

  it('rejects an over-long token with 400 naming the field', async () => {
    const response = await server.fetch(`/api/invites/${'a'.repeat(300)}`);
    expect(response.status).toBe(400);
    expect(ErrorBody.parse(await response.json())).toMatchObject({ code: 'INVALID_PAYLOAD', field: 'params.token' });
  });
});

describe('serving the client', () => {
  it('serves the page for join and venue links, and JSON 404 for unknown API paths', async () => {
    for (const page of ['/j/some-token', `/venue/${server.demo.sessionId}`]) {
      const response = await server.fetch(page);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('Kayoi test page');
    }
    const api = await server.fetch(`/api/nothing-here`);
    expect(api.status).toBe(404);
    expect(ErrorBody.parse(await api.json()).code).toBe('NOT_FOUND');
  });
});
