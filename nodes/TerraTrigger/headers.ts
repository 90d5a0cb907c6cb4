/** Header lookup that ignores the case of header names (Node lowercases them; other callers may not). */
export function getHeader(
	headers: Record<string, string | string[] | undefined> | undefined,
	name: string,
): string | undefined {
	if (!headers) return undefined;
	const wanted = name.toLowerCase();
	// Node's requests have lower-case names already: one lookup instead of a scan.
	const direct = headers[wanted];
	if (direct !== undefined) return Array.isArray(direct) ? direct.join(',') : direct;
	for (const [key, value] of Object.entries(headers)) {
		if (key.toLowerCase() !== wanted || value === undefined) continue;
		return Array.isArray(value) ? value.join(',') : value;
	}
	return undefined;
}
