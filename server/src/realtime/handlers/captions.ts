import type { CaptionRequestName, CaptionRequests } from '../../captions/CaptionRequests';
import type { HandlersOf } from './types';

/** Live captions: the writer page, the host's typed and automatic lines, 「記録を残す」. */
export function captionHandlers(captions: CaptionRequests): HandlersOf<CaptionRequestName> {
  return {
    'caption:open': async (req, conn) => await captions.open(conn, req),
    'caption:get': (_req, conn) => captions.get(conn),
    'caption:send': async (req, conn) => await captions.send(conn, req),
    'caption:auto': (req, conn) => captions.auto(conn, req),
    'caption:setTranscript': (req, conn) => captions.setTranscript(conn, req),
  };
}
