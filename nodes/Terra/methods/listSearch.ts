import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { UUID_PATTERN } from '../helpers/validation';
import { terraRequest } from '../transport';
import { fetchSubscriptionsPage } from '../transport/pagination';

const PAGE_SIZE = 100;

function matches(values: unknown[], filter: string): boolean {
	const needle = filter.trim().toLowerCase();
	if (!needle) return true;
	return values.some((value) => typeof value === 'string' && value.toLowerCase().includes(needle));
}

function searched(items: INodeListSearchItems[], filter?: string): INodeListSearchItems[] {
	return items.filter((item) => matches([item.name, String(item.value)], filter ?? ''));
}

/** "GARMIN" → "Garmin", "GOOGLE_FIT" → "Google Fit": readable when Terra's own display name is not at hand. */
export function providerName(provider: unknown): string {
	return String(provider ?? '')
		.toLowerCase()
		.replace(/_/g, ' ')
		.replace(/\b\w/g, (letter) => letter.toUpperCase());
}

/** Terra's display names of the providers enabled for the account ("Garmin", "Oura"), or none if Terra cannot say. */
async function providerNames(context: ILoadOptionsFunctions): Promise<Map<string, string>> {
	try {
		const { body } = await terraRequest.call(context, { endpoint: 'integration:getAllDetailed', qs: { sdk: true } });
		const providers = ((body as IDataObject | undefined)?.providers ?? []) as IDataObject[];
		return new Map(
			providers
				.filter((provider) => typeof provider.provider === 'string' && typeof provider.name === 'string' && provider.name)
				.map((provider) => [String(provider.provider), String(provider.name)]),
		);
	} catch {
		return new Map();
	}
}

/** Users for the User field's list: "Garmin · reference ID · short ID", searchable, one Terra page at a time. */
export async function searchUsers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const page = Number(paginationToken ?? 0) || 0;
	const [{ users, next }, names] = await Promise.all([
		fetchSubscriptionsPage.call(this, page, PAGE_SIZE),
		page === 0 ? providerNames(this) : Promise.resolve(new Map<string, string>()),
	]);
	return {
		results: users
			.filter((user) => matches([user.user_id, user.reference_id, user.provider], filter ?? ''))
			.map((user) => {
				const id = String(user.user_id);
				const provider = names.get(String(user.provider)) ?? providerName(user.provider);
				const reference = typeof user.reference_id === 'string' && user.reference_id ? user.reference_id : 'no reference ID';
				return { name: `${provider} · ${reference} · ${id.slice(0, 8)}`, value: id };
			}),
		paginationToken: next === undefined ? undefined : String(next),
	};
}

/** Workout templates for the Workout ID field's list, by name. */
export async function searchWorkouts(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const { body } = await terraRequest.call(this, { endpoint: 'workout:getAll' });
	const workouts = (Array.isArray(body) ? body : ((body as IDataObject | undefined)?.workouts ?? [])) as IDataObject[];
	const items = workouts
		.filter((workout) => workout.workout_id !== undefined && workout.workout_id !== null)
		.map((workout) => ({
			name: `${typeof workout.name === 'string' && workout.name ? workout.name : 'Untitled'} (${String(workout.workout_id)})`,
			value: String(workout.workout_id),
		}));
	return { results: searched(items, filter) };
}

/**
 * The chosen user's planned workouts for the Planned Workout ID field's list ("2026-01-10 · workout 12"). Terra lists
 * planned workouts per user, so the list is empty until the User field holds a user ID.
 */
export async function searchPlannedWorkouts(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const user = this.getNodeParameter('user', { value: '' }) as IDataObject | string;
	const userId = String(typeof user === 'object' && user !== null ? (user.value ?? '') : user).trim();
	if (!new RegExp(UUID_PATTERN).test(userId)) return { results: [] };
	const { body } = await terraRequest.call(this, { endpoint: 'plannedWorkout:getAll', qs: { user_id: userId } });
	const planned = (
		Array.isArray(body) ? body : ((body as IDataObject | undefined)?.planned_workouts ?? [])
	) as IDataObject[];
	const items = planned
		.filter((workout) => workout.planned_workout_id !== undefined && workout.planned_workout_id !== null)
		.map((workout) => ({
			name: [workout.planned_date, workout.workout_id === undefined ? undefined : `workout ${String(workout.workout_id)}`]
				.filter(Boolean)
				.map(String)
				.concat(`ID ${String(workout.planned_workout_id)}`)
				.join(' · '),
			value: String(workout.planned_workout_id),
		}));
	return { results: searched(items, filter) };
}

/** Lab report sessions for the Session ID field's list: "report date · reference ID · status · session ID". */
export async function searchLabReports(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const { body } = await terraRequest.call(this, { endpoint: 'labReport:getAll' });
	const sessions = ((body as IDataObject | undefined)?.sessions ?? []) as IDataObject[];
	const items = sessions
		.filter((session) => typeof session.session_id === 'string' || typeof session.session_id === 'number')
		.map((session) => ({
			name: [
				typeof session.report_date === 'string' ? session.report_date : String(session.uploaded_at ?? '').slice(0, 10),
				session.reference_id,
				session.current_status,
			]
				.concat(String(session.session_id))
				.filter((part) => typeof part === 'string' && part)
				.join(' · '),
			value: String(session.session_id),
		}));
	return { results: searched(items, filter) };
}
