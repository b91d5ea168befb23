import type { ReactNode } from 'react';

interface MessageScreenProps {
  title: string;
  children?: ReactNode;
  /** The one thing to do next (usually a single big button). */
  action?: ReactNode;
  tone?: 'plain' | 'warning';
  testId?: string;
}

/** A calm full page: a heading, a few plain sentences and at most one obvious action. */
export function MessageScreen({ title, children, action, tone = 'plain', testId }: MessageScreenProps) {
  return (
    <main className={`message-screen message-screen--${tone}`} data-testid={testId}>
      <div className="message-screen__box">
        <h1 className="message-screen__title">{title}</h1>
        {children && <div className="message-screen__body">{children}</div>}
        {action && <div className="message-screen__action">{action}</div>}
      </div>
    </main>
  );
}
