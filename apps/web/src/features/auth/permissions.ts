import type { Me, Permission } from '@dossier/contract';
import { useMe } from './auth.api.ts';

export function hasPermission(me: Me | null | undefined, permission: Permission): boolean {
  return me?.permissions.includes(permission) ?? false;
}

/** The signed-in user. Only used below <RequireAuth>, which renders nothing until the user is known. */
export function useCurrentUser(): Me {
  const { data } = useMe();
  if (!data) throw new Error('useCurrentUser() used outside <RequireAuth>');
  return data;
}

export function useCan(permission: Permission): boolean {
  return hasPermission(useMe().data, permission);
}
