/** A child process with the server's process guards: `reject` leaves a rejected promise, `throw` throws from a timer. */
import { installProcessGuards } from '../../../server/src/core/processGuards';
import { createLogger } from '../../../server/src/core/logger';

const logger = createLogger('info');
installProcessGuards(logger, async (reason) => {
  process.stdout.write(`${JSON.stringify({ closedFor: reason })}\n`);
});

if (process.argv[2] === 'reject') {
  void Promise.reject(new Error('stray rejection'));
  setTimeout(() => {
    process.stdout.write(`${JSON.stringify({ stillRunning: true })}\n`);
    process.exit(0);
  }, 300);
} else {
  setTimeout(() => {
    throw new Error('boom in a timer');
  }, 10);
  setTimeout(() => process.stdout.write(`${JSON.stringify({ stillRunning: true })}\n`), 2_000);
}
