// The build's asset step: tsc compiles the TypeScript; this copies what tsc does not emit into dist/,
// keeping each file's relative path so `file:` icon references and codex lookups resolve after the build.
const { src, dest } = require('gulp');

function buildAssets() {
	return src(['icons/**/*.svg', 'nodes/**/*.{svg,png}', 'nodes/**/*.node.json', 'credentials/**/*.{svg,png}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

exports['build:assets'] = buildAssets;
exports.default = buildAssets;
