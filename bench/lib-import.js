// Importing the library as a consumer would, and nothing else: what
// `import { watch } from 'upload-post-cli'` costs over bare Node. The exit
// code says it loaded (printing would load stdout's stream, which is not ours).
import { watch } from '../dist/index.js';

process.exitCode = typeof watch === 'function' ? 0 : 1;
