// Dev scripts (emulator CLI, n8n installer, demo, benchmark, scan) never ship: they get the dev-code rules.
export { default } from './eslint.dev.mjs';
