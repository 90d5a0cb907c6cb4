/** Layout and sticky notes shared by the example workflows. */
import { CREDENTIAL, type WorkflowBuilder } from './builder';

const CREDENTIAL_NOTE = `Every Terra node uses the credential **${CREDENTIAL.name}**. In the demo it points at the offline Terra emulator. To use real Terra, open the credential and set Base URL to the Terra API, with your dev ID and API key.`;

/** Rows of branches that hang off the manual trigger; each step gets a note box above it. */
export const ROW = 300;
export const COL = 300;

/** The big note at the top left: what the workflow shows, and which credential it uses. */
export function overview(builder: WorkflowBuilder, title: string, text: string): WorkflowBuilder {
	return builder.sticky(`## ${title}\n\n${text}\n\n${CREDENTIAL_NOTE}`, [-480, -160], 400, 360, 4);
}

/** A note box above the node at [x, y]. */
export function noted(
	builder: WorkflowBuilder,
	note: string,
	[x, y]: [number, number],
	width = 260,
): WorkflowBuilder {
	return builder.sticky(note, [x - 80, y - 150], width, 280, 7);
}
