// `npm run lint`: runs `n8n-node lint` (strict mode, the unmodified n8n ESLint config for everything that ships)
// with ESLint's per-directory config lookup switched on, so test/ and scripts/ are linted by their own configs
// instead of by the community-node rules meant for node code. See test/eslint.config.mjs.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const bin = path.join(__dirname, '..', 'node_modules', '.bin', 'n8n-node');
const flags = [process.env.ESLINT_FLAGS, 'v10_config_lookup_from_file'].filter(Boolean).join(',');
const result = spawnSync(bin, ['lint', ...process.argv.slice(2)], {
	stdio: 'inherit',
	env: { ...process.env, ESLINT_FLAGS: flags },
});
process.exit(result.status ?? 1);
