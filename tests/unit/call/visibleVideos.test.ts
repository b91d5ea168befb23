import { describe, expect, it } from 'vitest';
import { VisibleVideos } from '../../../client/src/call/client/visibleVideos';

/** A stand-in for the socket: records each request and answers when the test says. */
function fakePort() {
  const sent: (string[] | null)[] = [];
  const answers: { resolve: () => void; reject: (e: Error) => void }[] = [];
  const port = {
    connected: true,
    failures: 0,
    send(peerIds: string[] | null) {
      sent.push(peerIds);
      return new Promise<void>((resolve, reject) => answers.push({ resolve, reject }));
    },
    canSend: () => port.connected,
    failed: () => void (port.failures += 1),
  };
  return { port, sent, answers };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('telling the server which videos the screen shows', () => {
  it('sends nothing until the screen says, then each change once (order and repeats do not matter)', () => {
    const { port, sent } = fakePort();
    const visible = new VisibleVideos(port);
    visible.flush();
    expect(sent).toEqual([]);

    visible.set(['venue', 'p-2', 'p-1']);
    visible.set(['p-1', 'venue', 'p-2', 'p-2']);
    expect(sent).toEqual([['p-1', 'p-2', 'venue']]);
    visible.set(['venue', 'p-3']);
    expect(sent).toEqual([
      ['p-1', 'p-2', 'venue'],
      ['p-3', 'venue'],
    ]);
  });

  it('does not send "every video" to a server that already sends every video', () => {
    const { port, sent } = fakePort();
    const visible = new VisibleVideos(port);
    visible.set(null);
    expect(sent).toEqual([]);
    visible.set([]);
    visible.set(null);
    expect(sent).toEqual([[], null]);
  });

  it('says it again after a rejoin, and waits while the socket is down', () => {
    const { port, sent } = fakePort();
    const visible = new VisibleVideos(port);
    visible.set(['venue']);
    port.connected = false;
    visible.forget(); // the call is being joined again
    visible.set(['venue', 'p-1']);
    visible.flush();
    expect(sent).toEqual([['venue']]);

    port.connected = true;
    visible.flush(); // joined again
    visible.flush();
    expect(sent).toEqual([['venue'], ['p-1', 'venue']]);
  });

  it('sends again after a refused request, but not after an old request failed once a newer one was sent', async () => {
    const { port, sent, answers } = fakePort();
    const visible = new VisibleVideos(port);
    visible.set(['venue']);
    answers[0]!.reject(new Error('NOT_JOINED'));
    await settle();
    expect(port.failures).toBe(1);
    visible.flush();
    expect(sent).toEqual([['venue'], ['venue']]);

    visible.set(['p-1']);
    answers[1]!.reject(new Error('late failure of the older request'));
    answers[2]!.resolve();
    await settle();
    visible.flush();
    expect(sent).toEqual([['venue'], ['venue'], ['p-1']]);
  });
});
