/**
 * A small builder for n8n workflow JSON, so the example workflows share ids, layout, credentials and sticky notes.
 * The JSON files it writes (examples/workflows/, test/e2e/workflows/) are what n8n imports; see generate.ts.
 */
import { createHash } from 'node:crypto';

export const CREDENTIAL = { id: 'terraEmulatorCred', name: 'Terra (emulator)' } as const;
export const TERRA = 'n8n-nodes-terra.terra';
export const TERRA_TRIGGER = 'n8n-nodes-terra.terraTrigger';
/** The Terra node as an AI Agent tool: the variant n8n generates from a node that is usableAsTool. */
export const TERRA_TOOL = 'n8n-nodes-terra.terraTool';

export interface N8nNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	webhookId?: string;
	onError?: 'continueRegularOutput' | 'continueErrorOutput' | 'stopWorkflow';
	alwaysOutputData?: boolean;
	executeOnce?: boolean;
	notes?: string;
	notesInFlow?: boolean;
}

export interface N8nWorkflow {
	id: string;
	name: string;
	nodes: N8nNode[];
	/** Per source node and connection type (`main`, or an AI sub-node's `ai_languageModel`, `ai_tool`, …). */
	connections: Record<string, Record<string, Array<Array<{ node: string; type: string; index: number }>>>>;
	pinData: Record<string, never>;
	settings: Record<string, unknown>;
	active: boolean;
	meta: Record<string, unknown>;
}

/** A stable UUID-shaped id from a seed, so regenerating the files gives the same bytes. */
export function stableUuid(...parts: string[]): string {
	const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export class WorkflowBuilder {
	readonly workflow: N8nWorkflow;

	private stickyCount = 0;

	constructor(id: string, name: string) {
		if (id.length > 21) throw new Error(`workflow id ${id} is longer than n8n's 21 characters`);
		this.workflow = {
			id,
			name,
			nodes: [],
			connections: {},
			pinData: {},
			settings: { executionOrder: 'v1' },
			active: false,
			meta: { templateCredsSetupCompleted: true },
		};
	}

	node(node: Omit<N8nNode, 'id'> & { id?: string }): this {
		if (this.workflow.nodes.some((existing) => existing.name === node.name)) {
			throw new Error(`${this.workflow.id}: duplicate node name ${node.name}`);
		}
		this.workflow.nodes.push({ id: node.id ?? stableUuid(this.workflow.id, node.name), ...node } as N8nNode);
		return this;
	}

	manualTrigger(position: [number, number] = [0, 0], name = 'Run this workflow'): this {
		return this.node({ name, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position, parameters: {} });
	}

	/** An Edit Fields node that outputs only the given fields (`mode: 'manual'` written out where a workflow has it). */
	editFields(
		name: string,
		position: [number, number],
		assignments: Array<{ id: string; name: string; value: string; type: string }>,
		{ manualMode = false }: { manualMode?: boolean } = {},
	): this {
		return this.node({
			name,
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position,
			parameters: { ...(manualMode ? { mode: 'manual' } : {}), assignments: { assignments }, includeOtherFields: false, options: {} },
		});
	}

	terra(
		name: string,
		position: [number, number],
		parameters: Record<string, unknown>,
		extra: Partial<N8nNode> = {},
	): this {
		return this.node({
			name,
			type: TERRA,
			typeVersion: 1.1,
			position,
			parameters,
			credentials: { terraApi: { ...CREDENTIAL } },
			...extra,
		});
	}

	/** A Terra Trigger on the emulator's credential; `webhookId` fixes its production URL (/webhook/<id>/webhook). */
	terraTrigger(name: string, webhookId: string, parameters: Record<string, unknown>, position: [number, number] = [0, 0], typeVersion = 1): this {
		return this.node({
			name,
			type: TERRA_TRIGGER,
			typeVersion,
			position,
			webhookId,
			parameters,
			credentials: { terraApi: { ...CREDENTIAL } },
		});
	}

	sticky(content: string, position: [number, number], width = 320, height = 200, color = 7): this {
		this.stickyCount++;
		const name = this.stickyCount === 1 ? 'Sticky Note' : `Sticky Note ${this.stickyCount}`;
		return this.node({
			name,
			type: 'n8n-nodes-base.stickyNote',
			typeVersion: 1,
			position,
			parameters: { content, width, height, color },
		});
	}

	/** Workflow settings, e.g. the timezone that $today, schedules and the Terra node's date presets use. */
	settings(settings: Record<string, unknown>): this {
		Object.assign(this.workflow.settings, settings);
		return this;
	}

	connect(from: string, to: string, outputIndex = 0): this {
		return this.link(from, to, 'main', outputIndex);
	}

	/** Attaches an AI sub-node (chat model, tool, memory) to a root node such as the AI Agent. */
	connectAi(from: string, to: string, type: 'ai_languageModel' | 'ai_tool' | 'ai_memory'): this {
		return this.link(from, to, type, 0);
	}

	private link(from: string, to: string, type: string, outputIndex: number): this {
		for (const name of [from, to]) {
			if (!this.workflow.nodes.some((node) => node.name === name)) {
				throw new Error(`${this.workflow.id}: connect() names unknown node ${name}`);
			}
		}
		const outputs = ((this.workflow.connections[from] ??= {})[type] ??= []);
		while (outputs.length <= outputIndex) outputs.push([]);
		outputs[outputIndex].push({ node: to, type, index: 0 });
		return this;
	}

	/** Connects nodes in a row: a → b → c. */
	chain(...names: string[]): this {
		for (let index = 1; index < names.length; index++) this.connect(names[index - 1], names[index]);
		return this;
	}

	build(): N8nWorkflow {
		return this.workflow;
	}
}
