import type { RecordedRequest } from './types';
import type { UserStore } from './data/users';
import type { WorkoutStore } from './data/workouts';
import type { LabReportStore } from './data/labReports';
import type { WrittenLogStore } from './data/writtenLogs';
import type { RateLimiter } from './http/rateLimiter';
import type { FaultRegistry } from './http/faults';
import type { WebhookSender } from './webhooks/sender';
import type { PayloadStore } from './webhooks/s3';
import type { DayCache } from './data/dayCache';
import type { LatencyModel } from './http/latency';

/** A pending provider connection (authenticateUser link or widget session). */
export interface AuthSession {
	id: string;
	kind: 'authenticateUser' | 'widget';
	/** authenticateUser pre-assigns the user_id it returns. */
	userId?: string;
	providers: string[];
	referenceId: string | null;
	successUrl?: string;
	failureUrl?: string;
	createdAt: number;
	expiresAt: number;
	completed?: boolean;
}

/** Everything the route handlers share. */
export interface EmulatorState {
	url: string;
	seed: number;
	devId: string;
	apiKey: string;
	users: UserStore;
	workouts: WorkoutStore;
	labs: LabReportStore;
	writtenLogs: WrittenLogStore;
	sessions: Map<string, AuthSession>;
	rate: RateLimiter;
	/** Added response time of the Terra API surfaces (http/latency.ts); settable through the control API. */
	latency: LatencyModel;
	/** Serialised data records per day, reused across requests (data/dayCache.ts). */
	dayCache: DayCache;
	faults: FaultRegistry;
	sender: WebhookSender;
	s3: PayloadStore;
	requests: RecordedRequest[];
	largeRequestDays?: number;
	s3PayloadMode: boolean;
	/** s3_payload URL lifetime (seconds). */
	s3ExpiresIn: number;
	/** Planned Workouts add-on enabled for the emulated account (false => 403 on plan/reschedule). */
	plannedWorkoutsAddon: boolean;
	/** Emulated account creation date; accounts created after 2026-09-03 get 410 from the legacy widget endpoint. */
	accountCreatedAt: string;
	/** Delay before an uploaded lab report finishes processing. */
	labProcessingMs: number;
	log: (line: string) => void;
	/** Runs webhook flows after the response; close() waits for them. */
	background: (task: () => Promise<unknown>) => void;
}
