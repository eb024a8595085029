import { createContext, useContext, type ReactNode } from 'react';
import type { ApiClient } from '../api/client';

export interface Session {
  token: string;
  tenantId: string | null;
  api: ApiClient;
  signOut: (reason?: string) => void;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ session, children }: { session: Session; children: ReactNode }) {
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
