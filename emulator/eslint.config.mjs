// emulator/ never ships: it gets the dev-code rules and may not import from test/ (scripts/eslint.dev.mjs).
export { toolsConfig as default } from '../scripts/eslint.dev.mjs';
