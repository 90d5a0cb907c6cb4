/** Terminal output shared by the demo, the benchmark and the test runners: colours (off without a TTY or with NO_COLOR). */
import { AssertionError } from 'node:assert';
import { inspect } from 'node:util';

const useColour = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: string) => (text: string) => (useColour ? `\u001b[${code}m${text}\u001b[0m` : text);
export const green = paint('32');
export const red = paint('31');
export const dim = paint('2');
export const bold = paint('1');
export const yellow = paint('33');

/** An error as one readable block: an assertion's actual/expected, else the stack. */
export function describeError(error: unknown): string {
	if (error instanceof AssertionError) {
		const lines = [error.message.split('\n')[0]];
		if (error.generatedMessage === false && error.actual !== undefined) {
			lines.push(`actual:   ${inspect(error.actual, { depth: 4, breakLength: 140 })}`);
			lines.push(`expected: ${inspect(error.expected, { depth: 4, breakLength: 140 })}`);
		} else if (error.generatedMessage) {
			return error.message;
		}
		return lines.join('\n');
	}
	if (error instanceof Error) return error.stack ?? error.message;
	return String(error);
}
