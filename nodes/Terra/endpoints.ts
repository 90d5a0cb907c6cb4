import type { IHttpRequestMethods } from 'n8n-workflow';

import { dataResponse, list, object, userInfo, type ResponseShape } from './transport/shapes';

/**
 * Every Terra API endpoint the node calls, in one machine-readable table. Each operation names its key once and the
 * transport looks method and path up here (they are never repeated elsewhere); the Operation picker's hint, the README
 * table and the end-to-end coverage count are generated from it.
 *
 * `host` says where the path is appended: `api` = the credential's base URL (…/api/v2 or legacy …/v2),
 * `widget` = the Widget API, which lives beside the data API (https://access.tryterra.co/widget/session).
 * `legacy` marks endpoints Terra has dropped from its current contract but still serves on the legacy host.
 * `response` is what a 2xx answer must be (transport/shapes.ts): anything else is an error, never an empty success.
 * `timeoutSeconds` overrides the transport's default per-request timeout (60 s), for uploads.
 */
export interface TerraEndpoint {
	method: IHttpRequestMethods;
	path: string;
	host: 'api' | 'widget';
	legacy?: boolean;
	deprecated?: boolean;
	response: ResponseShape;
	timeoutSeconds?: number;
}

export const TERRA_ENDPOINTS = {
	'integration:getAll': { method: 'GET', path: '/integrations', host: 'api', response: list('providers') },
	'integration:getAllDetailed': {
		method: 'GET',
		path: '/integrations/detailed',
		host: 'api',
		response: list('providers'),
	},

	'authentication:generateAuthLink': {
		method: 'POST',
		path: '/auth/authenticateUser',
		host: 'api',
		response: object(),
	},
	'authentication:generateWidgetSession': {
		method: 'POST',
		path: '/widget/session',
		host: 'widget',
		response: object(),
	},
	'authentication:generateWidgetSessionLegacy': {
		method: 'POST',
		path: '/auth/generateWidgetSession',
		host: 'api',
		deprecated: true,
		response: object(),
	},
	'authentication:generateMobileSdkToken': {
		method: 'POST',
		path: '/auth/generateAuthToken',
		host: 'api',
		response: object(),
	},
	'authentication:deauthenticateUser': {
		method: 'DELETE',
		path: '/auth/deauthenticateUser',
		host: 'api',
		response: object({ emptyAllowed: true }),
	},

	'user:get': { method: 'GET', path: '/userInfo', host: 'api', response: userInfo() },
	'user:getAll': { method: 'GET', path: '/subscriptions', host: 'api', response: list('users', 'data.results') },
	'user:getBulk': { method: 'POST', path: '/bulkUserInfo', host: 'api', response: list('') },
	'user:update': { method: 'PATCH', path: '/users/{user_id}', host: 'api', legacy: true, response: object() },

	'athlete:get': { method: 'GET', path: '/athlete', host: 'api', response: dataResponse('athlete') },
	'activity:getAll': { method: 'GET', path: '/activity', host: 'api', response: dataResponse('data') },
	'body:getAll': { method: 'GET', path: '/body', host: 'api', response: dataResponse('data') },
	'daily:getAll': { method: 'GET', path: '/daily', host: 'api', response: dataResponse('data') },
	'menstruation:getAll': { method: 'GET', path: '/menstruation', host: 'api', response: dataResponse('data') },
	'nutrition:getAll': { method: 'GET', path: '/nutrition', host: 'api', response: dataResponse('data') },
	'sleep:getAll': { method: 'GET', path: '/sleep', host: 'api', response: dataResponse('data') },
	'activity:create': { method: 'POST', path: '/activity', host: 'api', legacy: true, response: object() },
	'body:create': { method: 'POST', path: '/body', host: 'api', legacy: true, response: object() },
	'nutrition:create': { method: 'POST', path: '/nutrition', host: 'api', legacy: true, response: object() },
	'body:delete': {
		method: 'DELETE',
		path: '/body',
		host: 'api',
		legacy: true,
		response: object({ emptyAllowed: true }),
	},
	'nutrition:delete': {
		method: 'DELETE',
		path: '/nutrition',
		host: 'api',
		legacy: true,
		response: object({ emptyAllowed: true }),
	},

	'plannedWorkoutLegacy:getAll': {
		method: 'GET',
		path: '/plannedWorkout',
		host: 'api',
		legacy: true,
		deprecated: true,
		response: dataResponse('data'),
	},
	'plannedWorkoutLegacy:create': {
		method: 'POST',
		path: '/plannedWorkout',
		host: 'api',
		legacy: true,
		deprecated: true,
		response: object(),
	},
	'plannedWorkoutLegacy:delete': {
		method: 'DELETE',
		path: '/plannedWorkout',
		host: 'api',
		legacy: true,
		deprecated: true,
		response: object({ emptyAllowed: true }),
	},

	'workout:create': { method: 'POST', path: '/workouts', host: 'api', response: object() },
	'workout:get': { method: 'GET', path: '/workouts/{workout_id}', host: 'api', response: object() },
	'workout:getAll': { method: 'GET', path: '/workouts', host: 'api', response: list('', 'workouts') },
	'workout:delete': {
		method: 'DELETE',
		path: '/workouts/{workout_id}',
		host: 'api',
		response: object({ emptyAllowed: true }),
	},
	'workout:plan': { method: 'POST', path: '/workouts/{workout_id}/plan', host: 'api', response: object() },

	'plannedWorkout:getAll': {
		method: 'GET',
		path: '/plannedWorkouts',
		host: 'api',
		response: list('', 'planned_workouts'),
	},
	'plannedWorkout:get': {
		method: 'GET',
		path: '/plannedWorkouts/{planned_workout_id}',
		host: 'api',
		response: object(),
	},
	'plannedWorkout:reschedule': {
		method: 'PATCH',
		path: '/plannedWorkouts/{planned_workout_id}',
		host: 'api',
		response: object(),
	},
	'plannedWorkout:delete': {
		method: 'DELETE',
		path: '/plannedWorkouts/{planned_workout_id}',
		host: 'api',
		response: object({ emptyAllowed: true }),
	},

	'labReport:upload': { method: 'POST', path: '/lab-reports', host: 'api', response: object(), timeoutSeconds: 300 },
	'labReport:getAll': { method: 'GET', path: '/lab-reports', host: 'api', response: list('sessions') },
	'labReport:get': { method: 'GET', path: '/lab-reports/{session_id}', host: 'api', response: object() },
	'labReport:delete': {
		method: 'DELETE',
		path: '/lab-reports/{session_id}',
		host: 'api',
		response: object({ emptyAllowed: true }),
	},
	'labReport:getDeliveries': {
		method: 'GET',
		path: '/lab-reports/{session_id}/deliveries',
		host: 'api',
		response: list('deliveries'),
	},
	'labReport:getFiles': {
		method: 'GET',
		path: '/lab-reports/{session_id}/files',
		host: 'api',
		response: list('files'),
	},
} as const satisfies Record<string, TerraEndpoint>;

export type TerraEndpointKey = keyof typeof TERRA_ENDPOINTS;

export function endpointLabel(key: TerraEndpointKey): string {
	const endpoint: TerraEndpoint = TERRA_ENDPOINTS[key];
	return `${endpoint.method} ${endpoint.path}`;
}
