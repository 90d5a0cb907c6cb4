/**
 * The fan-out's shared gate in the transport: when one lane gets a 429 with Retry-After, the other lanes start no
 * new request until it has passed (and without the gate they would: the control case). A fake n8n context whose
 * HTTP helper answers after a delay, so the timeline is the transport's own; waits are only ever lower bounds.
 */
import type { IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { terraRequest } from '../../nodes/Terra/transport';
import { RequestGate } from '../../nodes/Terra/transport/gate';

type Answer = { statusCode: number; headers: Record<string, string>; body: unknown };

function fakeContext(answer: (options: IHttpRequestOptions) => Promise<Answer>): IExecuteFunctions {
	return {
		getCredentials: async () => ({ baseUrl: 'custom', customBaseUrl: 'https://terra.test/api/v2' }),
		getNode: () => ({ id: 'n', name: 'Terra', type: 'n8n-nodes-terra.terra', typeVersion: 1, position: [0, 0], parameters: {} }),
		helpers: { httpRequestWithAuthentication: async (_type: string, options: IHttpRequestOptions) => await answer(options) },
	} as unknown as IExecuteFunctions;
}

const later = async <T>(ms: number, value: T) => await new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

/** Lane A is refused once (429, Retry-After 1 s); lane B keeps asking. When did lane B start its requests? */
async function twoLanes(gate: RequestGate | undefined) {
	const startsOfB: number[] = [];
	let refusedAt = 0;
	let refused = false;
	const context = fakeContext(async (options) => {
		const user = (options.qs as { user_id: string }).user_id;
		if (user === 'b') startsOfB.push(Date.now());
		if (user === 'a' && !refused) {
			refused = true;
			const answer = await later(150, { statusCode: 429, headers: { 'x-terra-ratelimit-rule': 'r2', 'retry-after': '1' }, body: {} });
			refusedAt = Date.now();
			return answer;
		}
		return await later(100, { statusCode: 200, headers: {}, body: { data: [] } });
	});
	const call = (user: string) => terraRequest.call(context, { endpoint: 'daily:getAll', qs: { user_id: user }, gate });
	await Promise.all([
		call('a'),
		(async () => {
			for (let index = 0; index < 8; index++) await call('b');
		})(),
	]);
	return { startsOfB, refusedAt };
}

describe('the shared gate of a fan-out', () => {
	it('a 429 with Retry-After for one lane holds every lane’s next request until it has passed', async () => {
		const { startsOfB, refusedAt } = await twoLanes(new RequestGate());
		expect(startsOfB).toHaveLength(8);
		const inTheWait = startsOfB.filter((at) => at > refusedAt && at < refusedAt + 1000 - 20);
		expect(inTheWait).toEqual([]);
		expect(startsOfB.filter((at) => at >= refusedAt + 980).length).toBeGreaterThan(0);
	});

	it('without the gate the other lane goes on during the wait (what the gate prevents)', async () => {
		const { startsOfB, refusedAt } = await twoLanes(undefined);
		expect(startsOfB.filter((at) => at > refusedAt && at < refusedAt + 980).length).toBeGreaterThan(0);
	});
});
