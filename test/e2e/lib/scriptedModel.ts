/**
 * A scripted OpenAI-compatible chat model on loopback, so the AI Agent template runs in the e2e suite with no
 * network and no real model. It answers Chat Completions requests in two turns:
 * 1. no tool result in the conversation yet → a call to the tool whose name matches `toolPattern`, with arguments
 *    filled from `args` for every parameter the tool declares (so it follows n8n's $fromAI() schema);
 * 2. a tool result present → a final answer that quotes the tool result, so the agent's output carries the data
 *    the tool returned.
 * Streaming requests (`stream: true`) get the same answers as server-sent events. Every request is recorded.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

interface ChatMessage {
	role: string;
	content?: unknown;
}

interface ChatTool {
	type: string;
	function: { name: string; parameters?: { properties?: Record<string, unknown> } };
}

export interface ScriptedModelRequest {
	path: string;
	body: { model?: string; stream?: boolean; messages?: ChatMessage[]; tools?: ChatTool[] };
}

export class ScriptedModel {
	readonly requests: ScriptedModelRequest[] = [];
	/** What the model "decided": the tool it called and with which arguments. */
	toolCall?: { name: string; args: Record<string, string> };

	private server?: Server;

	constructor(
		private readonly toolPattern: RegExp,
		private readonly args: Record<string, string>,
	) {}

	/** The base URL to put into the OpenAI credential (…/v1). */
	async start(): Promise<string> {
		this.server = createServer((request, response) => void this.handle(request, response));
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
	}

	async stop(): Promise<void> {
		await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
	}

	private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of request) chunks.push(chunk as Buffer);
		const text = Buffer.concat(chunks).toString('utf8');
		const path = (request.url ?? '').split('?')[0];
		const body = text ? (JSON.parse(text) as ScriptedModelRequest['body']) : {};
		this.requests.push({ path, body });
		if (request.method === 'GET' && path.endsWith('/models')) {
			return json(response, 200, { object: 'list', data: [{ id: 'gpt-4.1-mini', object: 'model', owned_by: 'scripted' }] });
		}
		if (request.method !== 'POST' || !path.endsWith('/chat/completions')) {
			return json(response, 404, { error: { message: `the scripted model serves /chat/completions, not ${request.method} ${path}` } });
		}
		const toolResults = (body.messages ?? []).filter((message) => message.role === 'tool');
		const message = toolResults.length ? this.finalAnswer(toolResults) : this.callTool(body.tools ?? []);
		if (!message) return json(response, 400, { error: { message: `no tool matches ${this.toolPattern}` } });
		const finish = 'tool_calls' in message ? 'tool_calls' : 'stop';
		const base = { id: `chatcmpl-scripted-${this.requests.length}`, created: Math.floor(Date.now() / 1000), model: body.model ?? 'scripted' };
		if (!body.stream) {
			return json(response, 200, {
				...base,
				object: 'chat.completion',
				choices: [{ index: 0, message, finish_reason: finish, logprobs: null }],
				usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
			});
		}
		response.writeHead(200, { 'content-type': 'text/event-stream' });
		const delta = 'tool_calls' in message
			? { role: 'assistant', tool_calls: message.tool_calls.map((call, index) => ({ index, ...call })) }
			: { role: 'assistant', content: message.content };
		for (const choice of [{ index: 0, delta, finish_reason: null }, { index: 0, delta: {}, finish_reason: finish }]) {
			response.write(`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [choice] })}\n\n`);
		}
		response.end('data: [DONE]\n\n');
	}

	private callTool(tools: ChatTool[]) {
		const tool = tools.find((candidate) => this.toolPattern.test(candidate.function.name));
		if (!tool) return undefined;
		const declared = Object.keys(tool.function.parameters?.properties ?? {});
		const args = Object.fromEntries(declared.filter((key) => key in this.args).map((key) => [key, this.args[key]]));
		this.toolCall = { name: tool.function.name, args };
		return {
			role: 'assistant' as const,
			content: null,
			tool_calls: [{ id: 'call_terra_1', type: 'function' as const, function: { name: tool.function.name, arguments: JSON.stringify(args) } }],
		};
	}

	private finalAnswer(toolResults: ChatMessage[]) {
		const quoted = toolResults.map((message) => (typeof message.content === 'string' ? message.content : JSON.stringify(message.content))).join('\n');
		return { role: 'assistant' as const, content: `Here is what Terra returned:\n${quoted}` };
	}
}

function json(response: ServerResponse, status: number, body: unknown): void {
	response.writeHead(status, { 'content-type': 'application/json' });
	response.end(JSON.stringify(body));
}
