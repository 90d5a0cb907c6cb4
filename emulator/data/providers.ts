/** Provider catalogue the emulator knows about (GET /integrations*, user seeding, auth flows). */

export interface ProviderInfo {
	provider: string;
	name: string;
	/** Connected through Terra's mobile SDK rather than a cloud OAuth connection. */
	sdk: boolean;
	/** Scopes string Terra reports for a fresh connection. */
	scopes: string;
	/** Data types the integration supports (GET /integrations/detailed). */
	types: {
		activity: boolean;
		body: boolean;
		nutrition: boolean;
		daily: boolean;
		sleep: boolean;
		menstruation: boolean;
	};
	/** Enabled for the emulated developer account (controls /integrations/detailed with a dev-id). */
	enabled: boolean;
}

const all = {
	activity: true,
	body: true,
	nutrition: true,
	daily: true,
	sleep: true,
	menstruation: true,
};

export const PROVIDERS: readonly ProviderInfo[] = [
	{
		provider: 'GARMIN',
		name: 'Garmin',
		sdk: false,
		scopes: 'ACTIVITY_EXPORT,HEALTH_EXPORT,WORKOUT_IMPORT',
		types: { ...all, nutrition: false },
		enabled: true,
	},
	{
		provider: 'FITBIT',
		name: 'Fitbit',
		sdk: false,
		scopes: 'activity,heartrate,sleep,weight,nutrition,profile,oxygen_saturation,temperature',
		types: all,
		enabled: true,
	},
	{
		provider: 'OURA',
		name: 'Oura',
		sdk: false,
		scopes: 'daily,heartrate,personal,session,workout,spo2',
		types: { ...all, nutrition: false, body: true },
		enabled: true,
	},
	{
		provider: 'WHOOP',
		name: 'WHOOP',
		sdk: false,
		scopes: 'read:recovery,read:cycles,read:sleep,read:workout,read:profile,read:body_measurement',
		types: { ...all, nutrition: false, menstruation: false },
		enabled: true,
	},
	{
		provider: 'WITHINGS',
		name: 'Withings',
		sdk: false,
		scopes: 'user.info,user.metrics,user.activity',
		types: { ...all, nutrition: false, menstruation: false },
		enabled: true,
	},
	{
		provider: 'POLAR',
		name: 'Polar',
		sdk: false,
		scopes: 'accesslink.read_all',
		types: { ...all, nutrition: false, menstruation: false },
		enabled: true,
	},
	{
		provider: 'APPLE',
		name: 'Apple Health',
		sdk: true,
		scopes: 'HEALTHKIT',
		types: all,
		enabled: true,
	},
	{
		provider: 'COROS',
		name: 'COROS',
		sdk: false,
		scopes: 'activity,sleep',
		types: { ...all, nutrition: false, menstruation: false, body: false },
		enabled: true,
	},
	{
		provider: 'WAHOO',
		name: 'Wahoo',
		sdk: false,
		scopes: 'user_read,workouts_read,workouts_write,plans_write',
		types: {
			activity: true,
			body: false,
			nutrition: false,
			daily: false,
			sleep: false,
			menstruation: false,
		},
		enabled: true,
	},
	{
		provider: 'SUUNTO',
		name: 'Suunto',
		sdk: false,
		scopes: 'workout',
		types: { ...all, nutrition: false, menstruation: false },
		enabled: false,
	},
	{
		provider: 'GOOGLE',
		name: 'Google Fit',
		sdk: false,
		scopes: 'fitness.activity.read,fitness.body.read',
		types: all,
		enabled: false,
	},
	{
		provider: 'SAMSUNG',
		name: 'Samsung Health',
		sdk: true,
		scopes: 'SAMSUNG_HEALTH',
		types: all,
		enabled: true,
	},
	{
		provider: 'HEALTH_CONNECT',
		name: 'Health Connect',
		sdk: true,
		scopes: 'HEALTH_CONNECT',
		types: all,
		enabled: true,
	},
	{
		provider: 'MYFITNESSPAL',
		name: 'MyFitnessPal',
		sdk: false,
		scopes: 'diary',
		types: {
			activity: false,
			body: true,
			nutrition: true,
			daily: false,
			sleep: false,
			menstruation: false,
		},
		enabled: false,
	},
];

/** Providers whose synthetic users are seeded (in this order). */
export const SEED_PROVIDERS = [
	'GARMIN',
	'FITBIT',
	'OURA',
	'WHOOP',
	'WITHINGS',
	'POLAR',
	'APPLE',
	'COROS',
];

export function findProvider(name: string): ProviderInfo | undefined {
	const upper = name.toUpperCase();
	return PROVIDERS.find((p) => p.provider === upper);
}
