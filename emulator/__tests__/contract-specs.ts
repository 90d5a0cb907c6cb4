/**
 * Loads Terra's OpenAPI contracts at test time (never copied into the repo) and validates emulator
 * responses against them with Ajv (JSON Schema 2020-12, which OpenAPI 3.1 uses).
 *
 * OpenAPI quirks handled here:
 * - `$ref: '#/components/...'` is rewritten to absolute ids; each component schema is registered once.
 * - `nullable: true` (3.0 style, used throughout v5.yml) becomes a `'null'` type / enum member / anyOf arm.
 * - `oneOf` becomes `anyOf`: these specs use oneOf for alternatives that are not mutually exclusive (open
 *   objects without `required`, e.g. `{users}` vs `{data}`), so strict oneOf would reject every valid body.
 *   `discriminator` is dropped for the same reason (its mappings name schemas, not values of `type`).
 *   Tests that need a specific alternative select it with `branch`.
 * - `example`, `examples`, nested `$schema` and `x-*` keys are removed; OpenAPI-only formats (int32, int64,
 *   float, double, binary, byte) are accepted as-is.
 * - `components/responses` refs are resolved to their content.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

export type SpecName = 'current' | 'jun12' | 'v5';

export const SPEC_FILES: Record<SpecName, string> = {
	current: 'openapi-v2-current.yaml',
	jun12: 'openapi-v2-2026-06-12.yaml',
	v5: 'openapi-v2-2025-04.yaml',
};

/** ../shared/terra-api relative to the repo root, or $TERRA_API_SPECS. */
export function specDir(): string {
	return process.env.TERRA_API_SPECS ?? path.resolve(__dirname, '../../../shared/terra-api');
}

export function specsAvailable(): boolean {
	return Object.values(SPEC_FILES).every((f) => existsSync(path.join(specDir(), f)));
}

/**
 * Known errors in the published contracts, corrected before validation. Each is an explicit, explained
 * override of one schema node; nothing else is relaxed.
 */
const ERRATA: Array<{
	spec: SpecName;
	pointer: string[];
	why: string;
	apply: (node: Record<string, unknown>) => Record<string, unknown>;
}> = [
	{
		spec: 'v5',
		pointer: ['components', 'schemas', 'User', 'properties', 'active'],
		why: 'v5.yml types User.active as string, but its own example (and every other spec version) is the boolean true',
		apply: (node) => ({ ...node, type: ['boolean', 'string'] }),
	},
	...(['v5', 'jun12'] as SpecName[]).map((spec) => ({
		spec,
		pointer: [
			'paths',
			'/plannedWorkout',
			'delete',
			'responses',
			'207',
			'content',
			'application/json',
			'schema',
			'properties',
			'processed_data',
		],
		why: 'the 207 multi-status body types processed_data as a single object although the 200 (and /body, /nutrition 207) use an array of {id, response_code}; the JS SDK and the 200 response treat it as an array',
		apply: (node: Record<string, unknown>) => ({ type: 'array', items: node }),
	})),
];

type Json = Record<string, unknown>;

/**
 * v5.yml's data models disagree with what Terra sends: enums typed as strings ('RUNNING', 'LIGHT', 'AUTOMATIC',
 * 'BREAKFAST', 'ZONE_1' ...) where payloads carry numeric codes, numbers typed as strings (athlete.age,
 * cycle_length_days, drink_volume ...), objects not nullable. The current spec was "validated against live
 * responses" (commit a62c628) and Terra's migration FAQ says the new host is fully backwards compatible, so both surfaces
 * serve one data model: v5's record schemas are replaced by the newer spec's (planned workouts: the Jun-2026
 * spec, the last one that has the legacy PlannedWorkout model). v5 envelopes and error shapes still apply.
 */
const V5_MODEL_REPLACEMENTS: Record<string, [SpecName, string]> = {
	Activity: ['current', 'Activity'],
	Body: ['current', 'Body'],
	Daily: ['current', 'Daily'],
	Sleep: ['current', 'Sleep'],
	Nutrition: ['current', 'Nutrition'],
	Menstruation: ['current', 'Menstruation'],
	Athlete: ['current', 'Athlete'],
	PlannedWorkout: ['jun12', 'PlannedWorkout'],
};

export interface LoadedSpec {
	name: SpecName;
	doc: Json;
	ajv: Ajv2020;
}

const cache = new Map<SpecName, LoadedSpec>();
let sharedAjv: Ajv2020 | undefined;

/** One Ajv for all versions (ids are namespaced per version), so errata can point across versions. */
function ajvInstance(): Ajv2020 {
	if (!sharedAjv) {
		sharedAjv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
		addFormats(sharedAjv);
		for (const f of ['int32', 'int64', 'float', 'double', 'binary', 'byte', 'password'])
			sharedAjv.addFormat(f, true);
	}
	return sharedAjv;
}

function idFor(spec: SpecName, ref: string): string {
	// '#/components/schemas/Activity' -> 'https://terra.contract/current/components/schemas/Activity'
	return `https://terra.contract/${spec}/${ref.replace(/^#\//, '')}`;
}

/** Converts an OpenAPI schema node to plain JSON Schema 2020-12 (see the header comment). */
export function convertSchema(node: unknown, spec: SpecName): unknown {
	if (Array.isArray(node)) return node.map((n) => convertSchema(n, spec));
	if (!node || typeof node !== 'object') return node;
	const src = node as Json;
	let out: Json = {};
	for (const [key, value] of Object.entries(src)) {
		if (
			key === 'example' ||
			key === 'examples' ||
			key === 'discriminator' ||
			key === '$schema' ||
			key === 'xml' ||
			key === 'externalDocs' ||
			key.startsWith('x-')
		)
			continue;
		if (key === 'nullable') continue;
		if (key === '$ref' && typeof value === 'string' && value.startsWith('#/components/'))
			out.$ref = idFor(spec, value);
		else if (key === 'properties' || key === '$defs' || key === 'patternProperties') {
			out[key] = Object.fromEntries(
				Object.entries(value as Json).map(([k, v]) => [k, convertSchema(v, spec)]),
			);
		} else if (key === 'oneOf') out.anyOf = convertSchema(value, spec);
		else out[key] = convertSchema(value, spec);
	}
	if (src.nullable === true) {
		if (typeof out.type === 'string') out.type = [out.type, 'null'];
		else if (Array.isArray(out.type) && !out.type.includes('null'))
			out.type = [...out.type, 'null'];
		if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
		if (out.type === undefined) out = { anyOf: [out, { type: 'null' }] };
	}
	return out;
}

function at(doc: Json, pointer: string[]): Json | undefined {
	let node: unknown = doc;
	for (const p of pointer) node = node && typeof node === 'object' ? (node as Json)[p] : undefined;
	return node as Json | undefined;
}

export function loadSpec(name: SpecName): LoadedSpec {
	const cached = cache.get(name);
	if (cached) return cached;
	const doc = parse(readFileSync(path.join(specDir(), SPEC_FILES[name]), 'utf8')) as Json;
	for (const e of ERRATA.filter((x) => x.spec === name)) {
		const parent = at(doc, e.pointer.slice(0, -1));
		const last = e.pointer[e.pointer.length - 1];
		if (parent && parent[last]) parent[last] = e.apply(parent[last] as Json);
	}
	const ajv = ajvInstance();
	const schemas = ((doc.components as Json)?.schemas ?? {}) as Json;
	for (const [key, schema] of Object.entries(schemas)) {
		const replacement = name === 'v5' ? V5_MODEL_REPLACEMENTS[key] : undefined;
		if (replacement) loadSpec(replacement[0]);
		const converted = replacement
			? { $ref: idFor(replacement[0], `#/components/schemas/${replacement[1]}`) }
			: (convertSchema(schema, name) as Json);
		ajv.addSchema({ ...converted, $id: idFor(name, `#/components/schemas/${key}`) });
	}
	const loaded = { name, doc, ajv };
	cache.set(name, loaded);
	return loaded;
}

export interface DocumentedResponse {
	/** Documented media types (empty for bodiless responses such as 204). */
	contentTypes: string[];
	/** Converted JSON schema per media type. */
	schemas: Record<string, unknown>;
}

/** The operation object for (method, path template) or undefined when this spec version lacks it. */
export function operation(
	spec: LoadedSpec,
	method: string,
	pathTemplate: string,
): Json | undefined {
	return at(spec.doc, ['paths', pathTemplate, method.toLowerCase()]);
}

/** The documented response for a status, with components/responses refs resolved. */
export function documentedResponse(
	spec: LoadedSpec,
	method: string,
	pathTemplate: string,
	status: number,
): DocumentedResponse | undefined {
	const op = operation(spec, method, pathTemplate);
	let response = (op?.responses as Json | undefined)?.[String(status)] as Json | undefined;
	if (!response) return undefined;
	if (typeof response.$ref === 'string')
		response = at(spec.doc, response.$ref.replace(/^#\//, '').split('/'));
	const content = (response?.content ?? {}) as Json;
	const schemas: Record<string, unknown> = {};
	for (const [type, media] of Object.entries(content))
		schemas[type] = convertSchema((media as Json).schema ?? {}, spec.name);
	return { contentTypes: Object.keys(content), schemas };
}

export function documentedStatuses(
	spec: LoadedSpec,
	method: string,
	pathTemplate: string,
): number[] {
	const op = operation(spec, method, pathTemplate);
	return Object.keys((op?.responses as Json | undefined) ?? {}).map(Number);
}

/** A component schema by name (for webhook `*Event` bodies). */
export function componentSchema(spec: LoadedSpec, name: string): unknown {
	return { $ref: idFor(spec.name, `#/components/schemas/${name}`) };
}

const compiled = new WeakMap<object, ValidateFunction>();

export function validate(spec: LoadedSpec, schema: unknown, data: unknown): ErrorObject[] {
	let fn = compiled.get(schema as object);
	if (!fn) {
		fn = spec.ajv.compile(schema as Json);
		compiled.set(schema as object, fn);
	}
	return fn(data) ? [] : [...(fn.errors ?? [])];
}

/** Picks one alternative of a oneOf/anyOf root (by index) so a test can assert which shape was returned. */
export function branch(schema: unknown, index: number): unknown {
	const alts = (schema as Json).anyOf as unknown[] | undefined;
	if (!alts || !alts[index]) throw new Error(`schema has no alternative #${index}`);
	return alts[index];
}

/** Adds `unevaluatedProperties: false` at the root: the body may not carry top-level keys the schema does not declare. */
export function closed(schema: unknown): unknown {
	return { allOf: [schema], unevaluatedProperties: false };
}

export function formatErrors(errors: ErrorObject[]): string {
	return errors
		.slice(0, 10)
		.map(
			(e) =>
				`${e.instancePath || '/'} ${e.message}${e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ''}`,
		)
		.join('\n');
}
