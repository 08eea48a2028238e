import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { ApiClient, ConnectionState } from './client';

const ApiContext = createContext<ApiClient | null>(null);

export function ApiProvider({ client, children }: { client: ApiClient; children: ReactNode }) {
  return <ApiContext.Provider value={client}>{children}</ApiContext.Provider>;
}

export function useApi(): ApiClient {
  const client = useContext(ApiContext);
  if (!client) throw new Error('useApi() needs an <ApiProvider> above it.');
  return client;
}

export function useConnection(): ConnectionState {
  const client = useApi();
  return useSyncExternalStore(
    (cb) => client.onConnectionChange(cb),
    () => client.connection,
  );
}
