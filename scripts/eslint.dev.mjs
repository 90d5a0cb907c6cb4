// Lint rules for test code, the emulator, the example generator and dev scripts: nothing here ships (package.json "files" is dist/ only).
// The package root's eslint.config.mjs stays the unmodified n8n strict config, which every file under nodes/ and
// credentials/ gets in full. ESLint picks it (through the eslint.config.mjs of test/, emulator/, examples/ and scripts/) because `npm run lint` enables per-directory config
// lookup (ESLint's v10 behaviour, flag v10_config_lookup_from_file); test code legitimately needs Node built-ins,
// timers and process, which the n8n community rules forbid in shipped node code.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const devConfig = tseslint.config(
	{ ignores: ['**/artifacts/**', '**/node_modules/**'] },
	{
		files: ['**/*.{ts,js,mjs,cjs}'],
		extends: [js.configs.recommended, ...tseslint.configs.recommended],
		languageOptions: { globals: { ...globals.node, ...globals.jest } },
		rules: {
			'@typescript-eslint/no-require-imports': 'off',
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
		},
	},
);

export default devConfig;

/**
 * Tools (emulator/, examples/, scripts/) sit between the shipped code and the tests: they may import nodes/ and
 * credentials/, never test/.
 */
export const toolsConfig = tseslint.config(...devConfig, {
	files: ['**/*.{ts,js,mjs,cjs}'],
	rules: {
		'no-restricted-imports': [
			'error',
			{ patterns: [{ regex: '(^|/)test(/|$)', message: 'Tools must not import from test/: dependencies point from tests to tools, not back.' }] },
		],
	},
});
