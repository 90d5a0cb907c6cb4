/**
 * What every contract test file shares (the contract test drives every endpoint of the emulator, both surfaces, and
 * validates each response (status, content type, body) against Terra's OpenAPI contracts in ../shared/terra-api,
 * read at test time: contract-specs.ts loads them).
 *
 * Spec choice per endpoint: current surface -> the current spec, else the Jun-2026 spec (PATCH /users,
 * /plannedWorkout), else v5 (legacy writes). Legacy surface -> v5 where it has the operation, else the
 * current spec for success bodies and v5's legacy error shape for errors.
 *
 * Every contract test file wraps its tests in describeContract, so each one, run alone or with the others, skips
 * with a message when the contracts are absent, or fails with TERRA_CONTRACT_REQUIRED=1.
 */
import { startEmulator, type TerraEmulator } from '../..';
import {
	branch,
	closed,
	componentSchema,
	documentedResponse,
	documentedStatuses,
	formatErrors,
	loadSpec,
	operation,
	specDir,
	specsAvailable,
	validate,
	type LoadedSpec,
} from '../contract-specs';
import { startReceiver, type CallResult, type Receiver } from '../helpers';

export type Surface = 'current' | 'legacy';
export const SURFACES: Surface[] = ['current', 'legacy'];
export type Specs = Record<'current' | 'jun12' | 'v5', LoadedSpec>;
/** A well-formed user ID no emulator user has. */
/**
 * The spec's schema for each webhook event type (auth_error, the legacy auth failure, and healthcheck, in beta, have
 * none: they fall back to the generic WebhookEvent envelope).
 */
export const EVENT_SCHEMAS: Record<string, string> = {
	auth: 'AuthSuccessEvent',
	auth_cancelled: 'AuthErrorEvent',
	deauth: 'DeauthEvent',
	user_reauth: 'UserReauthEvent',
	access_revoked: 'AccessRevokedEvent',
	connection_error: 'ConnectionErrorEvent',
	permission_change: 'PermissionChangeEvent',
	large_request_processing: 'LargeRequestProcessingEvent',
	large_request_sending: 'LargeRequestSendingEvent',
	s3_payload: 'S3PayloadEvent',
	activity: 'ActivityEvent',
	athlete: 'AthleteEvent',
	body: 'BodyEvent',
	daily: 'DailyEvent',
	menstruation: 'MenstruationEvent',
	nutrition: 'NutritionEvent',
	sleep: 'SleepEvent',
	planned_workout: 'PlannedWorkoutEvent',
	hormone: 'HormoneEvent',
	'lab_report.completed': 'LabReportCompletedEvent',
	'lab_report.failed': 'LabReportFailedEvent',
};

export const UNKNOWN_USER = '00000000-0000-4000-8000-000000000000';

/**
 * `describe(name, fn)` when Terra's OpenAPI files are present. Without them: a failing test when
 * TERRA_CONTRACT_REQUIRED=1, else a warning and a skipped placeholder, and `fn`'s tests skipped.
 */
export function describeContract(name: string, fn: () => void): void {
	const available = specsAvailable();
	const required = process.env.TERRA_CONTRACT_REQUIRED === '1';
	if (!available) {
		if (required) {
			test('Terra OpenAPI contracts are present', () => {
				throw new Error(
					`Terra OpenAPI contracts not found in ${specDir()} and TERRA_CONTRACT_REQUIRED=1`,
				);
			});
		} else {
			console.warn(
				`[emulator contract] SKIPPED: Terra OpenAPI contracts not found in ${specDir()} (set TERRA_API_SPECS, or TERRA_CONTRACT_REQUIRED=1 to fail)`,
			);
			test.skip('contract tests (Terra OpenAPI contracts not found)', () => undefined);
		}
	}
	const describeIfAvailable = available ? describe : describe.skip;
	describeIfAvailable(name, fn);
}

/** Runs the same check on both surfaces, current first. */
export async function both(fn: (s: Surface) => Promise<void>): Promise<void> {
	for (const s of SURFACES) await fn(s);
}

/** The three contract versions, loaded in beforeAll. */
export function useSpecs(): { readonly specs: Specs } {
	let specs: Specs;
	beforeAll(() => {
		specs = { current: loadSpec('current'), jun12: loadSpec('jun12'), v5: loadSpec('v5') };
	});
	return {
		get specs() {
			return specs;
		},
	};
}

export interface Expect {
	/** Select one oneOf/anyOf alternative of the documented schema (by index, or by the name of a $ref'd component). */
	branch?: number | string;
	/** Also reject top-level keys the (selected) schema does not declare. */
	closed?: boolean;
}

export interface ContractFixture {
	readonly emu: TerraEmulator;
	readonly specs: Specs;
	/** The first seeded user (GARMIN). */
	readonly userId: string;
	readonly ouraUserId: string;
	/** The emulator's base URL for a surface. */
	base(s: Surface): string;
	/** Asserts a response matches the contract for (surface, method, template, status). */
	expectContract(surface: Surface, method: string, template: string, res: CallResult, opts?: Expect): void;
}

/**
 * For the calling describe block: the specs, a webhook receiver and an emulator (seed 7) delivering to it, started
 * in beforeAll and closed in afterAll; the fields are readable inside tests and hooks.
 */
export function useContractEmulator(): ContractFixture {
	let emu: TerraEmulator;
	let receiver: Receiver;
	let specs: Specs;
	let userId: string;
	let ouraUserId: string;

	beforeAll(async () => {
		specs = { current: loadSpec('current'), jun12: loadSpec('jun12'), v5: loadSpec('v5') };
		receiver = await startReceiver();
		emu = await startEmulator({
			webhookUrl: receiver.url,
			seed: 7,
			webhookRetry: { maxAttempts: 1 },
		});
		userId = emu.users[0].user_id;
		ouraUserId = emu.users.find((u) => u.provider === 'OURA')!.user_id;
	});
	afterAll(async () => {
		await emu.close();
		await receiver.close();
	});

	const base = (s: Surface) => (s === 'current' ? emu.baseUrl : emu.legacyBaseUrl);

	/** The spec that documents an operation for a surface. */
	function specFor(surface: Surface, method: string, template: string): LoadedSpec {
		const order =
			surface === 'current' ? [specs.current, specs.jun12, specs.v5] : [specs.v5, specs.current];
		const spec = order.find((s) => operation(s, method, template));
		if (!spec) throw new Error(`no spec documents ${method} ${template}`);
		return spec;
	}

	/** Generic error shapes for statuses an operation does not list (e.g. 401 on /userInfo, 429 anywhere). */
	function genericError(
		surface: Surface,
		status: number,
	): { schema: unknown; contentTypes: string[]; spec: LoadedSpec } {
		if (surface === 'current')
			return {
				schema: componentSchema(specs.current, 'Problem'),
				contentTypes: ['application/problem+json'],
				spec: specs.current,
			};
		const doc = documentedResponse(specs.v5, 'GET', '/activity', status === 401 ? 401 : 400)!;
		return {
			schema: doc.schemas['application/json'],
			contentTypes: ['application/json'],
			spec: specs.v5,
		};
	}

	/** Asserts a response matches the contract for (surface, method, template, status). */
	function expectContract(
		surface: Surface,
		method: string,
		template: string,
		res: CallResult,
		opts: Expect = {},
	): void {
		const context = `${surface} ${method} ${template} -> ${res.status} ${res.raw.slice(0, 300)}`;
		const isError = res.status >= 400;
		let spec = specFor(surface, method, template);
		let doc = documentedResponse(spec, method, template, res.status);
		// Errors on the legacy surface for operations only the current spec has: legacy error shape.
		if (isError && surface === 'legacy' && spec !== specs.v5) doc = undefined;
		// Legacy-only operations served on the current surface still answer problem+json errors.
		if (isError && surface === 'current' && spec === specs.v5) doc = undefined;
		let schema: unknown;
		let contentTypes: string[];
		if (doc) {
			contentTypes = doc.contentTypes;
			schema = contentTypes.length
				? doc.schemas[contentTypes.find((c) => c === res.contentType) ?? contentTypes[0]]
				: undefined;
		} else {
			if (!isError)
				throw new Error(
					`undocumented success status: ${context} (documented: ${documentedStatuses(spec, method, template)})`,
				);
			const generic = genericError(surface, res.status);
			({ schema, contentTypes, spec } = generic);
		}
		if (contentTypes.length === 0) {
			expect({ context, raw: res.raw }).toEqual({ context, raw: '' });
			return;
		}
		expect({ context, contentType: res.contentType }).toEqual({
			context,
			contentType: expect.stringMatching(
				new RegExp(`^(${contentTypes.map((c) => c.replace('+', '\\+')).join('|')})$`),
			),
		});
		if (opts.branch !== undefined) {
			const alts = ((schema as { anyOf?: Array<{ $ref?: string }> }).anyOf ?? []) as Array<{
				$ref?: string;
			}>;
			const index =
				typeof opts.branch === 'number'
					? opts.branch
					: alts.findIndex((a) => a.$ref?.endsWith(`/${opts.branch}`));
			schema = branch(schema, index);
		}
		if (opts.closed) schema = closed(schema);
		const errors = validate(spec, schema, res.body);
		if (errors.length) throw new Error(`contract violation: ${context}\n${formatErrors(errors)}`);
		if (isError && surface === 'legacy' && res.status !== 401)
			expect(res.body).toEqual({ status: 'error', message: expect.any(String) });
		if (isError && surface === 'current')
			expect(res.body).toEqual(
				expect.objectContaining({ type: 'about:blank', instance: expect.stringMatching(/^\//) }),
			);
	}

	return {
		get emu() {
			return emu;
		},
		get specs() {
			return specs;
		},
		get userId() {
			return userId;
		},
		get ouraUserId() {
			return ouraUserId;
		},
		base,
		expectContract,
	};
}
