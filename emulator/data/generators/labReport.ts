import type { Rng } from '../../util/prng';
import { round } from '../../util/prng';

const BIOMARKERS = [
	{
		key: 'hemoglobin',
		display: 'Hemoglobin',
		source: 'Haemoglobin',
		loinc: '718-7',
		units: 'g/dL',
		low: 12,
		high: 17.5,
		panel: 'full_blood_count',
	},
	{
		key: 'ldl_cholesterol',
		display: 'LDL Cholesterol',
		source: 'LDL-C',
		loinc: '13457-7',
		units: 'mmol/L',
		low: 0,
		high: 3,
		panel: 'lipid_panel',
	},
	{
		key: 'hdl_cholesterol',
		display: 'HDL Cholesterol',
		source: 'HDL-C',
		loinc: '2085-9',
		units: 'mmol/L',
		low: 1,
		high: 2.5,
		panel: 'lipid_panel',
	},
	{
		key: 'glucose_fasting',
		display: 'Fasting Glucose',
		source: 'Glucose (fasting)',
		loinc: '1558-6',
		units: 'mmol/L',
		low: 3.9,
		high: 5.6,
		panel: 'metabolic_panel',
	},
	{
		key: 'tsh',
		display: 'Thyroid Stimulating Hormone',
		source: 'TSH',
		loinc: '3016-3',
		units: 'mIU/L',
		low: 0.4,
		high: 4,
		panel: 'thyroid_panel',
	},
	{
		key: 'vitamin_d_25oh',
		display: 'Vitamin D (25-OH)',
		source: 'Vitamin D',
		loinc: '1989-3',
		units: 'nmol/L',
		low: 50,
		high: 125,
		panel: 'vitamins',
	},
];

const PANELS = [
	{ id: 1, key: 'full_blood_count', name: 'Full Blood Count' },
	{ id: 2, key: 'lipid_panel', name: 'Lipid Panel' },
	{ id: 3, key: 'metabolic_panel', name: 'Metabolic Panel' },
	{ id: 4, key: 'thyroid_panel', name: 'Thyroid Panel' },
	{ id: 5, key: 'vitamins', name: 'Vitamins' },
];

/** Normalised lab results (spec LabReportResult); `collectionDate` adds the event-only source fields. */
export function generateLabResults(
	rng: Rng,
	collectionDate?: string,
): { results: Record<string, unknown>[]; panels: Record<string, unknown>[] } {
	const chosen = BIOMARKERS.filter(() => rng.bool(0.75));
	const list = chosen.length ? chosen : [BIOMARKERS[0]];
	const results = list.map((b) => {
		const span = b.high - b.low;
		const value = round(b.low + span * rng.float(-0.15, 1.15), 2);
		const flag = value < b.low ? 'low' : value > b.high ? 'high' : 'normal';
		const panel = PANELS.find((p) => p.key === b.panel)!;
		const source: Record<string, unknown> = {
			name: b.source,
			panel: panel.name,
			value: String(value),
			units: b.units,
			reference_text: `${b.low} - ${b.high}`,
		};
		if (flag !== 'normal') source.flag = flag === 'low' ? 'L' : 'H';
		if (collectionDate) source.collection_date = collectionDate;
		return {
			source,
			biomarker: {
				key: b.key,
				display_name: b.display,
				loinc_code: b.loinc,
				panel_id: panel.id,
				panel_key: panel.key,
				specimen: 'blood',
			},
			measurement: { type: 'numeric', numeric: value, units: b.units, ucum_code: b.units },
			interpretation: { flag, source: 'report', applied_range: { lower: b.low, upper: b.high } },
			reference_ranges: [
				{ lower: b.low, upper: b.high, type: 'normal', context: { reference_population: 'adult' } },
			],
		};
	});
	const panelKeys = new Set(list.map((b) => b.panel));
	return { results, panels: PANELS.filter((p) => panelKeys.has(p.key)) };
}
