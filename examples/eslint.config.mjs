// examples/ never ships: it gets the dev-code rules (scripts/eslint.dev.mjs).
export { default } from '../scripts/eslint.dev.mjs';
