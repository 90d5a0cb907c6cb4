import type { IGetNodeParameterOptions } from 'n8n-workflow';

/**
 * getNodeParameter's options on the path every run takes. After resolving a value, n8n checks it against its
 * property's `validateType` (or resource mapper) in validateValueAgainstSchema; this node declares neither (a test
 * guards that), yet n8n walks the node's ~200 properties, evaluating display conditions, to find the one it would
 * check: about 0.7 ms of a 21 ms run in the P1 profile. Skipping that walk changes no value.
 */
export const WITHOUT_SCHEMA_WALK: IGetNodeParameterOptions = { skipValidation: true };
