// The line every --help ends with: the help is a summary, the reference is in docs/.
export const DOCS_POINTER = '\nDocs: every flag, variable and exit code in docs/CLI.md, CI recipes in docs/CI.md\n(in the upload-post-cli repository).';
