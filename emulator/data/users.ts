import { Rng } from '../util/prng';
import { DAY_MS, formatUtc } from '../util/time';
import type { AddUsersOptions, TerraUser } from '../types';
import { findProvider, SEED_PROVIDERS } from './providers';

/** Per-user facts that shape synthetic data (derived from seed + user_id, never stored). */
export interface UserProfile {
	tzOffsetMinutes: number;
	sex: 'male' | 'female';
	birthDate: string;
	age: number;
	heightCm: number;
	weightKg: number;
	restingHr: number;
	maxHr: number;
	firstName: string;
	lastName: string;
	city: string;
	state: string | null;
	country: string;
	/** Epoch ms of a recent period start, anchoring the menstrual cycle. */
	cycleAnchorMs: number;
	cycleLengthDays: number;
	periodLengthDays: number;
}

const FIRST = {
	male: ['James', 'Lucas', 'Noah', 'Mateo', 'Arjun', 'Kenji'],
	female: ['Olivia', 'Amara', 'Sofia', 'Mei', 'Priya', 'Hannah'],
};
const LAST = ['Smith', 'Garcia', 'Okafor', 'Nakamura', 'Novak', 'Schmidt', 'Rossi', 'Larsen'];
const PLACES: Array<{ city: string; state: string | null; country: string; tz: number }> = [
	{ city: 'London', state: null, country: 'United Kingdom', tz: 60 },
	{ city: 'San Francisco', state: 'CA', country: 'United States', tz: -420 },
	{ city: 'New York', state: 'NY', country: 'United States', tz: -240 },
	{ city: 'Berlin', state: null, country: 'Germany', tz: 120 },
	{ city: 'Tokyo', state: null, country: 'Japan', tz: 540 },
	{ city: 'Sydney', state: 'NSW', country: 'Australia', tz: 600 },
	{ city: 'Mumbai', state: 'MH', country: 'India', tz: 330 },
];

export function userProfile(seed: number, userId: string): UserProfile {
	const r = new Rng(seed, 'profile', userId);
	const sex = r.bool(0.5) ? 'female' : 'male';
	const age = r.int(22, 58);
	const place = r.pick(PLACES);
	const birthYear = 2026 - age;
	const birthDate = `${birthYear}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`;
	const heightCm = Math.round(
		sex === 'male' ? r.normal(178, 7, 160, 200) : r.normal(165, 6, 150, 185),
	);
	const bmi = r.normal(23.5, 2.5, 18.5, 31);
	const restingHr = r.int(48, 68);
	return {
		tzOffsetMinutes: place.tz,
		sex,
		birthDate,
		age,
		heightCm,
		weightKg: Math.round(bmi * (heightCm / 100) ** 2 * 10) / 10,
		restingHr,
		maxHr: 208 - Math.round(0.7 * age),
		firstName: r.pick(FIRST[sex]),
		lastName: r.pick(LAST),
		city: place.city,
		state: place.state,
		country: place.country,
		cycleAnchorMs: Date.UTC(2024, 0, 1) + r.int(0, 27) * DAY_MS,
		cycleLengthDays: r.int(26, 31),
		periodLengthDays: r.int(4, 6),
	};
}

/** A brand-new Terra user record (auth completion, SDK token use). */
export function newUser(
	provider: string,
	referenceId: string | null,
	userId: string,
	createdAtMs: number,
): TerraUser {
	return {
		user_id: userId,
		provider,
		created_at: formatUtc(createdAtMs),
		last_webhook_update: null,
		scopes: findProvider(provider)?.scopes ?? null,
		reference_id: referenceId,
		active: true,
	};
}

/**
 * Seeds `count` users across providers with reference ids 'demo-user-N'. The last user shares
 * 'demo-user-1' with the first one on a different provider, so /userInfo?reference_id returns two users.
 */
export function seedUsers(seed: number, count: number): TerraUser[] {
	const users: TerraUser[] = [];
	for (let i = 0; i < count; i++) {
		const r = new Rng(seed, 'seed-user', i);
		let provider = SEED_PROVIDERS[i % SEED_PROVIDERS.length];
		let reference = `demo-user-${i + 1}`;
		if (count >= 2 && i === count - 1) {
			reference = 'demo-user-1';
			if (provider === users[0].provider)
				provider = SEED_PROVIDERS[(i + 1) % SEED_PROVIDERS.length];
		}
		const createdAtMs = Date.UTC(2025, 0, 6) + r.int(0, 300) * DAY_MS + r.int(0, 86_399) * 1000;
		const user = newUser(provider, reference, r.uuid(), createdAtMs);
		user.last_webhook_update = formatUtc(Date.UTC(2026, 6, 1) + r.int(0, 86_399) * 1000);
		users.push(user);
	}
	return users;
}

/**
 * Connects `count` more users after the existing ones (the seeded users stay as they are, so fixtures that name
 * them keep working): deterministic from the seed and their position, reference ids 'extra-user-N', providers in
 * the seed rotation.
 */
export function addUsers(
	store: UserStore,
	seed: number,
	count: number,
	options: AddUsersOptions = {},
): TerraUser[] {
	const added: TerraUser[] = [];
	for (let i = 0; i < count; i++) {
		const position = store.list.length;
		const r = new Rng(seed, 'extra-user', position);
		const createdAtMs = Date.UTC(2025, 6, 1) + r.int(0, 300) * DAY_MS + r.int(0, 86_399) * 1000;
		const user = newUser(
			SEED_PROVIDERS[position % SEED_PROVIDERS.length],
			`extra-user-${position + 1}`,
			r.uuid(),
			createdAtMs,
		);
		if (options.inactive) user.active = false;
		store.add(user);
		added.push(user);
	}
	return added;
}

/** The user store behind the API; `list` is a live array (mutated in place) exposed as emulator.users. */
export class UserStore {
	readonly list: TerraUser[];
	/** Polling metadata for GET /userInfo?user_id, kept beside (not inside) the Terra user record. */
	private readonly polled = new Map<
		string,
		{ lastPolledAt: string | null; mostRecentDataAt: string | null }
	>();

	constructor(initial: TerraUser[]) {
		this.list = initial;
	}

	get(userId: string): TerraUser | undefined {
		return this.list.find((u) => u.user_id === userId);
	}

	byReference(referenceId: string): TerraUser[] {
		return this.list.filter((u) => u.reference_id === referenceId);
	}

	add(user: TerraUser): void {
		this.list.push(user);
	}

	remove(userId: string): TerraUser | undefined {
		const index = this.list.findIndex((u) => u.user_id === userId);
		if (index < 0) return undefined;
		const [removed] = this.list.splice(index, 1);
		this.polled.delete(userId);
		return removed;
	}

	pollingInfo(user: TerraUser): {
		last_polled_at: string | null;
		most_recent_data_at: string | null;
	} {
		const info = this.polled.get(user.user_id);
		if (info)
			return { last_polled_at: info.lastPolledAt, most_recent_data_at: info.mostRecentDataAt };
		return {
			last_polled_at: user.last_webhook_update,
			most_recent_data_at: user.last_webhook_update,
		};
	}

	markPolled(user: TerraUser, nowMs: number): void {
		this.polled.set(user.user_id, {
			lastPolledAt: formatUtc(nowMs),
			mostRecentDataAt: user.last_webhook_update,
		});
	}
}
