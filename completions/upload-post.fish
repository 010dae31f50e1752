# fish completion for upload-post
#
# Install:
#   upload-post completion fish > ~/.config/fish/completions/upload-post.fish
#       (fish loads it the next time you type upload-post; no restart needed)
# or, for this session only:
#   upload-post completion fish | source

# Keep the flags in step with `upload-post <command> --help`; the test suite
# (test/e2e/completion.test.ts) compares them.

set -l commands status simulate demo mcp auth completion help

# No file names unless a flag asks for them (--ids-from).
complete -c upload-post -f

# The command: the first word after upload-post that is not a flag (the
# top-level flags take no value). Prints nothing when there is none yet.
function __upload_post_command
    for w in (commandline -opc)[2..-1]
        switch $w
            case '-*'
            case '*'
                echo $w
                return
        end
    end
end

function __upload_post_no_command
    set -l cmd (__upload_post_command)
    test -z "$cmd"
end

function __upload_post_command_is -a want
    set -l cmd (__upload_post_command)
    test "$cmd" = "$want"
end

# True right after a flag that takes a value: that word is the value, even
# when it starts with "-", so no flag is offered in its place.
function __upload_post_wants_value
    set -l prev (commandline -opc)[-1]
    contains -- $prev --request-id --job-id --ids-from --timeout --interval --not-found-grace --not-before \
        --concurrency --api-key --api-key-file --base-url --junit --markdown --results --port --host --rate-limit --speed --faults --fault-seed --clock-skew \
        --scheduled-delay --http
end

# True where the flags of command $argv[1] belong.
function __upload_post_flags_for -a cmd
    __upload_post_command_is $cmd; and not __upload_post_wants_value
end

# True where flag --$argv[2] (short -$argv[3]) of command $argv[1] belongs and
# has not been given yet, so single-use flags drop out once used.
function __upload_post_can_add -a cmd long short
    __upload_post_flags_for $cmd; or return 1
    if test -n "$short"
        not __fish_seen_argument -l $long -s $short
    else
        not __fish_seen_argument -l $long
    end
end

# True right after flag --$argv[2] of command $argv[1]: where its value goes.
# (Its `-a` on the flag's own line serves the --flag=value form.)
function __upload_post_value_of -a cmd long
    __upload_post_command_is $cmd; or return 1
    set -l prev (commandline -opc)[-1]
    test "$prev" = "--$long"
end

# Top level
complete -c upload-post -n __upload_post_no_command -s V -l version -d 'output the version number'
complete -c upload-post -n __upload_post_no_command -s h -l help -d 'display help for command'
complete -c upload-post -n __upload_post_no_command -a status -d 'show, or --watch until final, the status of uploads'
complete -c upload-post -n __upload_post_no_command -a simulate -d 'serve a local copy of the status API'
complete -c upload-post -n __upload_post_no_command -a demo -d 'watch a simulated upload end to end'
complete -c upload-post -n __upload_post_no_command -a mcp -d 'serve the MCP tools to AI agents'
complete -c upload-post -n __upload_post_no_command -a auth -d 'store, show or remove the API key'
complete -c upload-post -n __upload_post_no_command -a completion -d 'print the shell completion script'
complete -c upload-post -n __upload_post_no_command -a help -d 'display help for a command'

# status
set -l durations '90s 5m 15m 1h'
set -l base_urls 'https://api.upload-post.com/api http://127.0.0.1:4010/api'
complete -c upload-post -n '__upload_post_flags_for status' -l request-id -x -d 'async-upload request ID; may be repeated'
complete -c upload-post -n '__upload_post_flags_for status' -l job-id -x -d 'scheduled-post job ID; may be repeated'
complete -c upload-post -n '__upload_post_can_add status ids-from' -l ids-from -r -F -a - -d 'read IDs one a line (- = stdin)'
complete -c upload-post -n '__upload_post_value_of status ids-from' -F -a -
complete -c upload-post -n '__upload_post_can_add status watch w' -s w -l watch -d 'poll until every ID is final'
complete -c upload-post -n '__upload_post_can_add status json; and not __fish_seen_argument -s q -l quiet' -l json -d 'JSON Lines on stdout'
complete -c upload-post -n '__upload_post_can_add status timeout' -l timeout -x -a "$durations" -d 'give up watching after this long'
complete -c upload-post -n '__upload_post_value_of status timeout' -a "$durations"
complete -c upload-post -n '__upload_post_can_add status interval' -l interval -x -d 'one fixed poll interval, seconds'
complete -c upload-post -n '__upload_post_can_add status not-found-grace' -l not-found-grace -x -a "$durations" -d 'keep polling a not-found ID this long'
complete -c upload-post -n '__upload_post_value_of status not-found-grace' -a "$durations"
complete -c upload-post -n '__upload_post_can_add status not-before' -l not-before -x -a "$durations" -d 'scheduled posts: at most every 5m until this time'
complete -c upload-post -n '__upload_post_value_of status not-before' -a "$durations"
complete -c upload-post -n '__upload_post_can_add status fail-fast' -l fail-fast -d 'stop at the first ID that fails, is not found or ends in error'
complete -c upload-post -n '__upload_post_can_add status concurrency' -l concurrency -x -d 'requests in flight at once (default 16)'
complete -c upload-post -n '__upload_post_can_add status api-key' -l api-key -x -d 'API key (else UPLOAD_POST_API_KEY)'
complete -c upload-post -n '__upload_post_can_add status api-key-file' -l api-key-file -r -F -d 'read the API key from this file'
complete -c upload-post -n '__upload_post_value_of status api-key-file' -F
complete -c upload-post -n '__upload_post_can_add status base-url' -l base-url -x -a "$base_urls" -d 'API base'
complete -c upload-post -n '__upload_post_value_of status base-url' -a "$base_urls"
complete -c upload-post -n '__upload_post_can_add status no-color' -l no-color -d 'no colour'
# --quiet conflicts with --verbose and --json.
complete -c upload-post -n '__upload_post_can_add status quiet q; and not __fish_seen_argument -l verbose -l json' -s q -l quiet -d 'print nothing but errors'
complete -c upload-post -n '__upload_post_can_add status verbose; and not __fish_seen_argument -s q -l quiet' -l verbose -d 'one stderr line per HTTP request'
complete -c upload-post -n '__upload_post_can_add status junit' -l junit -r -F -d 'write a JUnit XML report there'
complete -c upload-post -n '__upload_post_value_of status junit' -F
complete -c upload-post -n '__upload_post_can_add status markdown' -l markdown -r -F -d 'append a Markdown report there'
complete -c upload-post -n '__upload_post_value_of status markdown' -F
complete -c upload-post -n '__upload_post_can_add status results' -l results -r -F -d 'write the verdicts as one JSON document there'
complete -c upload-post -n '__upload_post_value_of status results' -F
complete -c upload-post -n '__upload_post_can_add status no-github' -l no-github -d 'no GitHub Actions summary, outputs or annotations'
complete -c upload-post -n '__upload_post_flags_for status' -s h -l help -d 'display help for command'

# simulate
set -l ports '4010 0'
set -l hosts '127.0.0.1 0.0.0.0 ::1 localhost'
set -l rate_limits '120/60s 40/10s 1000/1m'
complete -c upload-post -n '__upload_post_can_add simulate port' -l port -x -a "$ports" -d 'port to listen on; 0 = any free port'
complete -c upload-post -n '__upload_post_value_of simulate port' -a "$ports"
complete -c upload-post -n '__upload_post_can_add simulate host' -l host -x -a "$hosts" -d 'address to listen on'
complete -c upload-post -n '__upload_post_value_of simulate host' -a "$hosts"
complete -c upload-post -n '__upload_post_can_add simulate api-key' -l api-key -x -d 'accept only this API key'
complete -c upload-post -n '__upload_post_can_add simulate rate-limit' -l rate-limit -x -a "$rate_limits" -d 'requests per key per window'
complete -c upload-post -n '__upload_post_value_of simulate rate-limit' -a "$rate_limits"
complete -c upload-post -n '__upload_post_can_add simulate speed' -l speed -x -d 'run this many times faster'
complete -c upload-post -n '__upload_post_can_add simulate faults' -l faults -x -d 'kind:probability pairs, e.g. 503:0.3,reset:0.1'
complete -c upload-post -n '__upload_post_can_add simulate fault-seed' -l fault-seed -x -d 'seed for fault draws'
complete -c upload-post -n '__upload_post_can_add simulate clock-skew' -l clock-skew -x -d 'server clock offset, seconds'
complete -c upload-post -n '__upload_post_can_add simulate scheduled-delay' -l scheduled-delay -x -d 'how long scheduled--… IDs stay pending'
complete -c upload-post -n '__upload_post_can_add simulate quiet' -l quiet -d 'print only the listening line'
complete -c upload-post -n '__upload_post_flags_for simulate' -s h -l help -d 'display help for command'

# demo
complete -c upload-post -n '__upload_post_flags_for demo' -s h -l help -d 'display help for command'

# mcp
complete -c upload-post -n '__upload_post_can_add mcp http' -l http -x -a '127.0.0.1:8808' -d 'serve Streamable HTTP at host:port'
complete -c upload-post -n '__upload_post_value_of mcp http' -a '127.0.0.1:8808'
complete -c upload-post -n '__upload_post_can_add mcp allow-remote' -l allow-remote -d 'let --http listen beyond loopback'
complete -c upload-post -n '__upload_post_flags_for mcp' -s h -l help -d 'display help for command'

# auth <login|status|logout>: the subcommand is the word after auth.
function __upload_post_auth_sub
    set -l words (commandline -opc)
    set -l seen 0
    for w in $words[2..-1]
        switch $w
            case '-*'
            case '*'
                if test $seen = 1
                    echo $w
                    return
                end
                test $w = auth; and set seen 1
        end
    end
end

# True after `auth` with no subcommand yet.
function __upload_post_auth_no_sub
    __upload_post_command_is auth; or return 1
    set -l sub (__upload_post_auth_sub)
    test -z "$sub"
end

# True where the flags of `auth $argv[1]` belong (no value pending).
function __upload_post_auth_is -a want
    __upload_post_command_is auth; or return 1
    set -l sub (__upload_post_auth_sub)
    test "$sub" = "$want"; and not __upload_post_wants_value
end

# True right after flag --$argv[2] of `auth $argv[1]`: where its value goes.
function __upload_post_auth_value_of -a sub long
    __upload_post_command_is auth; or return 1
    set -l current (__upload_post_auth_sub)
    set -l prev (commandline -opc)[-1]
    test "$current" = "$sub" -a "$prev" = "--$long"
end

function __upload_post_auth_can_add -a sub long
    __upload_post_auth_is $sub; and not __fish_seen_argument -l $long
end

complete -c upload-post -n __upload_post_auth_no_sub -a 'login status logout help' -d 'auth subcommand'
complete -c upload-post -n '__upload_post_auth_no_sub; and not __upload_post_wants_value' -s h -l help -d 'display help for command'
complete -c upload-post -n '__upload_post_auth_is help; and not __fish_seen_subcommand_from login status logout' -a 'login status logout'
complete -c upload-post -n '__upload_post_auth_can_add login with-key' -l with-key -d 'read the key from stdin'
complete -c upload-post -n '__upload_post_auth_can_add login base-url' -l base-url -x -a "$base_urls" -d 'API base to check the key against'
complete -c upload-post -n '__upload_post_auth_value_of login base-url' -a "$base_urls"
complete -c upload-post -n '__upload_post_auth_is login' -s h -l help -d 'display help for command'
complete -c upload-post -n '__upload_post_auth_can_add status api-key' -l api-key -x -d 'an API key given on the command line'
complete -c upload-post -n '__upload_post_auth_can_add status api-key-file' -l api-key-file -r -F -d 'read the API key from this file'
complete -c upload-post -n '__upload_post_auth_value_of status api-key-file' -F
complete -c upload-post -n '__upload_post_auth_is status' -s h -l help -d 'display help for command'
complete -c upload-post -n '__upload_post_auth_is logout' -s h -l help -d 'display help for command'

# completion <bash|zsh|fish>
complete -c upload-post -n '__upload_post_command_is completion; and not __fish_seen_subcommand_from bash zsh fish' -a 'bash zsh fish'
complete -c upload-post -n '__upload_post_flags_for completion' -s h -l help -d 'display help for command'

# help <command>
complete -c upload-post -n "__upload_post_command_is help; and not __fish_seen_subcommand_from $commands[1..-2]" -a "$commands[1..-2]"
