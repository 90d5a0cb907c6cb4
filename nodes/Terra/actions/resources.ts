import { authentication } from './authentication';
import { dataResources } from './data';
import { integration } from './integration';
import { labReport } from './labReport';
import { plannedWorkout } from './plannedWorkout';
import type { TerraResource } from './define';
import { user } from './user';
import { workout } from './workout';

/** Every resource of the picker, keyed by its parameter value. */
export const TERRA_RESOURCES: Record<string, TerraResource> = {
	...dataResources,
	authentication,
	integration,
	labReport,
	plannedWorkout,
	user,
	workout,
};
