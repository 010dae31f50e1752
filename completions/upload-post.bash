# bash completion for upload-post                         -*- shell-script -*-
#
# Install (pick one):
#   upload-post completion bash > ~/.local/share/bash-completion/completions/upload-post
#       (loaded on demand by the bash-completion package; open a new shell)
#   echo 'source <(upload-post completion bash)' >> ~/.bashrc
#       (plain bash, no bash-completion package needed)
#
# Self-contained: it needs nothing from the bash-completion package.

# Keep these lists in step with `upload-post <command> --help`; the test suite
# (test/e2e/completion.test.ts) compares them.
_upload_post_commands='status simulate demo mcp auth completion help'
_upload_post_auth_commands='login status logout help'
_upload_post_status_flags='--request-id --job-id --ids-from -w --watch --json --timeout --interval --not-found-grace --not-before --fail-fast --concurrency --api-key --api-key-file --base-url --no-color -q --quiet --verbose --junit --markdown --results --no-github -h --help'
_upload_post_simulate_flags='--port --host --api-key --rate-limit --speed --faults --fault-seed --clock-skew --scheduled-delay --quiet -h --help'
_upload_post_demo_flags='-h --help'
_upload_post_mcp_flags='--http --allow-remote -h --help'
_upload_post_auth_flags='-h --help'
_upload_post_auth_login_flags='--with-key --base-url -h --help'
_upload_post_auth_status_flags='--api-key --api-key-file -h --help'
_upload_post_auth_logout_flags='-h --help'
_upload_post_completion_flags='-h --help'
_upload_post_top_flags='-V --version -h --help'
# Flags that may be given more than once; every other flag is offered only
# until it has been used.
_upload_post_repeatable=' --request-id --job-id '
# Flags that take a value (the next word, or --flag=value).
_upload_post_valued=' --request-id --job-id --ids-from --timeout --interval --not-found-grace --not-before --concurrency --api-key --api-key-file --base-url --junit --markdown --results --port --host --rate-limit --speed --faults --fault-seed --clock-skew --scheduled-delay --http '

# Print the value candidates for flag $1 given the partial value $2, one a
# line. Free values (IDs, keys, numbers) get none.
_upload_post_values() {
    local durations='90s 5m 15m 1h'
    case $1 in
        --ids-from)
            # A file, or - for stdin.
            [[ -z $2 || $2 == - ]] && printf '%s\n' -
            compgen -f -- "$2"
            ;;
        --timeout | --not-found-grace | --not-before) compgen -W "$durations" -- "$2" ;;
        --junit | --markdown | --results | --api-key-file) compgen -f -- "$2" ;;
        --base-url) compgen -W 'https://api.upload-post.com/api http://127.0.0.1:4010/api' -- "$2" ;;
        --host) compgen -W '127.0.0.1 0.0.0.0 ::1 localhost' -- "$2" ;;
        --port) compgen -W '4010 0' -- "$2" ;;
        --rate-limit) compgen -W '120/60s 40/10s 1000/1m' -- "$2" ;;
    esac
    return 0
}

# Print the flags of command $1 (status, auth_login…) still worth offering,
# given the flags already used ($2) and the word being completed ($3).
_upload_post_flag_words() {
    local var="_upload_post_${1}_flags" used=$2 cur=$3 word flags=''
    for word in ${!var}; do
        # A flag already given is not offered again (except the
        # repeatable ones), nor its other spelling.
        case $word in
            -h | --help) ;;
            -w | --watch) [[ $used =~ \ (-w|--watch)\  ]] && continue ;;
            # status: --quiet conflicts with --verbose and --json.
            -q | --quiet)
                [[ $used =~ \ (-q|--quiet)\  ]] && continue
                [[ $1 == status && $used =~ \ (--verbose|--json)\  ]] && continue
                ;;
            --verbose | --json)
                [[ $used == *" $word "* ]] && continue
                [[ $1 == status && $used =~ \ (-q|--quiet)\  ]] && continue
                ;;
            *) [[ $_upload_post_repeatable != *" $word "* && $used == *" $word "* ]] && continue ;;
        esac
        # On an empty word offer the long spellings only; `-` shows all.
        [[ -z $cur && $word != --* ]] && continue
        flags+="$word "
    done
    printf '%s' "$flags"
}

_upload_post() {
    COMPREPLY=()

    # bash splits words at every COMP_WORDBREAKS character, so
    # `--base-url http://127.0.0.1:4010/api` arrives as several words. Re-join
    # the pieces that touch in the command line, so each flag and value is one
    # word again, as the user typed it.
    local line=${COMP_LINE:-${COMP_WORDS[*]}}
    local -a words=()
    local i pos=0 n=-1 w lead
    for ((i = 0; i <= COMP_CWORD; i++)); do
        w=${COMP_WORDS[i]}
        lead=${line:pos}
        lead=${lead%%[![:space:]]*}
        if ((i > 0 && ${#lead} == 0)); then
            words[n]+=$w
        else
            words[++n]=$w
        fi
        ((pos += ${#lead} + ${#w}))
    done
    local cur=${words[n]}

    # Find the command, the flags already given and the number of plain
    # arguments after the command, in the words before cur.
    local cmd='' sub='' used=' ' takes_value='' word
    local -i nargs=0
    for ((i = 1; i < n; i++)); do
        word=${words[i]}
        if [[ -n $takes_value ]]; then
            takes_value=''
            continue
        fi
        case $word in
            --*=*) used+="${word%%=*} " ;;
            -*)
                used+="$word "
                [[ $_upload_post_valued == *" $word "* ]] && takes_value=1
                ;;
            *)
                if [[ -z $cmd ]]; then
                    cmd=$word
                else
                    [[ -z $sub ]] && sub=$word
                    nargs+=1
                fi
                ;;
        esac
    done

    local -a reply=()
    local flags
    if [[ -n $takes_value ]]; then
        # cur is the value of the flag just before it.
        mapfile -t reply < <(_upload_post_values "${words[n - 1]}" "$cur")
        [[ ${words[n - 1]} == --ids-from ]] && compopt -o filenames 2>/dev/null
    elif [[ $cur == --*=* ]]; then
        mapfile -t reply < <(_upload_post_values "${cur%%=*}" "${cur#*=}")
        [[ ${cur%%=*} == --ids-from ]] && compopt -o filenames 2>/dev/null
        reply=("${reply[@]/#/${cur%%=*}=}")
    else
        case $cmd in
            '')
                if [[ $cur == -* ]]; then flags=$_upload_post_top_flags; else flags=$_upload_post_commands; fi
                mapfile -t reply < <(compgen -W "$flags" -- "$cur")
                ;;
            help)
                # `help <command>`: one command.
                ((nargs == 0)) && mapfile -t reply < <(compgen -W "${_upload_post_commands% help}" -- "$cur")
                ;;
            completion)
                if [[ $cur == -* ]]; then
                    mapfile -t reply < <(compgen -W "$_upload_post_completion_flags" -- "$cur")
                elif ((nargs == 0)); then
                    mapfile -t reply < <(compgen -W 'bash zsh fish' -- "$cur")
                fi
                ;;
            auth)
                # `auth <login|status|logout>`, then that subcommand's flags.
                if ((nargs == 0)) && [[ $cur != -* ]]; then
                    mapfile -t reply < <(compgen -W "$_upload_post_auth_commands" -- "$cur")
                elif ((nargs == 0)); then
                    mapfile -t reply < <(compgen -W "$(_upload_post_flag_words auth "$used" "$cur")" -- "$cur")
                elif [[ $sub == help ]]; then
                    ((nargs == 1)) && mapfile -t reply < <(compgen -W "${_upload_post_auth_commands% help}" -- "$cur")
                elif [[ -n $sub && " login status logout " == *" $sub "* ]]; then
                    mapfile -t reply < <(compgen -W "$(_upload_post_flag_words "auth_$sub" "$used" "$cur")" -- "$cur")
                fi
                ;;
            status | simulate | demo | mcp)
                mapfile -t reply < <(compgen -W "$(_upload_post_flag_words "$cmd" "$used" "$cur")" -- "$cur")
                ;;
        esac
    fi

    # readline replaces only the text after the last word-break character in
    # cur (`:` in a URL, `=` in --flag=value): cut the same prefix off every
    # candidate, or it would be inserted twice.
    local breaks=${COMP_WORDBREAKS// /}
    breaks=${breaks//$'\t'/}
    breaks=${breaks//$'\n'/}
    local keep=$cur cutoff=''
    while [[ -n $keep ]]; do
        if [[ $breaks == *"${keep: -1}"* ]]; then
            cutoff=$keep
            break
        fi
        keep=${keep%?}
    done
    if [[ -n $cutoff ]]; then
        local r
        for r in "${reply[@]}"; do
            COMPREPLY+=("${r#"$cutoff"}")
        done
    else
        COMPREPLY=("${reply[@]}")
    fi
    return 0
}

complete -F _upload_post upload-post
