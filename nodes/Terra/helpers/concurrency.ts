/** Runs `worker` over `inputs` with at most `limit` in flight; results keep the input order. */
export async function mapWithConcurrency<I, O>(
	inputs: readonly I[],
	limit: number,
	worker: (input: I, index: number) => Promise<O>,
): Promise<O[]> {
	const results = new Array<O>(inputs.length);
	let next = 0;
	let failed = false;
	const lane = async () => {
		while (!failed && next < inputs.length) {
			const index = next++;
			// On the first failure, stop starting new work; Promise.all rejects with that failure.
			results[index] = await worker(inputs[index], index).catch(async (error: unknown) => {
				failed = true;
				return await Promise.reject(error);
			});
		}
	};
	const lanes = Array.from({ length: Math.max(1, Math.min(limit, inputs.length)) }, lane);
	await Promise.all(lanes);
	return results;
}
