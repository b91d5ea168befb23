import { useCallback, useEffect, useSyncExternalStore } from 'react';
import { authRoutes } from '@shared/auth/routes';
import type { CurrentUser } from '@shared/auth/schemas';
import { toCallError, type CallError } from '../../lib/errors';
import { logFailure } from '../../lib/log';
import { apiCall, handleUnauthenticated } from '../../lib/api';

export type SignInState =
  | { status: 'checking' }
  /** `signOutFailed`: signed out here, but the server could not be told (it may still hold the sign-in). */
  | { status: 'signed-out'; signOutFailed?: CallError }
  | { status: 'signed-in'; user: CurrentUser }
  /** `/api/auth/me` failed for another reason (no network): we do not know yet. */
  | { status: 'error'; error: CallError };

/** One sign-in state for the whole page, shared by every `useCurrentUser()`. */
let state: SignInState = { status: 'checking' };
let checked = false;
const listeners = new Set<() => void>();

function setState(next: SignInState): void {
  state = next;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The page's sign-in state now (what `useCurrentUser()` follows). */
export function getSignInState(): SignInState {
  return state;
}

handleUnauthenticated(() => {
  if (state.status !== 'signed-out') setState({ status: 'signed-out' });
});

/** Asks the server who is signed in (the cookie is http-only, so only the server knows). */
export async function refreshCurrentUser(): Promise<void> {
  checked = true;
  if (state.status === 'error') setState({ status: 'checking' });
  try {
    setState({ status: 'signed-in', user: await apiCall(authRoutes.me) });
  } catch (error) {
    const callError = toCallError(error, 'NETWORK');
    setState(callError.code === 'UNAUTHENTICATED' ? { status: 'signed-out' } : { status: 'error', error: callError });
  }
}

/** Signs in; throws a CallError (INVALID_CREDENTIALS, NETWORK, …) when it does not work. */
export async function signIn(email: string, password: string): Promise<CurrentUser> {
  const user = await apiCall(authRoutes.login, { body: { email, password } });
  checked = true;
  setState({ status: 'signed-in', user });
  return user;
}

/**
 * Signs out on the server, then here. Signed out here even when the server cannot be reached (a shared tablet
 * must not stay open): then the failure is logged and kept in the state (`signOutFailed`), and the login page
 * says that the server may still hold the sign-in. Never rejects.
 */
export async function signOut(): Promise<void> {
  try {
    await apiCall(authRoutes.logout);
    setState({ status: 'signed-out' });
  } catch (error) {
    const failure = toCallError(error, 'NETWORK');
    // UNAUTHENTICATED: the server had signed this browser out already.
    if (failure.code === 'UNAUTHENTICATED') {
      setState({ status: 'signed-out' });
      return;
    }
    logFailure('signing out on the server')(failure);
    setState({ status: 'signed-out', signOutFailed: failure });
  }
}

export interface CurrentUserHook {
  state: SignInState;
  /** The signed-in user, or null while checking or signed out. */
  user: CurrentUser | null;
  refresh: () => void;
  /** Never rejects: see `signOut`. */
  signOut: () => Promise<void>;
}

/** Who is signed in: checks `/api/auth/me` once per page load; 401 → signed out. */
export function useCurrentUser(): CurrentUserHook {
  const current = useSyncExternalStore(subscribe, getSignInState);
  useEffect(() => {
    if (!checked) void refreshCurrentUser();
  }, []);
  const refresh = useCallback(() => void refreshCurrentUser(), []);
  return { state: current, user: current.status === 'signed-in' ? current.user : null, refresh, signOut };
}
