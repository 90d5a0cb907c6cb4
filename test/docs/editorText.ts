/**
 * The editor-text rules a machine can check (issue 19), as a list of violations: the jest test asserts the list is
 * empty, and its failure shows the count per rule (how the before → after table was measured).
 */
import type { INodeProperties, INodePropertyCollection, INodePropertyOptions, INodeTypeDescription } from 'n8n-workflow';

import { TerraApi } from '../../credentials/TerraApi.credentials';
import { TERRA_DATA_TYPES } from '../../nodes/Terra/actions/data/catalogue';
import { Terra } from '../../nodes/Terra/Terra.node';
import { TerraTrigger } from '../../nodes/TerraTrigger/TerraTrigger.node';
import terraCodex from '../../nodes/Terra/Terra.node.json';
import triggerCodex from '../../nodes/TerraTrigger/TerraTrigger.node.json';

export interface Violation {
	rule: string;
	where: string;
	detail: string;
}

/** Words of HTTP, Terra's wire format or this repository's internals that an n8n user should not have to read. */
export const JARGON: Array<[string, RegExp]> = [
	['GET /', /\bGET \//],
	['POST /', /\bPOST \//],
	['PATCH /', /\bPATCH \//],
	['DELETE /', /\bDELETE \//],
	['to_webhook', /to_webhook/],
	['per_page', /per_page/],
	['X-Terra', /X-Terra/i],
	['Retry-After', /Retry-After/i],
	['r1/r2', /\br[12]\b/],
	['s3_payload', /s3_payload/],
	['Unix seconds', /Unix seconds/i],
];

export const DATE_RANGE_ORDER = ['Today', 'Yesterday', 'Last 7 Days', 'Last 30 Days', 'Custom'];

/** n8n's placeholders: "Add option" for an Options collection, "Add Filter" for filters, "Add Field" otherwise. */
export function expectedPlaceholder(name: string): string {
	if (name === 'options') return 'Add option';
	if (/filters$/i.test(name)) return 'Add Filter';
	return 'Add Field';
}

/** Collection options that only mean something when a switch is on: option → the switch its displayOptions need. */
export const SWITCHED_OPTIONS: Record<string, string> = {
	s3MaxSizeMb: 'fetchS3Payloads',
	s3TimeoutSeconds: 'fetchS3Payloads',
	s3PayloadHosts: 'fetchS3Payloads',
	fetchUnverifiedS3Payloads: 'fetchS3Payloads',
	repeatWindowMinutes: '/ignoreRepeatedDeliveries',
};

export const DOCS = 'https://github.com/n8n-nodes-terra/n8n-nodes-terra/blob/main/docs/';

/** Every piece of text a user (or an AI agent reading the tool's description) sees, with where it is. */
export function editorTexts(description: INodeTypeDescription | { displayName: string; properties: INodeProperties[] }) {
	const texts: Array<{ where: string; text: string }> = [];
	const add = (where: string, text: unknown) => {
		if (typeof text === 'string' && text) texts.push({ where, text });
	};
	add('node', (description as INodeTypeDescription).description);
	// The subtitle is an expression (code, with Terra's values as keys): its own rule below checks what it shows.
	const visit = (properties: INodeProperties[], path: string) => {
		for (const property of properties) {
			const where = `${path}${property.name}`;
			add(`${where} (displayName)`, property.displayName);
			add(`${where} (description)`, property.description);
			add(`${where} (hint)`, property.hint);
			add(`${where} (placeholder)`, property.placeholder);
			for (const mode of property.modes ?? []) {
				add(`${where}.${mode.name} (hint)`, mode.hint);
				add(`${where}.${mode.name} (placeholder)`, mode.placeholder);
			}
			for (const option of (property.options ?? []) as Array<INodeProperties | INodePropertyOptions | INodePropertyCollection>) {
				if ('type' in option) {
					visit([option], `${where}.`);
				} else if ('values' in option) {
					add(`${where}.${option.name} (displayName)`, option.displayName);
					visit(option.values, `${where}.${option.name}.`);
				} else {
					add(`${where}=${String(option.value)} (name)`, option.name);
					add(`${where}=${String(option.value)} (description)`, option.description);
					add(`${where}=${String(option.value)} (action)`, option.action);
				}
			}
		}
	};
	visit(description.properties, '');
	return texts;
}

function collections(properties: INodeProperties[]): INodeProperties[] {
	return properties.filter((property) => property.type === 'collection' || property.type === 'fixedCollection');
}

function simplifiedColumnCount(type: (typeof TERRA_DATA_TYPES)[number]): number {
	// user_id, reference_id, provider; date and record_id for dated types; then the metrics.
	return 3 + (type.simplified.date ? 2 : 0) + Object.keys(type.simplified.metrics).length;
}

export function violations(): Violation[] {
	const found: Violation[] = [];
	const terra = new Terra().description;
	const trigger = new TerraTrigger().description;
	const credential = new TerraApi();
	const described = [
		{ label: 'Terra', description: terra },
		{ label: 'Terra Trigger', description: trigger },
		{ label: 'Terra API credential', description: { displayName: credential.displayName, properties: credential.properties } },
	];

	for (const { label, description } of described) {
		for (const { where, text } of editorTexts(description)) {
			for (const [word, pattern] of JARGON) {
				if (pattern.test(text)) found.push({ rule: 'jargon', where: `${label} ${where}`, detail: word });
			}
		}
		for (const collection of collections(description.properties)) {
			const expected = expectedPlaceholder(collection.name);
			if (collection.placeholder !== expected) {
				found.push({
					rule: 'placeholder',
					where: `${label} ${collection.name}`,
					detail: `“${String(collection.placeholder)}”, expected “${expected}”`,
				});
			}
		}
	}

	for (const { where, text } of editorTexts(terra)) {
		// n8n's actions are sentence case without articles: "Get many users", "Get user".
		if (where.endsWith('(action)') && /\b(a|an|the)\b/i.test(text)) {
			found.push({ rule: 'action wording', where: `Terra ${where}`, detail: text });
		}
	}

	const datePresets = terra.properties.filter((property) => property.name === 'datePreset');
	for (const preset of datePresets) {
		const names = (preset.options as INodePropertyOptions[]).map((option) => option.name);
		if (names.join('|') !== DATE_RANGE_ORDER.join('|')) {
			found.push({ rule: 'order', where: `Terra datePreset (${String(preset.displayOptions?.show?.resource)})`, detail: names.join(', ') });
		}
	}
	const events = trigger.properties.find((property) => property.name === 'events');
	const eventNames = ((events?.options ?? []) as INodePropertyOptions[]).map((option) => option.name);
	if (eventNames[0] !== 'All Events') found.push({ rule: 'order', where: 'Terra Trigger events', detail: `first is ${eventNames[0]}` });
	for (const raw of ['Auth', 'Deauth', 'User Reauth']) {
		if (eventNames.includes(raw)) found.push({ rule: 'event names', where: 'Terra Trigger events', detail: `raw name “${raw}”` });
	}
	// The subtitle names events as the picker does (“User Connected”), not by Terra's values (“auth”).
	if (!String(trigger.subtitle).includes('User Connected')) {
		found.push({ rule: 'subtitle', where: 'Terra Trigger subtitle', detail: 'shows the raw event values' });
	}

	for (const type of TERRA_DATA_TYPES) {
		const columns = simplifiedColumnCount(type);
		if (columns > 10) found.push({ rule: 'simplified columns', where: type.resource, detail: `${columns} columns` });
	}

	for (const { label, description } of described) {
		for (const collection of collections(description.properties)) {
			for (const option of (collection.options ?? []) as INodeProperties[]) {
				const needs = SWITCHED_OPTIONS[option.name];
				if (!needs) continue;
				if (option.displayOptions?.show?.[needs]?.[0] !== true) {
					found.push({ rule: 'switched option', where: `${label} ${collection.name}.${option.name}`, detail: `not hidden while ${needs} is off` });
				}
			}
		}
	}

	const notice = trigger.properties.find((property) => property.name === 'setupNotice');
	if (!notice || notice.displayName.replace(/<[^>]+>/g, '').length >= 300) {
		found.push({ rule: 'notice length', where: 'Terra Trigger setupNotice', detail: `${notice?.displayName.length} characters` });
	}
	const deauth = terra.properties.find(
		(property) => property.type === 'notice' && property.displayOptions?.show?.operation?.includes('deauthenticateUser'),
	);
	if (!deauth) found.push({ rule: 'warning notice', where: 'Terra Deauthenticate User', detail: 'no notice' });

	const links = [
		...terraCodex.resources.primaryDocumentation,
		...triggerCodex.resources.primaryDocumentation,
		...terraCodex.resources.credentialDocumentation,
		...triggerCodex.resources.credentialDocumentation,
	].map((link) => link.url);
	links.push(credential.documentationUrl);
	for (const link of links) {
		if (!link.startsWith(DOCS)) found.push({ rule: 'docs link', where: 'codex / credential', detail: link });
	}
	return found;
}

/** Violations counted per rule: the shape of the before → after table. */
export function countByRule(found: Violation[]): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const violation of found) counts[violation.rule] = (counts[violation.rule] ?? 0) + 1;
	return counts;
}
