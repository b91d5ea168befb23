import type { CSSProperties, ReactNode } from 'react';
import type { SessionSummary } from '@shared/call/schemas';
import type { CallClient } from '../../call/CallClient';
import { BigButton } from '../../ui/BigButton';
import { MediaProblemNotice } from '../../features/call/MediaProblemNotice';
import { SessionInfo } from '../../features/call/SessionInfo';
import type { CallSnapshot } from '../../call/types';

interface LobbyLayoutProps {
  testId: string;
  /** The venue's lobby has its own styling. */
  venue?: boolean;
  /** The big heading: a greeting at home, the venue's name at the venue. */
  heading: string;
  session: SessionSummary;
  showVenue?: boolean;
  /** The left/top column: your own picture. */
  preview: ReactNode;
  /** The right/bottom column: notices, settings. */
  side: ReactNode;
}

/** Before the call: which gathering, your own picture, and what to check before joining. */
export function LobbyLayout({ testId, venue = false, heading, session, showVenue = true, preview, side }: LobbyLayoutProps) {
  return (
    <main className={venue ? 'lobby lobby--venue' : 'lobby lobby--home'} data-testid={testId}>
      <header className="lobby__header">
        <h1 className="lobby__greeting" style={{ '--heading-ems': textEms(heading) } as CSSProperties}>
          {heading}
        </h1>
        <SessionInfo session={session} showVenue={showVenue} />
      </header>
      <div className="lobby__body">
        <div className="lobby__preview">{preview}</div>
        <div className="lobby__side">{side}</div>
      </div>
    </main>
  );
}

/** The one huge button that starts the call (参加する / はじめる). */
export function LobbyJoinButton({ label, onClick }: { label: string; onClick: () => void }) {
  return <BigButton label={label} variant="primary" size="huge" onClick={onClick} className="lobby__join" data-testid="join-button" />;
}

/** What is wrong with the camera or microphone, with a button that asks for them again. */
export function LobbyMediaProblem({ client, snapshot }: { client: CallClient | null; snapshot: CallSnapshot }) {
  return <MediaProblemNotice snapshot={snapshot} onRetry={() => void client?.startLocalMedia()} />;
}

/**
 * How wide `text` is in em, roughly (a Japanese character 1, a Latin letter, digit or space ½): lets CSS size a
 * heading so that it fits on one line of a phone (see lobby.css).
 */
export function textEms(text: string): number {
  let ems = 0;
  for (const char of text) ems += char.charCodeAt(0) < 0x2e80 ? 0.55 : 1;
  return Math.ceil(ems * 10) / 10;
}
