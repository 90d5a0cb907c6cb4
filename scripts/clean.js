// Removes dist/ before a build so files deleted from the source never linger in the published package.
require('node:fs').rmSync(require('node:path').join(__dirname, '..', 'dist'), { recursive: true, force: true });
