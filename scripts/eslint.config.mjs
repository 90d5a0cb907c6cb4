// Dev scripts (emulator CLI, n8n installer, demo, benchmark, scan) never ship: they get the dev-code rules and may not import from test/.
export { toolsConfig as default } from './eslint.dev.mjs';
