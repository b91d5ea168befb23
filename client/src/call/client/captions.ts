import type { ResponseOf } from '@shared/call/events';
import type { CaptionsState } from '@shared/captions/schemas';
import { request } from '../socket';
import type { CallContext } from './context';

/**
 * The call's live captions: the session's lines as the server sends them (`caption:state`, also right after a join
 * when there are any), and the caption role's requests (the venue device types, captions the room automatically,
 * and chooses 「記録を残す」).
 */
export class CallCaptions {
  private current: CaptionsState | null = null;

  constructor(private readonly ctx: CallContext) {}

  get state(): CaptionsState | null {
    return this.current;
  }

  apply(state: CaptionsState): void {
    this.current = state;
    this.ctx.changed();
  }

  send(text: string, replaces?: string): Promise<ResponseOf<'caption:send'>> {
    return request(this.ctx.socket, 'caption:send', replaces ? { text, replaces } : { text });
  }

  /** The venue's speech recognition: interim words or a final line (a failure is logged: the next words follow). */
  auto(text: string, final: boolean): void {
    request(this.ctx.socket, 'caption:auto', { text, final }).catch((error: unknown) => this.ctx.log('automatic caption refused', error));
  }

  async setTranscript(keep: boolean): Promise<void> {
    this.apply(await request(this.ctx.socket, 'caption:setTranscript', { keep }));
  }
}
