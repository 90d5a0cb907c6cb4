// Dev scripts (emulator CLI, n8n installer, demo, scan) never ship: they get the same rules as test code.
export { default } from '../test/eslint.config.mjs';
