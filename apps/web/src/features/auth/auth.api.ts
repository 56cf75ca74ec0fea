import { type LoginRequest, Me } from '@dossier/contract';
import { type QueryClient, useQuery } from '@tanstack/react-query';
import { ApiError, request } from '../../api/http.ts';

export const meKey = ['auth', 'me'] as const;

/** The signed-in user, or null when there is no session (401 is an answer here, not an error). */
export async function fetchMe(): Promise<Me | null> {
  try {
    return await request('/api/auth/me', { schema: Me, redirectOn401: false });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export function useMe() {
  return useQuery({ queryKey: meKey, queryFn: fetchMe, staleTime: Number.POSITIVE_INFINITY, retry: false });
}

export async function login(body: LoginRequest): Promise<Me> {
  const me = await request('/api/auth/login', { method: 'POST', body, schema: Me, redirectOn401: false });
  sessionLost = false;
  return me;
}

export function logout(): Promise<void> {
  return request<void>('/api/auth/logout', { method: 'POST', redirectOn401: false });
}

let sessionLost = false;

/** The server answered 401 to a signed-in user: the session timed out or was ended elsewhere. */
export function markSessionLost(queryClient: QueryClient): void {
  if (queryClient.getQueryData(meKey)) sessionLost = true;
  forgetSession(queryClient);
}

/** Whether the login page should explain that the session ended. */
export function wasSessionLost(): boolean {
  return sessionLost;
}

/** Forget everything the last user loaded, so the next user cannot see a cached page of it. */
export function forgetSession(queryClient: QueryClient): void {
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== meKey[0] });
  queryClient.setQueryData(meKey, null);
}
