/**
 * The AI Agent template: n8n's AI Agent with an OpenAI chat model and the Terra node as tools (the "Terra Tool"
 * n8n generates from the node), read-only operations only: list users, get sleep, get daily summaries. The agent
 * fills the user and the dates with $fromAI(); Delete, Create and Deauthenticate are deliberately not offered.
 */
import { CREDENTIAL, TERRA_TOOL, WorkflowBuilder, type N8nWorkflow } from './lib/builder';
import { COL, noted, overview, ROW } from './lib/layout';

export const AI_AGENT_ID = 'terraExAiAgent';

/** The OpenAI credential the template names (the e2e suite points it at a scripted model on loopback). */
export const OPENAI_CREDENTIAL = { id: 'terraExOpenAiCred', name: 'OpenAI' } as const;

/** The question the manual run asks. */
export const AGENT_QUESTION = 'How did the user 689b920c-209b-4547-9ab3-c428b653f481 sleep from 1 to 7 July 2026?';

const fromAi = (key: string, description: string) => `={{ $fromAI('${key}', \`${description}\`, 'string') }}`;

function tool(b: WorkflowBuilder, name: string, position: [number, number], parameters: Record<string, unknown>, description: string): void {
	b.node({
		name,
		type: TERRA_TOOL,
		typeVersion: 1,
		position,
		parameters: { descriptionType: 'manual', toolDescription: description, ...parameters },
		credentials: { terraApi: { ...CREDENTIAL } },
	});
	b.connectAi(name, 'AI Agent', 'ai_tool');
}

/** Data Get Many for one user the agent names, over the dates it chooses, Simplified (small for a model's context). */
const dataForOneUser = (resource: 'sleep' | 'daily') => ({
	resource,
	operation: 'getAll',
	userScope: 'one',
	user: { __rl: true, mode: 'id', value: fromAi('user_id', 'The Terra user ID (a UUID) of the user') },
	datePreset: 'custom',
	startDate: fromAi('start_date', 'First day, YYYY-MM-DD'),
	endDate: fromAi('end_date', 'Last day (included), YYYY-MM-DD'),
	delivery: 'inline',
	output: 'simplified',
	withSamples: false,
	options: {},
});

export function aiAgent(): N8nWorkflow {
	const b = new WorkflowBuilder(AI_AGENT_ID, 'Terra · AI Agent: answer questions about users’ data (read-only tools)');
	overview(
		b,
		'An AI Agent that reads Terra data',
		'The agent gets three **Terra Tool** nodes: list users, sleep, daily summaries. It fills the user and the dates itself (`$fromAI()`). Only read operations are offered: keep Delete, Create and **Deauthenticate User** away from an agent. Choose your own OpenAI credential and model in **OpenAI Chat Model** (or use another chat model).',
	);
	b.manualTrigger([0, 0]);
	b.editFields('Question', [COL, 0], [{ id: 'question', name: 'chatInput', value: AGENT_QUESTION, type: 'string' }]);
	noted(b, '**Edit Fields**\nThe question. Replace this and the manual trigger with a Chat Trigger to chat with the agent.', [COL, 0]);
	b.node({
		name: 'AI Agent',
		type: '@n8n/n8n-nodes-langchain.agent',
		typeVersion: 3.1,
		position: [COL * 2, 0],
		parameters: {
			promptType: 'define',
			text: '={{ $json.chatInput }}',
			options: { systemMessage: 'You answer questions about wearable data with the Terra tools. Dates are YYYY-MM-DD.' },
		},
	});
	noted(b, '**AI Agent**\nAnswers with what the Terra tools return (Simplified output keeps it small).', [COL * 2, 0]);
	b.node({
		name: 'OpenAI Chat Model',
		type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
		typeVersion: 1.3,
		position: [COL * 1.5, ROW],
		parameters: { model: { __rl: true, mode: 'id', value: 'gpt-4.1-mini' }, responsesApiEnabled: false, options: {} },
		credentials: { openAiApi: { ...OPENAI_CREDENTIAL } },
	});
	b.connectAi('OpenAI Chat Model', 'AI Agent', 'ai_languageModel');
	tool(b, 'List users', [COL * 2, ROW], { resource: 'user', operation: 'getAll', returnAll: false, limit: 20, options: {} }, 'Lists the connected Terra users: user_id, provider and reference_id (the customer ID).');
	tool(b, 'Get sleep', [COL * 2.5, ROW], dataForOneUser('sleep'), 'Gets one user’s sleep sessions between two dates (both included): start and end time, time asleep, deep and REM sleep, HRV.');
	tool(b, 'Get daily summaries', [COL * 3, ROW], dataForOneUser('daily'), 'Gets one user’s daily summaries between two dates (both included): steps, distance, calories, resting heart rate, stress.');
	b.chain('Run this workflow', 'Question', 'AI Agent');
	return b.build();
}
