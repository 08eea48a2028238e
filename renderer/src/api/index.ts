import { findBridge, createBridgeTransport } from './bridgeTransport';
import { createApiClient, type ApiClient } from './client';
import { createWebSocketTransport, webSocketUrl } from './webSocketTransport';

export type { ApiClient, CallOptions, ConnectionState, Progress } from './client';
export { ApiError } from '../../../app/api/errors';

/** Electron's preload bridge when present, otherwise the web host that served this page. */
export function createDefaultApiClient(): ApiClient {
  const bridge = findBridge(window);
  const transport = bridge ? createBridgeTransport(bridge) : createWebSocketTransport({ url: webSocketUrl(window.location) });
  return createApiClient(transport);
}
export { mediaUrl, PIXEL_HEADERS, type MediaKind } from './media';
