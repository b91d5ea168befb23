import { afterEach, describe, expect, it } from 'vitest';
import type { RegistrationState } from '../../../server/src/phone/sip';
import type { SipEndpoint } from '../../../server/src/phone/sip/SipEndpoint';
import { startEndpoint, startSipp, stopAll } from './sippHarness';

afterEach(stopAll);

function registrations(endpoint: SipEndpoint, count: number): Promise<RegistrationState[]> {
  const seen: RegistrationState[] = [];
  return new Promise((resolve) => {
    endpoint.on('registration', (state) => {
      seen.push(state);
      if (seen.length === count) resolve(seen);
    });
  });
}

const credentials = { username: 'kayoi050', password: 's3cret-pass' };

describe('REGISTER with the trunk', () => {
  it('answers the 401 digest challenge, is registered, and refreshes before the 2 s binding expires', async () => {
    const sipp = await startSipp({ scenario: 'register_401.xml' });
    const endpoint = await startEndpoint(
      { trunk: { host: '127.0.0.1', port: sipp.port, transport: 'udp' }, credentials },
      { registerExpires: 2 },
    );
    const states = await registrations(endpoint, 2);
    expect(states.map((s) => s.registered)).toEqual([true, true]);
    const result = await sipp.done;
    expect(result.code, result.output).toBe(0);
    expect(result.messages.match(/^REGISTER sip:127\.0\.0\.1:\d+ SIP\/2\.0/gm)).toHaveLength(4);
    expect(result.messages).not.toContain('403 Forbidden');
  });

  it('with a wrong password the trunk answers 403 and the endpoint reports it is not registered', async () => {
    const sipp = await startSipp({ scenario: 'register_401.xml' });
    const endpoint = await startEndpoint(
      { trunk: { host: '127.0.0.1', port: sipp.port, transport: 'udp' }, credentials: { ...credentials, password: 'wrong' } },
      { registerRetryMinMs: 60_000 },
    );
    const [state] = await registrations(endpoint, 1);
    expect(state).toEqual({ registered: false, lastStatus: 403 });
    await sipp.done;
  });

  it('while the trunk is down it retries with back-off, and registers once the trunk is up', async () => {
    const port = await startSipp({ scenario: 'register_401.xml' }).then(async (probe) => {
      probe.kill();
      await probe.done;
      return probe.port;
    });
    const endpoint = await startEndpoint(
      { trunk: { host: '127.0.0.1', port, transport: 'udp' }, credentials },
      { t1Ms: 10, registerRetryMinMs: 100, registerRetryMaxMs: 400, registerExpires: 3600 },
    );
    const failures = await registrations(endpoint, 2);
    expect(failures).toEqual([
      { registered: false, lastStatus: 408 },
      { registered: false, lastStatus: 408 },
    ]);
    const registered = new Promise<RegistrationState>((resolve) =>
      endpoint.on('registration', (state) => {
        if (state.registered) resolve(state);
      }),
    );
    const sipp = await startSipp({ scenario: 'register_401.xml', port });
    const state = await registered;
    expect(state.registered).toBe(true);
    sipp.kill();
  });

  it('over TCP a trunk refusing connections counts as 503 at once, and registration retries', async () => {
    const endpoint = await startEndpoint(
      { trunk: { host: '127.0.0.1', port: 9, transport: 'tcp' }, credentials },
      { registerRetryMinMs: 50, registerRetryMaxMs: 100 },
    );
    const failures = await registrations(endpoint, 2);
    expect(failures).toEqual([
      { registered: false, lastStatus: 503 },
      { registered: false, lastStatus: 503 },
    ]);
  });
});
