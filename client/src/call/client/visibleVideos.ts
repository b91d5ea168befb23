/** What a VisibleVideos needs from the call: a way to send the request, and whether it can now. */
export interface VisibleVideosPort {
  send(peerIds: string[] | null): Promise<unknown>;
  canSend(): boolean;
  failed(error: unknown): void;
}

/** The server's starting point for every new peer: it sends every video. */
const ALL = 'all';

function keyOf(peerIds: readonly string[] | null): string {
  return peerIds === null ? ALL : JSON.stringify(peerIds);
}

/**
 * The peers whose videos this screen shows, told to the server (call:setVisibleVideos) once per
 * change, never twice the same, and again after every (re)join, where the server starts from "all".
 */
export class VisibleVideos {
  /** undefined: the screen has not said (the server goes on sending every video). */
  private wanted: readonly string[] | null | undefined;
  /** What the server applies now for this peer; undefined when unknown (a request failed). */
  private serverKey: string | undefined = ALL;

  constructor(private readonly port: VisibleVideosPort) {}

  /** The screen shows these peers' videos now (null: every video). */
  set(peerIds: readonly string[] | null): void {
    this.wanted = peerIds === null ? null : [...new Set(peerIds)].sort();
    this.flush();
  }

  /** A new join: the server has a new peer that receives every video. */
  forget(): void {
    this.serverKey = ALL;
  }

  /** Sends what the screen wants if the server does not have it yet (after a join, or when it can send again). */
  flush(): void {
    const wanted = this.wanted;
    if (wanted === undefined || !this.port.canSend()) return;
    const key = keyOf(wanted);
    if (key === this.serverKey) return;
    this.serverKey = key;
    this.port.send(wanted === null ? null : [...wanted]).catch((error: unknown) => {
      if (this.serverKey === key) this.serverKey = undefined;
      this.port.failed(error);
    });
  }
}
