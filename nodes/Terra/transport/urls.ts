/** Where a request goes: the credential's base URL (or the Widget API or legacy host beside it) and the endpoint's path. */
import { TERRA_BASE_URL_CURRENT, TERRA_BASE_URL_LEGACY } from '../../../credentials/TerraApi.credentials';
import type { TerraEndpoint } from '../endpoints';

export interface TerraCredentials {
	baseUrl: string;
	customBaseUrl?: string;
	allowInsecureHttp?: boolean;
	devId?: string;
	apiKey?: string;
	signingSecret?: string;
}

function trimSlashes(url: string): string {
	return url.trim().replace(/\/+$/, '');
}

/** The data API base URL chosen in the credential, e.g. https://access.tryterra.co/api/v2. */
export function apiBaseUrl(credentials: TerraCredentials): string {
	return trimSlashes(
		credentials.baseUrl === 'custom' ? (credentials.customBaseUrl ?? '') : credentials.baseUrl,
	);
}

/**
 * The Widget API sits beside the data API: https://access.tryterra.co/widget/session. For a custom base URL
 * (proxy or emulator) the same relation holds: strip the /api/v2 (or /v2) suffix.
 */
export function widgetBaseUrl(credentials: TerraCredentials): string {
	const api = apiBaseUrl(credentials);
	if (api === TERRA_BASE_URL_LEGACY) return 'https://access.tryterra.co';
	return api.replace(/\/api\/v2$/, '').replace(/\/v2$/, '');
}

/**
 * Where an endpoint Terra serves only on its legacy host goes, with the same credential (both hosts take the same
 * dev ID and API key): the current host's sibling https://api.tryterra.co/v2, or, for a custom base URL ending in
 * /api/v2 (the emulator serves both surfaces), the same server's /v2. Any other custom base URL is used as it is: a
 * proxy is expected to route these paths itself.
 */
export function legacyBaseUrl(credentials: TerraCredentials): string {
	const api = apiBaseUrl(credentials);
	if (api === TERRA_BASE_URL_CURRENT) return TERRA_BASE_URL_LEGACY;
	return api.replace(/\/api\/v2$/, '/v2');
}

export function expandPath(endpoint: TerraEndpoint, pathParams: Record<string, string> = {}): string {
	return endpoint.path.replace(/\{(\w+)\}/g, (_match, name: string) =>
		encodeURIComponent(pathParams[name] ?? ''),
	);
}
