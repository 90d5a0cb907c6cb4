import { dayContext, type GenContext } from './common';

/** The user's profile at the provider (GET /athlete returns an object, not a data array). */
export function generateAthlete(ctx: GenContext): Record<string, unknown> {
	const c = dayContext(ctx, 'athlete', 'profile');
	const p = c.profile;
	return {
		first_name: p.firstName,
		last_name: p.lastName,
		sex: p.sex,
		gender: p.sex,
		date_of_birth: p.birthDate,
		age: p.age,
		email: `${p.firstName}.${p.lastName}@example.com`.toLowerCase(),
		city: p.city,
		state: p.state,
		country: p.country,
		bio: null,
		account_creation_date: ctx.user.created_at,
		provider_user_id: c.rng.hex(8),
	};
}
