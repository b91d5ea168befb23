import { afterEach, describe, expect, it, vi } from 'vitest';
import { getSignInState, signOut } from '../../../client/src/features/auth/session';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('signing out', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('when the server cannot be reached: resolves, is signed out here, keeps why for the login page and logs it', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))),
    );
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await expect(signOut()).resolves.toBeUndefined();
    expect(getSignInState()).toMatchObject({ status: 'signed-out', signOutFailed: { code: 'NETWORK' } });
    expect(warn).toHaveBeenCalledWith('[kayoi] signing out on the server failed', expect.objectContaining({ code: 'NETWORK' }));
  });

  it('when the server signs the browser out: signed out, nothing to report', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.resolve(json(200, { ok: true }))),
    );
    await signOut();
    expect(getSignInState()).toEqual({ status: 'signed-out' });
  });

  it('when the server had signed the browser out already (UNAUTHENTICATED): signed out, nothing to report', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.resolve(json(401, { ok: false, code: 'UNAUTHENTICATED', message: 'not signed in' }))),
    );
    await signOut();
    expect(getSignInState()).toEqual({ status: 'signed-out' });
  });
});
