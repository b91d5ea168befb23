import { useEffect, useMemo, useState } from 'react';
import type { CaptionsState, OpenCaptions } from '@shared/captions/schemas';
import { createSocket, request } from '../../call/socket';
import { CaptionBand } from '../../features/captions/CaptionBand';
import { CaptionWriter, captionErrorMessage } from '../../features/captions/CaptionWriter';
import { useCaptionsT } from '../../i18n/captions';
import { toCallError } from '../../lib/errors';

type PageState = { kind: 'connecting' } | { kind: 'open'; captions: CaptionsState } | { kind: 'refused'; message: string };

/**
 * The caption writer's page (要約筆記), not in the call: a caption link (`/c/:token`) or a signed-in staff member
 * (`/captions/:sessionId`). It opens the session's captions on its own socket (again after a reconnect), follows
 * `caption:state`, and sends each typed line; the screens' band is shown below as the room sees it.
 */
function CaptionWriterPage({ credentials }: { credentials: OpenCaptions }) {
  const { t } = useCaptionsT();
  const socket = useMemo(() => createSocket(), []);
  const [state, setState] = useState<PageState>({ kind: 'connecting' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const open = () => {
      request(socket, 'caption:open', credentials).then(
        (captions) => setState({ kind: 'open', captions }),
        (failure: unknown) => setState({ kind: 'refused', message: captionErrorMessage(t, toCallError(failure).code) }),
      );
    };
    socket.on('connect', open);
    socket.on('caption:state', (captions) => setState({ kind: 'open', captions }));
    socket.connect();
    return () => {
      socket.off('connect', open);
      socket.off('caption:state');
      socket.disconnect();
    };
  }, [socket, credentials, t, attempt]);

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
          <CaptionWriter
            captions={state.captions}
            send={(text, replaces) => request(socket, 'caption:send', replaces ? { text, replaces } : { text })}
          />
          <div className="caption-page__preview">
            <CaptionBand captions={state.captions} />
          </div>
        </>
      )}
    </main>
  );
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
