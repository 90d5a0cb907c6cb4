/**
 * Terra emulator: an offline, contract-faithful Terra API (current /api/v2 and legacy /v2 surfaces plus the
 * widget API) and a Terra-style signed webhook sender. See the README section "Terra emulator".
 */
export * from './types';
export { signTerraPayload } from './webhooks/signature';
export { TERRA_EVENT_TYPES, TERRA_EVENT_VERSION, buildSampleEvent } from './webhooks/events';
export { sendEvent, DEFAULT_SIGNING_SECRET } from './webhooks/sendEvent';
export { startEmulator } from './emulator';
