/** How the client reports what it does and what went wrong: a message and an optional detail. */
export type Log = (message: string, detail?: unknown) => void;

/** The default log: the browser console, prefixed so our lines are easy to find. */
export const consoleLog: Log = (message, detail) => console.info(`[kayoi] ${message}`, detail ?? '');

const consoleWarn: Log = (message, detail) => console.warn(`[kayoi] ${message}`, detail ?? '');

/** For failures that are expected now and then (a `play()` interrupted by a new stream). */
export const consoleDebug: Log = (message, detail) => console.debug(`[kayoi] ${message}`, detail ?? '');

/**
 * A rejection handler for a step whose failure the page can live with (a video that will not
 * autoplay, a wake lock refused): it logs what failed and why, then carries on.
 */
export function logFailure(what: string, log: Log = consoleWarn): (error: unknown) => void {
  return (error) => log(`${what} failed`, error);
}
