import { requestJson } from '../../lib/api';

export { handleUnauthenticated, requestJson as apiRequest } from '../../lib/api';

export const apiGet = <T>(path: string, signal?: AbortSignal) => requestJson<T>('GET', path, undefined, signal);
