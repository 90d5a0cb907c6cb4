/** The Integration resource: the provider lists, plain and detailed. */
import type { IDataObject } from 'n8n-workflow';

import { jsonOf, runTerra, terraDirect } from '../support';
import type { OperationsContext } from './context';

export function integrationCases({ emulator, onlyRequest }: OperationsContext): void {
	describe('Integration', () => {
		it('Get Many lists every provider, SDK ones flagged (GET /integrations)', async () => {
			const items = jsonOf(await runTerra(emulator(), { resource: 'integration', operation: 'getAll' }));
			const request = onlyRequest('integration:getAll');
			expect(request.query).toEqual({});
			const direct = (await terraDirect(emulator(), '/integrations')).body as { providers: string[]; sdk_providers: string[] };
			expect(items).toEqual([
				...direct.providers.map((provider) => ({ provider, sdk: false })),
				...direct.sdk_providers.map((provider) => ({ provider, sdk: true })),
			]);
		});

		it('Get Many (Detailed) passes the sdk flag and outputs one item per provider', async () => {
			const items = jsonOf(
				await runTerra(emulator(), { resource: 'integration', operation: 'getAllDetailed', sdk: true }),
			);
			expect(onlyRequest('integration:getAllDetailed').query).toEqual({ sdk: 'true' });
			const direct = (await terraDirect(emulator(), '/integrations/detailed?sdk=true')).body as { providers: IDataObject[] };
			expect(items).toEqual(direct.providers);
			expect(items[0]).toEqual(expect.objectContaining({ provider: expect.any(String), name: expect.any(String) }));
		});
	});
}
