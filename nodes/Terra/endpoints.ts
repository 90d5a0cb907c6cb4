import type { IHttpRequestMethods } from 'n8n-workflow';

/**
 * Every Terra API endpoint the node calls, in one machine-readable table. Each operation names its key once and the
 * transport looks method and path up here (they are never repeated elsewhere); the Operation picker's hint, the README
 * table and the end-to-end coverage count are generated from it.
 *
 * `host` says where the path is appended: `api` = the credential's base URL (…/api/v2 or legacy …/v2),
 * `widget` = the Widget API, which lives beside the data API (https://access.tryterra.co/widget/session).
 * `legacy` marks endpoints Terra has dropped from its current contract but still serves on the legacy host.
 */
export interface TerraEndpoint {
	method: IHttpRequestMethods;
	path: string;
	host: 'api' | 'widget';
	legacy?: boolean;
	deprecated?: boolean;
}

export const TERRA_ENDPOINTS = {
	'integration:getAll': { method: 'GET', path: '/integrations', host: 'api' },
	'integration:getAllDetailed': { method: 'GET', path: '/integrations/detailed', host: 'api' },

	'authentication:generateAuthLink': { method: 'POST', path: '/auth/authenticateUser', host: 'api' },
	'authentication:generateWidgetSession': { method: 'POST', path: '/widget/session', host: 'widget' },
	'authentication:generateWidgetSessionLegacy': {
		method: 'POST',
		path: '/auth/generateWidgetSession',
		host: 'api',
		deprecated: true,
	},
	'authentication:generateMobileSdkToken': {
		method: 'POST',
		path: '/auth/generateAuthToken',
		host: 'api',
	},
	'authentication:deauthenticateUser': {
		method: 'DELETE',
		path: '/auth/deauthenticateUser',
		host: 'api',
	},

	'user:get': { method: 'GET', path: '/userInfo', host: 'api' },
	'user:getAll': { method: 'GET', path: '/subscriptions', host: 'api' },
	'user:getBulk': { method: 'POST', path: '/bulkUserInfo', host: 'api' },
	'user:update': { method: 'PATCH', path: '/users/{user_id}', host: 'api', legacy: true },

	'athlete:get': { method: 'GET', path: '/athlete', host: 'api' },
	'activity:getAll': { method: 'GET', path: '/activity', host: 'api' },
	'body:getAll': { method: 'GET', path: '/body', host: 'api' },
	'daily:getAll': { method: 'GET', path: '/daily', host: 'api' },
	'menstruation:getAll': { method: 'GET', path: '/menstruation', host: 'api' },
	'nutrition:getAll': { method: 'GET', path: '/nutrition', host: 'api' },
	'sleep:getAll': { method: 'GET', path: '/sleep', host: 'api' },

	'activity:create': { method: 'POST', path: '/activity', host: 'api', legacy: true },
	'body:create': { method: 'POST', path: '/body', host: 'api', legacy: true },
	'nutrition:create': { method: 'POST', path: '/nutrition', host: 'api', legacy: true },
	'body:delete': { method: 'DELETE', path: '/body', host: 'api', legacy: true },
	'nutrition:delete': { method: 'DELETE', path: '/nutrition', host: 'api', legacy: true },

	'plannedWorkoutLegacy:getAll': {
		method: 'GET',
		path: '/plannedWorkout',
		host: 'api',
		legacy: true,
		deprecated: true,
	},
	'plannedWorkoutLegacy:create': {
		method: 'POST',
		path: '/plannedWorkout',
		host: 'api',
		legacy: true,
		deprecated: true,
	},
	'plannedWorkoutLegacy:delete': {
		method: 'DELETE',
		path: '/plannedWorkout',
		host: 'api',
		legacy: true,
		deprecated: true,
	},

	'workout:create': { method: 'POST', path: '/workouts', host: 'api' },
	'workout:get': { method: 'GET', path: '/workouts/{workout_id}', host: 'api' },
	'workout:getAll': { method: 'GET', path: '/workouts', host: 'api' },
	'workout:delete': { method: 'DELETE', path: '/workouts/{workout_id}', host: 'api' },
	'workout:plan': { method: 'POST', path: '/workouts/{workout_id}/plan', host: 'api' },

	'plannedWorkout:getAll': { method: 'GET', path: '/plannedWorkouts', host: 'api' },
	'plannedWorkout:get': {
		method: 'GET',
		path: '/plannedWorkouts/{planned_workout_id}',
		host: 'api',
	},
	'plannedWorkout:reschedule': {
		method: 'PATCH',
		path: '/plannedWorkouts/{planned_workout_id}',
		host: 'api',
	},
	'plannedWorkout:delete': {
		method: 'DELETE',
		path: '/plannedWorkouts/{planned_workout_id}',
		host: 'api',
	},

	'labReport:upload': { method: 'POST', path: '/lab-reports', host: 'api' },
	'labReport:getAll': { method: 'GET', path: '/lab-reports', host: 'api' },
	'labReport:get': { method: 'GET', path: '/lab-reports/{session_id}', host: 'api' },
	'labReport:delete': { method: 'DELETE', path: '/lab-reports/{session_id}', host: 'api' },
	'labReport:getDeliveries': {
		method: 'GET',
		path: '/lab-reports/{session_id}/deliveries',
		host: 'api',
	},
	'labReport:getFiles': { method: 'GET', path: '/lab-reports/{session_id}/files', host: 'api' },
} as const satisfies Record<string, TerraEndpoint>;

export type TerraEndpointKey = keyof typeof TERRA_ENDPOINTS;

export function endpointLabel(key: TerraEndpointKey): string {
	const endpoint: TerraEndpoint = TERRA_ENDPOINTS[key];
	return `${endpoint.method} ${endpoint.path}`;
}
