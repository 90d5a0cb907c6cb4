/**
 * The Authentication resource: auth links, widget sessions (current and legacy endpoint), mobile SDK tokens,
 * deauthentication.
 */
import { byId, jsonOf, runTerra, terraDirect } from '../support';
import type { OperationsContext } from './context';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function authenticationCases({ emulator, onlyRequest }: OperationsContext): void {
	describe('Authentication', () => {
		it('Generate Auth Link sends the provider as `resource` and the optional fields as Terra names them', async () => {
			const [item] = jsonOf(
				await runTerra(emulator(), {
					resource: 'authentication',
					operation: 'generateAuthLink',
					provider: 'oura',
					additionalFields: {
						referenceId: 'customer-42',
						language: 'en',
						successRedirectUrl: 'https://app.example/ok',
						failureRedirectUrl: 'https://app.example/failed',
					},
				}),
			);
			const request = onlyRequest('authentication:generateAuthLink');
			expect(request.query).toEqual({ resource: 'OURA' });
			expect(request.body).toEqual({
				reference_id: 'customer-42',
				language: 'en',
				auth_success_redirect_url: 'https://app.example/ok',
				auth_failure_redirect_url: 'https://app.example/failed',
			});
			expect(item).toEqual(expect.objectContaining({ status: 'success', user_id: expect.stringMatching(UUID) }));
			expect(String(item.auth_url)).toMatch(/^https?:\/\//);
		});

		it('version 1.1 takes Reference ID from its own field on Generate Auth Link and Widget Session; version 1 from Additional Fields', async () => {
			await runTerra(
				emulator(),
				{ resource: 'authentication', operation: 'generateAuthLink', provider: 'OURA', referenceId: 'customer-44', additionalFields: { language: 'en' } },
				{ typeVersion: 1.1 },
			);
			expect(onlyRequest('authentication:generateAuthLink').body).toEqual({ reference_id: 'customer-44', language: 'en' });
			emulator().clearRequests();
			await runTerra(
				emulator(),
				{ resource: 'authentication', operation: 'generateWidgetSession', referenceId: 'customer-45' },
				{ typeVersion: 1.1 },
			);
			expect(onlyRequest('authentication:generateWidgetSession', 'widget').body).toEqual({ reference_id: 'customer-45' });
			emulator().clearRequests();
			// Version 1 has no such field: a value there is not read (n8n drops it), the one under Additional Fields is.
			await runTerra(emulator(), {
				resource: 'authentication',
				operation: 'generateAuthLink',
				provider: 'OURA',
				referenceId: 'ignored',
				additionalFields: { referenceId: 'customer-46' },
			});
			expect(onlyRequest('authentication:generateAuthLink').body).toEqual({ reference_id: 'customer-46' });
		});

		it('Generate Widget Session uses the Widget API with providers as one comma-separated string', async () => {
			const [item] = jsonOf(
				await runTerra(emulator(), {
					resource: 'authentication',
					operation: 'generateWidgetSession',
					providers: ['GARMIN', 'OURA'],
					additionalFields: { referenceId: 'customer-43', showDisconnect: true },
				}),
			);
			const request = onlyRequest('authentication:generateWidgetSession', 'widget');
			expect(request.path).toBe('/widget/session');
			expect(request.body).toEqual({ providers: 'GARMIN,OURA', reference_id: 'customer-43', show_disconnect: true });
			expect(item).toEqual(expect.objectContaining({ status: 'success', session_id: expect.any(String) }));
			expect(String(item.url)).toMatch(/^https?:\/\//);
		});

		it('Generate Widget Session can still call the deprecated /auth/generateWidgetSession', async () => {
			const [item] = jsonOf(
				await runTerra(emulator(), {
					resource: 'authentication',
					operation: 'generateWidgetSession',
					widgetEndpoint: 'legacy',
					providers: [],
					additionalFields: { language: 'fr' },
				}),
			);
			expect(onlyRequest('authentication:generateWidgetSessionLegacy').body).toEqual({ language: 'fr' });
			expect(item).toEqual(expect.objectContaining({ status: 'success', expires_in: 900 }));
		});

		it('Generate Mobile SDK Token posts no body and outputs the token', async () => {
			const [item] = jsonOf(
				await runTerra(emulator(), { resource: 'authentication', operation: 'generateMobileSdkToken' }),
			);
			const request = onlyRequest('authentication:generateMobileSdkToken');
			expect(request.rawBody.length).toBe(0);
			expect(item).toEqual(expect.objectContaining({ status: 'success', token: expect.any(String), expires_in: 180 }));
		});

		it('Deauthenticate User sends user_id as a query parameter and outputs {deleted: true}', async () => {
			const references = emulator().users.map((user) => user.reference_id);
			const victim = [...emulator().users]
				.reverse()
				.find((user) => user.provider !== 'GARMIN' && references.filter((ref) => ref === user.reference_id).length === 1)!;
			const items = jsonOf(
				await runTerra(emulator(), {
					resource: 'authentication',
					operation: 'deauthenticateUser',
					user: byId(victim.user_id),
				}),
			);
			expect(onlyRequest('authentication:deauthenticateUser').query).toEqual({ user_id: victim.user_id });
			expect(items).toEqual([{ deleted: true, user_id: victim.user_id, status: 'success' }]);
			expect((await terraDirect(emulator(), `/userInfo?user_id=${victim.user_id}`)).status).toBe(404);
		});
	});
}
