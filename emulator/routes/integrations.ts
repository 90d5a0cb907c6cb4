import type { Ctx, Reply, Route } from '../http/context';
import { PROVIDERS } from '../data/providers';

/** Public: `{providers, sdk_providers, status}` (the legacy surface uses the older key `sdk_resource`). */
function integrations(ctx: Ctx): Reply {
	const providers = PROVIDERS.filter((p) => !p.sdk).map((p) => p.provider);
	const sdk = PROVIDERS.filter((p) => p.sdk).map((p) => p.provider);
	const sdkKey = ctx.surface === 'legacy' ? 'sdk_resource' : 'sdk_providers';
	return { status: 200, body: { providers, [sdkKey]: sdk, status: 'success' } };
}

/**
 * Public, optional dev-id: with the emulator's dev-id only providers enabled for the account are listed,
 * without it every supported provider. SDK providers only with ?sdk=true.
 */
function integrationsDetailed(ctx: Ctx): Reply {
	const withSdk = String(ctx.query.sdk ?? '').toLowerCase() === 'true';
	const ownAccount = ctx.headers['dev-id'] === ctx.state.devId;
	const providers = PROVIDERS.filter((p) => (withSdk || !p.sdk) && (!ownAccount || p.enabled)).map(
		(p) => ({
			provider: p.provider,
			name: p.name,
			icon: `${ctx.state.url}/__emulator/icons/${p.provider.toLowerCase()}.svg`,
			setup: p.sdk ? 'sdk' : 'oauth',
			enabled: p.enabled,
			types: p.types,
		}),
	);
	return { status: 200, body: { status: 'success', providers } };
}

export const integrationRoutes: Route[] = [
	{
		method: 'GET',
		pattern: '/integrations',
		surfaces: ['current', 'legacy'],
		auth: 'public',
		handler: integrations,
	},
	{
		method: 'GET',
		pattern: '/integrations/detailed',
		surfaces: ['current', 'legacy'],
		auth: 'public',
		handler: integrationsDetailed,
	},
];
