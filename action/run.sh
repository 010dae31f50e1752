#!/usr/bin/env bash
# The one step of action.yml: the packaged CLI, run the way a user would run it.
# The CLI itself writes the outputs ($GITHUB_OUTPUT), the step summary and the
# annotations, because GITHUB_ACTIONS=true; this script only turns the
# action's inputs into flags. Runs as is with a faked GITHUB_* environment.
set -uo pipefail

here="${GITHUB_ACTION_PATH:-$(cd "$(dirname "$0")/.." && pwd)}"
cli="$here/bin/upload-post.js"

# The action's own checkout holds the sources: install and build it once.
if [ ! -f "$here/dist/cli.js" ]; then
  if ! (cd "$here" && npm ci --no-audit --no-fund --loglevel=error) >&2; then
    echo "::error title=upload-post::could not install the upload-post CLI"
    exit 2
  fi
fi

args=(status --ids-from - --watch --timeout "${INPUT_TIMEOUT:-15m}")
[ -n "${INPUT_JUNIT:-}" ] && args+=(--junit "$INPUT_JUNIT")
[ -n "${INPUT_BASE_URL:-}" ] && args+=(--base-url "$INPUT_BASE_URL")

# The input is an --ids-from text as it stands: one ID a line, job:<id> for
# a scheduled post, # comments.
printf '%s\n' "${INPUT_IDS:-}" | node "$cli" "${args[@]}"
