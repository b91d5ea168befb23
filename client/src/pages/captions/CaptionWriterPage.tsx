import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CaptionsState, OpenCaptions } from '@shared/captions/schemas';
import { createSocket, moveSocket, REQUEST_TIMEOUT_MS, request, type CallSocket } from '../../call/socket';
import { CaptionBand } from '../../features/captions/CaptionBand';
import { CaptionWriter, captionErrorMessage } from '../../features/captions/CaptionWriter';
import { useCaptionsT } from '../../i18n/captions';
import { CallError, toCallError } from '../../lib/errors';

type PageState = { kind: 'connecting' } | { kind: 'open'; captions: CaptionsState } | { kind: 'refused'; message: string };

/**
 * The caption writer's page (要約筆記), not in the call: a caption link (`/c/:token`) or a signed-in staff member
 * (`/captions/:sessionId`). It opens the session's captions on its own socket (again after a reconnect), follows
 * `caption:state`, and sends each typed line; the screens' band is shown below as the room sees it. Multi-node: the
 * captions live on the session's node, so a WRONG_NODE answer (at the opening or at a line) moves the socket there, as
 * the call's devices do, and the line is sent again there; a `call:rejoin` (the session moved away) opens it again.
 */
function CaptionWriterPage({ credentials }: { credentials: OpenCaptions }) {
  const { t } = useCaptionsT();
  const socket = useMemo(() => createSocket(), []);
  const [state, setState] = useState<PageState>({ kind: 'connecting' });
  const [attempt, setAttempt] = useState(0);
  /** Lines waiting for the page to be open again on the session's node (after a move). */
  const reopened = useRef<(() => void)[]>([]);

  useEffect(() => {
    const open = () => {
      request(socket, 'caption:open', credentials).then(
        (captions) => {
          setState({ kind: 'open', captions });
          for (const resume of reopened.current.splice(0)) resume();
        },
        (failure: unknown) => {
          const error = toCallError(failure);
          if (!movedToNodeOf(socket, error)) setState({ kind: 'refused', message: captionErrorMessage(t, error.code) });
        },
      );
    };
    socket.on('connect', open);
    socket.on('caption:state', (captions) => setState({ kind: 'open', captions }));
    socket.on('call:rejoin', open);
    socket.connect();
    return () => {
      socket.off('connect', open);
      socket.off('caption:state');
      socket.off('call:rejoin', open);
      socket.disconnect();
    };
  }, [socket, credentials, t, attempt]);

  const send = useCallback(
    async (text: string, replaces?: string) => {
      const line = replaces ? { text, replaces } : { text };
      try {
        return await request(socket, 'caption:send', line);
      } catch (failure) {
        if (!movedToNodeOf(socket, toCallError(failure))) throw failure;
        await new Promise<void>((resolve, reject) => {
          reopened.current.push(resolve);
          setTimeout(() => reject(new CallError('TIMEOUT', 'caption:send: not open again after moving')), REQUEST_TIMEOUT_MS);
        });
        return await request(socket, 'caption:send', line);
      }
    },
    [socket],
  );

  return (
    <main className="caption-page">
      <h1 className="caption-page__title">{t('writer.title')}</h1>
      <p className="caption-page__lead">{t('writer.lead')}</p>
      {state.kind === 'connecting' && <p className="caption-page__status">{t('writer.connecting')}</p>}
      {state.kind === 'refused' && (
        <div className="caption-page__refused" role="alert" data-testid="caption-page-refused">
          <p>{state.message}</p>
          <button
            type="button"
            className="caption-writer__send"
            onClick={() => (setState({ kind: 'connecting' }), setAttempt((n) => n + 1))}
          >
            {t('writer.retry')}
          </button>
        </div>
      )}
      {state.kind === 'open' && (
        <>
          <CaptionWriter captions={state.captions} send={send} />
          <div className="caption-page__preview">
            <CaptionBand captions={state.captions} />
          </div>
        </>
      )}
    </main>
  );
}

/** Multi-node: the session's captions are on another node; the socket moves there (its `connect` opens them again). */
function movedToNodeOf(socket: CallSocket, error: CallError): boolean {
  return error.code === 'WRONG_NODE' && error.nodeUrl !== undefined && moveSocket(socket, error.nodeUrl);
}

/** `/c/:token`: a caption link. */
export function CaptionLinkPage({ token }: { token: string }) {
  const credentials = useMemo(() => ({ token }), [token]);
  return <CaptionWriterPage credentials={credentials} />;
}

/** `/captions/:sessionId`: a signed-in staff member writes captions for this session. */
export function StaffCaptionPage({ sessionId }: { sessionId: string }) {
  const credentials = useMemo(() => ({ sessionId }), [sessionId]);
  return <CaptionWriterPage credentials={credentials} />;
}
