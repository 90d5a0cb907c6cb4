/**
 * Every operation of the Terra node, run through n8n-core against the emulator: the exact method, path, query,
 * headers and body Terra receives, and the items n8n gets back. Expectations come from Terra's contract (see
 * Terra's docs and OpenAPI files), not from the node's code. The cases live in operations/, one module per resource;
 * this file runs them all, in this order, against one emulator.
 *
 * Why one test file and not one per resource: the coverage guard below must see the requests of EVERY case. Each
 * case checks its requests with expectRequest/onlyRequest (operations/context.ts), which records the endpoint it
 * checked; the guard compares that record, filled by what the cases actually sent, with the endpoint table. A
 * record shared between jest test files would need a file on disk and an order jest does not promise (files run in
 * separate workers and module registries, in any order): the guard could run before the cases, or read a stale
 * record and pass. Within one file the record is the cases' own, and the guard runs after all of them.
 * (Running part of this file, e.g. with -t, fails the guard: it then rightly cannot see every endpoint tested.)
 */
import { TERRA_ENDPOINTS } from '../../nodes/Terra/endpoints';
import { athleteCases } from './operations/athlete';
import { authenticationCases } from './operations/authentication';
import { operationsContext } from './operations/context';
import { dataCases } from './operations/data';
import { integrationCases } from './operations/integration';
import { labReportCases } from './operations/lab-report';
import { legacyWriteCases } from './operations/legacy-writes';
import { plannedWorkoutLegacyCases } from './operations/planned-workout-legacy';
import { userCases } from './operations/user';
import { userLocatorCases } from './operations/user-locator';
import { workoutCases } from './operations/workout';

const context = operationsContext();

afterAll(() => {
	// Guards the table itself: a new endpoint without a test in operations/ fails this file.
	expect([...context.covered].sort()).toEqual(Object.keys(TERRA_ENDPOINTS).sort());
});

integrationCases(context);
authenticationCases(context);
userCases(context);
athleteCases(context);
dataCases(context);
legacyWriteCases(context);
plannedWorkoutLegacyCases(context);
workoutCases(context);
labReportCases(context);
userLocatorCases(context);
