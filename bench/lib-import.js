// Importing the library as a consumer would, and nothing else: what
// `import { watch } from 'upload-post-cli'` costs over bare Node.
import { watch } from '../dist/index.js';

process.stdout.write(`${typeof watch}\n`);
