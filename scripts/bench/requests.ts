/** The data the scenarios ask Terra for: whose, which range, and the query the Terra node sends. */
import { USERS } from '../../examples/lib/fixtures';

/** `end` is Terra's (excluded); `last` is the Terra node's End Date (included), the day before. */
export const SLEEP = { user: USERS.oura, start: '2026-07-01', last: '2026-07-07', end: '2026-07-08' };
export const DAILY = { user: USERS.garmin, start: '2025-07-01', last: '2026-06-30', end: '2026-07-01', days: 365, windows: 13 };
/** The query the Terra node sends, written out for the HTTP Request node and the direct fetch. */
export const SLEEP_QUERY = {
	user_id: SLEEP.user.userId,
	start_date: SLEEP.start,
	end_date: SLEEP.end,
	to_webhook: 'false',
	with_samples: 'false',
};
export const DAILY_QUERY = {
	user_id: DAILY.user.userId,
	start_date: DAILY.start,
	end_date: DAILY.end,
	to_webhook: 'false',
	with_samples: 'true',
};
