import { describe, expect, it } from 'vitest';
import { sendFailure } from '../../../client/src/features/checkins/sendFailure';
import { CallError } from '../../../client/src/lib/errors';

describe('a questionnaire that could not be sent', () => {
  it('keeps the code and offers no retry for CONFLICT (answered in the last six months), which can never pass', () => {
    expect(sendFailure(new CallError('CONFLICT', 'The questionnaire was completed less than 6 months ago'))).toEqual({
      code: 'CONFLICT',
      retry: false,
    });
  });

  it('offers no retry for NO_CONSENT either', () => {
    expect(sendFailure(new CallError('NO_CONSENT', 'no consent'))).toEqual({ code: 'NO_CONSENT', retry: false });
  });

  it('offers a retry when sending again may work (the network, a timeout, a server error, an unknown failure)', () => {
    for (const code of ['NETWORK', 'TIMEOUT', 'INTERNAL', 'SERVER_BUSY', 'NOT_JOINED'] as const) {
      expect(sendFailure(new CallError(code, 'failed'))).toEqual({ code, retry: true });
    }
    expect(sendFailure(new Error('socket closed'))).toEqual({ code: 'INTERNAL', retry: true });
  });
});
