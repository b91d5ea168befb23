const STORAGE_KEY = 'kayoi.clientId';
const CHANNEL = 'kayoi.clientId';

function randomId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

let current: string | null = null;
let channel: BroadcastChannel | null = null;

/**
 * A random id for this browser tab, kept in sessionStorage so that a reload (or a rejoin)
 * replaces the tab's old peer on the server.
 */
export function getClientId(): string {
  if (current) return current;
  let id: string | null = null;
  try {
    id = sessionStorage.getItem(STORAGE_KEY);
  } catch {
    // storage disabled (private mode): an id per page load still works
  }
  if (!id || id.length < 8) {
    id = randomId();
    try {
      sessionStorage.setItem(STORAGE_KEY, id);
    } catch {
      // ignore
    }
  }
  current = id;
  watchForDuplicatedTab();
  return id;
}

/**
 * "Duplicate tab" copies sessionStorage, so two tabs could share one id and keep replacing each
 * other's peer. Each tab announces its id; a tab that hears its own id from another tab which
 * was there first takes a new one (the other tab then gets ALREADY_JOINED, which is explained).
 */
function watchForDuplicatedTab(): void {
  if (channel || typeof BroadcastChannel === 'undefined') return;
  const bornAt = performance.timeOrigin;
  channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = (event: MessageEvent<{ id: string; bornAt: number }>) => {
    const other = event.data;
    if (!other || other.id !== current) return;
    if (other.bornAt < bornAt) {
      // The other tab is older: we are the duplicate.
      current = randomId();
      try {
        sessionStorage.setItem(STORAGE_KEY, current);
      } catch {
        // ignore
      }
    } else {
      channel?.postMessage({ id: current, bornAt });
    }
  };
  channel.postMessage({ id: current, bornAt });
}
