import type { Logger } from '../core/logger';
import type { DemoSeed } from './seed';

const WEEKDAYS = ['日', '月', '火', '水', '木', '金', '土'];

/**
 * Tells whoever started the server how to try the demo: the venue link, three invite links and,
 * the first time only, the accounts' passwords. As plain text (readable in a terminal), and to the
 * log without the passwords.
 */
export function announceDemo(seed: DemoSeed, publicUrl: string, logger: Logger, announce?: (text: string) => void): void {
  const links = [
    `  Venue tablet (sign in as the host):  ${publicUrl}/venue/${seed.sessionId}`,
    `  Organiser pages:  ${publicUrl}/admin`,
    ...seed.invites.map((invite) => `  ${invite.displayName}:  ${publicUrl}/j/${invite.token}`),
  ];
  const accounts =
    seed.newAccounts.length > 0
      ? [
          '  Accounts (shown this once; change the passwords after signing in):',
          ...seed.newAccounts.map((a) => `    ${a.role}: ${a.email} / ${a.password}`),
        ]
      : ['  Accounts: organiser@example.jp and host@example.jp (passwords were shown at the first start)'];
  const oneOff = seed.oneOff
    ? [`  Today's session is a one-off made for the demo: ${seed.venueName} meets on ${WEEKDAYS[seed.oneOff.weekday]}曜日, not today.`]
    : [];
  logger.info({ venueTablet: `${publicUrl}/venue/${seed.sessionId}` }, `demo data ready at ${seed.venueName}`);
  announce?.([`\nDemo data (${seed.venueName}):`, ...accounts, ...oneOff, ...links, ''].join('\n'));
}
