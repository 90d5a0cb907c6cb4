/**
 * The n8n editor in a real browser: Debian's Chromium driven by playwright-core (no browser download). Signs in as
 * the owner the suite created, opens the example workflows, and checks that our nodes render: the Resource and
 * Operation pickers (with no HTTP text), the User resource locator's list (loaded live from the emulator through n8n's
 * listSearch), the Terra Trigger's notice, events, options and production URL, and the credential's form. Screenshots
 * go to the run's artifacts, or with --update-screenshots to docs/screenshots/ (the README shows them).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';

import { chromium, type BrowserContext, type Page } from 'playwright-core';

import { waitFor } from '../../../scripts/lib/processes';
import { OWNER } from '../../../scripts/lib/rest';
import { REPO } from '../../../scripts/lib/runtime';
import { EMULATOR_DEV_ID } from '../../../scripts/lib/stack';
import { WEBHOOK_IDS, WORKFLOW_IDS } from '../../../examples/generate';
import { CREDENTIAL } from '../../../examples/lib/builder';
import { findProvider } from '../../../emulator/data/providers';
import { providerName } from '../../../nodes/Terra/methods/listSearch';
import type { E2eContext } from './context';

export const CHROMIUM = process.env.TERRA_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];
/** The README's screenshots are refreshed only on request, so a test run leaves the working tree clean. */
const UPDATE_SCREENSHOTS = process.argv.includes('--update-screenshots');

const CUSTOM_API_CALL = 'Custom API Call';
const RESOURCES = [
	'Activity',
	'Athlete',
	'Authentication',
	'Body',
	'Daily',
	'Lab Report',
	'Menstruation',
	'Nutrition',
	'Planned Workout',
	'Planned Workout (Legacy)',
	'Provider',
	'Sleep',
	'User',
	'Workout Template',
];

async function openWorkflow(page: Page, baseUrl: string, workflowId: string): Promise<void> {
	// The canvas is what counts; waiting for every resource's `load` only adds a way to time out on a busy machine.
	await page.goto(`${baseUrl}/workflow/${workflowId}`, { waitUntil: 'domcontentloaded' });
	await page.locator('[data-test-id="canvas-node"]').first().waitFor();
	// Let the canvas fit the view before any screenshot.
	await page.locator('[data-test-id="zoom-to-fit"]').click();
	await page.waitForTimeout(400);
}

async function openNode(page: Page, name: string): Promise<void> {
	await page.locator('[data-test-id="canvas-node"]', { hasText: name }).first().dblclick();
	await page.locator('[data-test-id="ndv"]').waitFor();
	await page.locator('[data-test-id="node-parameters"]').waitFor();
}

/** Closes the open select popper and waits until its options are gone (it fades out). */
async function closeOptions(page: Page): Promise<void> {
	await page.keyboard.press('Escape');
	await waitFor('the options list to close', async () =>
		(await page.locator('.el-select-dropdown__item:visible').count()) === 0 ? true : undefined,
	);
}

/** HTTP words the editor must not show a user: methods with paths, the old “Terra endpoints: Get Many → GET /sleep” hint. */
const HTTP_TEXT = /\b(GET|POST|PATCH|DELETE) \/|Terra endpoints:|→ (GET|POST|PATCH|DELETE)\b/;

/** Option headlines of the select popper that is open now. */
async function openOptions(page: Page): Promise<string[]> {
	const items = page.locator('.el-select-dropdown__item:visible .option-headline');
	await items.first().waitFor();
	return (await items.allInnerTexts()).map((text) => text.trim());
}

export async function editorChecks(ctx: E2eContext): Promise<void> {
	const { suite, stack, pace } = ctx;
	const baseUrl = stack.n8n.baseUrl;
	// Every browser wait is scaled by how slowly n8n started (see lib/pace.ts): 30 s on an idle machine.
	const timeout = pace.ms(30_000);
	let context: BrowserContext | undefined;
	let page: Page | undefined;

	const ready = await suite.check(`Chromium ${CHROMIUM} starts headless with a fresh profile`, async () => {
		assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: run scripts/install-chromium.sh`);
		const profile = path.join(ctx.artifacts, '..', 'chromium-profile');
		rmSync(profile, { recursive: true, force: true });
		context = await chromium.launchPersistentContext(profile, {
			executablePath: CHROMIUM,
			args: CHROMIUM_ARGS,
			headless: true,
			viewport: { width: 1440, height: 900 },
			deviceScaleFactor: 1,
		});
		page = context.pages()[0] ?? (await context.newPage());
		page.setDefaultTimeout(timeout);
		page.setDefaultNavigationTimeout(timeout);
	});
	if (!ready || !page) return;
	const browserPage = page;
	const SCREENSHOTS = UPDATE_SCREENSHOTS ? path.join(REPO, 'docs', 'screenshots') : path.join(ctx.artifacts, 'screenshots');
	mkdirSync(SCREENSHOTS, { recursive: true });
	const failureShot = async (name: string) => {
		await browserPage.screenshot({ path: path.join(ctx.artifacts, `editor-failure-${name}.png`) }).catch(() => undefined);
	};
	const browserCheck = async (name: string, slug: string, fn: () => Promise<void>) => {
		const ok = await suite.check(name, fn);
		if (!ok) await failureShot(slug);
		return ok;
	};

	try {
		const signedIn = await browserCheck('the editor opens and the owner signs in', 'signin', async () => {
			await browserPage.goto(`${baseUrl}/signin`, { waitUntil: 'domcontentloaded' });
			await browserPage.locator('[data-test-id="emailOrLdapLoginId"] input').fill(OWNER.email);
			await browserPage.locator('[data-test-id="password"] input').fill(OWNER.password);
			await browserPage.locator('[data-test-id="form-submit-button"]').click();
			await browserPage.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout, waitUntil: 'domcontentloaded' });
		});
		if (!signedIn) return;

		await browserCheck('Terra node: the Resource and Operation pickers list our resources and operations', 'pickers', async () => {
			await openWorkflow(browserPage, baseUrl, WORKFLOW_IDS.activity);
			await browserPage.screenshot({ path: path.join(SCREENSHOTS, 'workflow-activity.png') });
			await openNode(browserPage, 'Get 90 days of activities');
			assert.equal(
				(await browserPage.locator('[data-test-id="ndv"] [data-test-id="node-title-container"]').innerText()).trim(),
				'Get 90 days of activities',
			);
			await browserPage.locator('[data-test-id="parameter-input-resource"]').click();
			// n8n itself appends “Custom API Call” to nodes whose credential it can reuse in the HTTP Request node.
			const resources = await openOptions(browserPage);
			assert.deepEqual(resources.filter((name) => name !== CUSTOM_API_CALL), RESOURCES, 'Resource options, sorted by name');
			await browserPage.waitForTimeout(500); // let the list's opening animation finish
			await browserPage.screenshot({ path: path.join(SCREENSHOTS, 'terra-node.png') });
			await closeOptions(browserPage);
			await browserPage.locator('[data-test-id="parameter-input-operation"]').click();
			const operations = await openOptions(browserPage);
			assert.deepEqual(operations.filter((name) => name !== CUSTOM_API_CALL), ['Create', 'Get Many'], 'Activity operations');
			// The picker as a user sees it: each option with its description, and the hint under the field.
			const pickerText = (await browserPage.locator('.el-select-dropdown__item:visible').allInnerTexts()).join('\n');
			assert.ok(pickerText.includes('for a range of days'), `the Operation picker shows the descriptions: ${pickerText.slice(0, 200)}`);
			assert.doesNotMatch(pickerText, HTTP_TEXT, 'the Operation picker shows no HTTP method or path');
			await closeOptions(browserPage);
			const parametersText = await browserPage.locator('[data-test-id="node-parameters"]').innerText();
			assert.doesNotMatch(parametersText, HTTP_TEXT, 'no HTTP method or path under the Operation picker or anywhere in the parameters');
			for (const label of ['Users', 'Date Range', 'Start Date', 'End Date', 'Delivery', 'Output', 'Include Samples']) {
				await browserPage.locator('[data-test-id="node-parameters"]').getByText(label, { exact: true }).first().waitFor();
			}
			await browserPage.locator('[data-test-id="ndv-close-button"]').click();
		});

		await browserCheck('Terra node: User “From List” loads the users from the emulator (listSearch searchUsers → GET /subscriptions)', 'user-list', async () => {
			await openWorkflow(browserPage, baseUrl, WORKFLOW_IDS.users);
			await openNode(browserPage, 'Get a user');
			await stack.emulator.clearRequests();
			await browserPage.locator('[data-test-id="rlc-input"]').click();
			const users = await stack.emulator.users();
			const items = browserPage.locator('[data-test-id="rlc-item"]');
			// The list first shows the saved choice, then what listSearch returned.
			await waitFor('the user list to load', async () => ((await items.count()) >= users.length ? true : undefined), {
				timeoutMs: pace.ms(20_000),
			}).catch(() => undefined);
			const names = (await items.allInnerTexts()).map((text) => text.trim());
			assert.deepEqual(
				names,
				users.map(
					(user) =>
						`${findProvider(user.provider)?.name ?? providerName(user.provider)} · ${user.reference_id ?? 'no reference ID'} · ${user.user_id.slice(0, 8)}`,
				),
				'one entry per emulator user, in Terra’s order, with the provider’s display name',
			);
			const calls = (await stack.emulator.requests()).filter((request) => request.path === '/subscriptions');
			assert.ok(calls.length >= 1, 'the list came from GET /subscriptions');
			assert.equal(calls[0].headers['dev-id'], EMULATOR_DEV_ID, 'with the credential’s dev-id');
			await browserPage.waitForTimeout(500); // let the list's opening animation finish
			await browserPage.screenshot({ path: path.join(SCREENSHOTS, 'terra-node-user-list.png') });
			await browserPage.keyboard.press('Escape');
			await browserPage.locator('[data-test-id="ndv-close-button"]').click();
		});

		await browserCheck('“Execute workflow” in the editor runs the Users workflow in the n8n server: every node succeeds', 'execute', async () => {
			await openWorkflow(browserPage, baseUrl, WORKFLOW_IDS.users);
			const before = (await stack.rest.executions(WORKFLOW_IDS.users)).length;
			await browserPage.locator('[data-test-id="execute-workflow-button"]').click();
			const nodes = 6; // manual trigger + five Terra nodes
			await waitFor(
				'every node to show success',
				async () => {
					if ((await browserPage.locator('[data-test-id="canvas-node-status-error"]').count()) > 0) {
						throw new Error('a node shows an error');
					}
					return (await browserPage.locator('[data-test-id="canvas-node-status-success"]').count()) >= nodes ? true : undefined;
				},
				{ timeoutMs: pace.ms(60_000) },
			);
			const executions = await waitFor(
				'the manual execution to be stored',
				async () => {
					const list = await stack.rest.executions(WORKFLOW_IDS.users);
					return list.length > before ? list : undefined;
				},
				{ timeoutMs: pace.ms(60_000) },
			);
			const latest = executions[executions.length - 1];
			assert.equal(latest.mode, 'manual');
			assert.equal(latest.status, 'success');
			await browserPage.getByText('Workflow executed successfully').waitFor({ timeout: pace.ms(10_000) }).catch(() => undefined);
			await browserPage.screenshot({ path: path.join(SCREENSHOTS, 'workflow-users-executed.png') });
		});

		await browserCheck('Terra Trigger: setup notice, events by name, S3 options only once S3 fetching is on, and the production webhook URL', 'trigger', async () => {
			await openWorkflow(browserPage, baseUrl, WORKFLOW_IDS.trigger);
			await browserPage.screenshot({ path: path.join(SCREENSHOTS, 'workflow-trigger.png') });
			await openNode(browserPage, 'Terra events');
			const parameters = browserPage.locator('[data-test-id="node-parameters"]');
			await parameters.getByText('add this node’s Production URL').waitFor();
			const events = await browserPage.locator('[data-test-id="parameter-input-events"]').innerText();
			for (const label of ['Activity', 'Sleep', 'User Connected', 'User Disconnected', 'Lab Report Completed']) {
				assert.ok(events.includes(label), `events show ${label}`);
			}
			// The Options collection offers the S3 settings only once Fetch S3 Payloads is in it and on.
			const addLabel = parameters.getByText('Add option', { exact: true });
			const addControl = parameters.locator(
				':is([data-test-id="collection-parameter-add-dropdown"], [data-test-id="collection-parameter-add-header"], [data-test-id="collection-parameter-add"])',
			);
			await ((await addLabel.count()) > 0 ? addLabel.last() : addControl.last()).click();
			// n8n has two collection widgets (a select, or a dropdown menu behind a feature flag): read whichever opened.
			const menuItems = browserPage.locator(':is(.el-select-dropdown__item, [role="menuitem"], [role="option"]):visible');
			await menuItems.first().waitFor();
			await browserPage.waitForTimeout(300);
			const offered = (await menuItems.allInnerTexts()).map((text) => text.trim());
			assert.ok(offered.includes('Fetch S3 Payloads'), `Options offers Fetch S3 Payloads: ${offered.join(', ')}`);
			for (const hidden of ['Max S3 Payload Size (MB)', 'S3 Fetch Timeout (Seconds)', 'S3 Payload Hosts']) {
				assert.ok(!offered.includes(hidden), `${hidden} is not offered while S3 fetching is off`);
			}
			await closeOptions(browserPage);
			await browserPage.getByText('Webhook URLs', { exact: true }).click();
			await browserPage.locator('[data-test-id="radio-button-production"]').click();
			const url = (await browserPage.locator('.webhook-url').first().innerText()).trim();
			assert.equal(url, `${baseUrl}/webhook/${WEBHOOK_IDS.trigger}/webhook`);
			await browserPage.screenshot({ path: path.join(SCREENSHOTS, 'terra-trigger-node.png') });
			await browserPage.locator('[data-test-id="ndv-close-button"]').click();
		});

		await browserCheck('Terra API credential: the form shows Dev ID, API Key, Base URL and the signing secret', 'credential', async () => {
			await browserPage.goto(`${baseUrl}/home/credentials/${CREDENTIAL.id}`, { waitUntil: 'domcontentloaded' });
			const modal = browserPage.locator('[role="dialog"]').filter({ hasText: 'Dev ID' });
			await modal.waitFor();
			await modal.getByText('Connection tested successfully').waitFor();
			const text = await modal.innerText();
			// Labels of required fields carry n8n's “*”, so they are read from the form's text, not matched exactly.
			for (const label of ['Dev ID', 'API Key', 'Base URL', 'Webhook Signing Secret']) {
				assert.ok(text.includes(label), `the credential form shows ${label}`);
			}
			assert.doesNotMatch(text, /N8N_PAYLOAD_SIZE_MAX|per_page/, 'no internals in the credential form');
			await browserPage.waitForTimeout(500);
			await browserPage.screenshot({ path: path.join(SCREENSHOTS, 'terra-credential.png') });
			await browserPage.keyboard.press('Escape');
		});

		await browserCheck('the scheduled-pull example renders; its Terra node shows All Connected Users and Date Range: Yesterday', 'scheduled', async () => {
			await openWorkflow(browserPage, baseUrl, WORKFLOW_IDS.scheduledPull);
			const nodes = await browserPage.locator('[data-test-id="canvas-node"]').count();
			assert.ok(nodes >= 10, `expected the two branches' nodes on the canvas, found ${nodes}`);
			await browserPage.screenshot({ path: path.join(SCREENSHOTS, 'workflow-scheduled-pull.png') });
			await openNode(browserPage, 'Yesterday’s sleep, all users');
			const parameters = browserPage.locator('[data-test-id="node-parameters"]');
			for (const label of ['Users', 'User Filters', 'Date Range', 'Output']) {
				await parameters.getByText(label, { exact: true }).first().waitFor();
			}
			assert.equal(await parameters.getByText('Start Date', { exact: true }).count(), 0, 'no date fields with a preset');
			const users = await browserPage.locator('[data-test-id="parameter-input-userScope"] input').inputValue();
			assert.equal(users, 'All Connected Users');
			const range = await browserPage.locator('[data-test-id="parameter-input-datePreset"] input').inputValue();
			assert.equal(range, 'Yesterday');
			await browserPage.screenshot({ path: path.join(SCREENSHOTS, 'terra-node-all-users.png') });
			await browserPage.locator('[data-test-id="ndv-close-button"]').click();
		});

		await browserCheck('the Lab Report workflow renders (Convert to File → Terra upload pipeline)', 'lab', async () => {
			await openWorkflow(browserPage, baseUrl, WORKFLOW_IDS.labReports);
			const nodes = await browserPage.locator('[data-test-id="canvas-node"]').count();
			assert.ok(nodes >= 9, `expected the pipeline's nodes on the canvas, found ${nodes}`);
		});
	} finally {
		await context?.close();
	}
}
