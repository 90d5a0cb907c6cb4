/**
 * Pacing inside Terra's rate limit r2: a user's data reads may cover at most 6,000 days per rolling hour, each
 * request costing the days it covers. Terra reports what is left on every answer to a data GET
 * (X-Terra-RateLimit-Limit, -Remaining, -Reset-After). A long pull is many windows; this keeps them inside what Terra
 * reported, so the node does not cause a 429 r2 itself:
 * - before anything is sent, a pull longer than the hourly budget fails unless Max Wait allows waiting out an hour;
 * - until an answer has reported the budget, one window goes alone (the others wait for its answer);
 * - before each window, its days are reserved against the budget Terra last reported (less what is in flight);
 * - a window that does not fit waits for Terra's reset if Max Wait allows (all windows share that one wait), and
 *   otherwise the node fails before sending it, saying how many days the pull still needs and when to retry.
 * Budgets are per user and per execution: items for the same user share one.
 */
import { NodeOperationError, sleep, type IExecuteFunctions } from 'n8n-workflow';

import { dayNumber, type CalendarDay } from '../helpers/calendarDay';
import type { RateLimitInfo, WaitBudget } from './index';

/** Terra's published r2 budget, until Terra reports its own (X-Terra-RateLimit-Limit). */
export const R2_DAYS_PER_HOUR = 6000;
const HOUR_MS = 3_600_000;

/** Days one request costs: end_date − start_date (end exclusive), at least 1 (an undated request costs 1). */
export function requestCostDays(startDate?: CalendarDay, endDate?: CalendarDay): number {
	if (startDate === undefined || endDate === undefined) return 1;
	return Math.max(1, dayNumber(endDate) - dayNumber(startDate));
}

type Decision = { kind: 'send' } | { kind: 'wait'; untilMs: number } | { kind: 'join'; done: Promise<void> };

/** One user's r2 budget as this execution knows it. */
export class UserRateBudget {
	limit = R2_DAYS_PER_HOUR;

	/** Days Terra has left, less what was sent since it said so; undefined until an answer reports it. */
	remaining?: number;

	resetAtMs?: number;

	/** Terra answered without rate-limit headers: nothing to pace by. */
	private blind = false;

	private inFlight = 0;

	private wait?: { untilMs: number; done: Promise<void> };

	/** While the budget is unknown, one request asks and the others wait for its answer instead of guessing. */
	private answer?: { done: Promise<void>; resolve: () => void };

	decide(days: number, nowMs: number): Decision {
		if (this.wait && nowMs < this.wait.untilMs) return { kind: 'join', done: this.wait.done };
		if (this.blind) return { kind: 'send' };
		if (this.remaining === undefined) return this.inFlight === 0 ? { kind: 'send' } : { kind: 'join', done: this.nextAnswer() };
		if (days <= this.remaining || this.resetAtMs === undefined) return { kind: 'send' };
		return { kind: 'wait', untilMs: Math.max(this.resetAtMs, nowMs + 1000) };
	}

	reserve(days: number): void {
		this.inFlight += days;
		if (this.remaining !== undefined) this.remaining -= days;
	}

	/** A request finished: `answered` when Terra answered it, with these rate-limit headers (if any). */
	settle(days: number, answered: boolean, info: RateLimitInfo | undefined, nowMs: number): void {
		this.inFlight = Math.max(0, this.inFlight - days);
		if (info?.limit !== undefined) this.limit = info.limit;
		if (info?.remaining !== undefined) {
			// Requests still in flight may not be counted in Terra's figure yet: assume they are not (the safe side).
			// Terra's figure only grows with time, so an older answer arriving late never raises the estimate.
			const reported = info.remaining - this.inFlight;
			this.remaining = this.remaining === undefined ? reported : Math.min(this.remaining, reported);
			if (info.resetAfterSeconds !== undefined) this.resetAtMs = nowMs + info.resetAfterSeconds * 1000;
		} else if (answered && this.remaining === undefined) {
			this.blind = true;
		}
		this.answer?.resolve();
		this.answer = undefined;
	}

	/** Waits until `untilMs` once for everyone; afterwards the budget is unknown until the next answer. */
	waitUntil(untilMs: number, nowMs: number): Promise<void> {
		const done = sleep(Math.max(0, untilMs - nowMs)).then(() => {
			this.wait = undefined;
			this.remaining = undefined;
			this.resetAtMs = undefined;
		});
		this.wait = { untilMs, done };
		return done;
	}

	private nextAnswer(): Promise<void> {
		if (!this.answer) {
			let resolve = () => {};
			const done = new Promise<void>((settle) => (resolve = settle));
			this.answer = { done, resolve };
		}
		return this.answer.done;
	}
}

const budgets = new WeakMap<IExecuteFunctions, Map<string, UserRateBudget>>();

/** The budget of `userId` for this execution (shared by its items). */
export function userRateBudget(context: IExecuteFunctions, userId: string): UserRateBudget {
	let perUser = budgets.get(context);
	if (!perUser) budgets.set(context, (perUser = new Map()));
	let budget = perUser.get(userId);
	if (!budget) perUser.set(userId, (budget = new UserRateBudget()));
	return budget;
}

const number = (value: number) => value.toLocaleString('en-US');

function retryHint(waitMs: number, nowMs: number): string {
	const seconds = Math.ceil(waitMs / 1000);
	const at = new Date(nowMs + waitMs).toISOString().slice(11, 16);
	return `Terra frees budget for this user in ${number(seconds)} s (about ${at} UTC)`;
}

/** Paces the windows of one pull (one item): `costs[i]` is window i's days. */
export class PullPacer {
	private readonly sent: boolean[];

	/** Once a window is refused, no later one is sent either (the lanes of a pull start side by side). */
	private refusal?: NodeOperationError;

	constructor(
		private readonly context: IExecuteFunctions,
		private readonly budget: UserRateBudget,
		private readonly costs: number[],
		private readonly waitBudget: WaitBudget,
		private readonly itemIndex: number,
	) {
		this.sent = costs.map(() => false);
		const total = costs.reduce((sum, days) => sum + days, 0);
		// More than an hour's budget cannot finish without waiting out most of an hour.
		if (total > budget.limit && waitBudget.maxTotalWaitMs < HOUR_MS) {
			throw new NodeOperationError(
				context.getNode(),
				`This pull covers ${number(total)} days, more than Terra allows per user per hour (${number(budget.limit)} days, rule r2)`,
				{
					itemIndex,
					description: `Nothing was sent. Split the range into runs of at most ${number(budget.limit)} days an hour apart, or set “Max Wait (Seconds)” to 3600 or more so the node waits for Terra’s budget to free up.`,
				},
			);
		}
	}

	/** Waits until window `index` fits Terra's budget, or throws before it is sent. */
	async beforeSend(index: number): Promise<void> {
		const days = this.costs[index];
		for (;;) {
			if (this.refusal) throw this.refusal;
			const now = Date.now();
			const decision = this.budget.decide(days, now);
			if (decision.kind === 'send') break;
			if (decision.kind === 'join') {
				await decision.done;
				continue;
			}
			const waitMs = decision.untilMs - now;
			if (this.waitBudget.waitedMs + waitMs > this.waitBudget.maxTotalWaitMs) {
				this.refusal = this.overBudget(index, waitMs, now);
				throw this.refusal;
			}
			this.waitBudget.waitedMs += waitMs;
			this.context.logger.info(
				`Terra rate limit: ${number(days)} days do not fit the ${number(Math.max(0, this.budget.remaining ?? 0))} left; waiting ${Math.ceil(waitMs / 1000)} s for Terra's budget to free up`,
			);
			await this.budget.waitUntil(decision.untilMs, now);
		}
		this.sent[index] = true;
		this.budget.reserve(days);
	}

	/** Window `index` is done: `response` is Terra's answer, undefined when the request failed. */
	settle(index: number, response: { rateLimit?: RateLimitInfo } | undefined): void {
		this.budget.settle(this.costs[index], response !== undefined, response?.rateLimit, Date.now());
	}

	private overBudget(index: number, waitMs: number, nowMs: number): NodeOperationError {
		const needed = this.costs.reduce((sum, days, window) => (this.sent[window] ? sum : sum + days), 0);
		const left = Math.max(0, this.budget.remaining ?? 0);
		const fetched = this.sent.filter(Boolean).length;
		return new NodeOperationError(
			this.context.getNode(),
			`Terra’s rate limit would be exceeded: this pull still needs ${number(needed)} days, ${number(left)} are left for this user (rule r2: ${number(this.budget.limit)} days per hour)`,
			{
				itemIndex: this.itemIndex,
				description: `${retryHint(waitMs, nowMs)}. Nothing was sent for window ${index + 1} of ${this.costs.length} or later (${fetched} already fetched). Run the node again after that, raise “Max Wait (Seconds)” to at least ${Math.ceil((this.waitBudget.waitedMs + waitMs) / 1000)} so the node waits, or pull a shorter range.`,
			},
		);
	}
}
