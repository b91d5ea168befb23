import { createContext, useContext } from 'react';

/** The places in the staff header (each page says which one it belongs to). */
export type StaffNavKey = 'admin' | 'host' | 'watch' | 'videos' | 'account';

/** What the staff header shows around the page: who is signed in, where to go, and signing out. */
export interface StaffNav {
  /** 「運営担当：山田 花子」 */
  signedInAs: string;
  links: readonly { key: StaffNavKey; href: string; label: string }[];
  signOut: () => void;
}

const StaffNavContext = createContext<StaffNav | null>(null);

/**
 * Gives the staff pages inside it their header (pages/staff/StaffArea provides it for every staff page). Apart
 * from StaffLayout so that providing it does not load the staff pages' styles.
 */
export const StaffNavProvider = StaffNavContext.Provider;

export function useStaffNav(): StaffNav {
  const nav = useContext(StaffNavContext);
  if (!nav) throw new Error('<StaffLayout> outside <StaffNavProvider>');
  return nav;
}
