import type { SendEventOptions, SendEventResult, TerraUser } from '../types';
import type { EmulatorState } from '../state';
import { buildSampleEvent } from './events';

export type EmulatorSendOptions = Omit<SendEventOptions, 'url'> & { url?: string; userId?: string };

/**
 * The emulator's send-event: like the standalone one, but defaults to the configured destination and
 * signing secret, builds samples for the emulator's own users/seed, serves s3_payload targets for real,
 * and records the attempt in `deliveries`.
 */
export async function sendEventFromEmulator(
	state: EmulatorState,
	options: EmulatorSendOptions,
): Promise<SendEventResult> {
	const url = options.url ?? state.sender.url;
	if (!url) throw new Error('no url given and no webhook destination configured');
	let user: TerraUser | undefined = state.users.list[0];
	if (options.userId) {
		user = state.users.get(options.userId);
		if (!user) throw new Error(`unknown user ${options.userId}`);
	}
	let s3Url: string | undefined;
	if (options.type === 's3_payload' && !options.body) {
		const payload = buildSampleEvent('activity', { seed: state.seed, user });
		s3Url = `${state.url}/__emulator/s3/${state.s3.put(JSON.stringify(payload), state.s3ExpiresIn)}`;
	}
	return state.sender.sendOnce({ ...options, url }, { seed: state.seed, user, s3Url });
}
