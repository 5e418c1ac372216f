//! `kubectl completion SHELL` and cobra's hidden `kubectl __complete
//! ARGS... WORD`. The scripts are our own, small: each asks `kubectl
//! __complete` for the candidates (one per line, `NAME<TAB>description`
//! for commands) followed by cobra's `:DIRECTIVE` line, as the real
//! scripts do. In the playground's terminal Tab already completes, so
//! `source <(kubectl completion bash)` only has to run cleanly.

use super::K;
use crate::shell::Ctx;

const BASH: &str = r#"# bash completion for kubectl (kubeplay)
# Load it in the current shell with:  source <(kubectl completion bash)

__kubectl_complete_words()
{
    local cur="${COMP_WORDS[COMP_CWORD]}" out directive
    out=$("${COMP_WORDS[0]}" __complete "${COMP_WORDS[@]:1:COMP_CWORD-1}" "$cur" 2>/dev/null)
    directive=${out##*:}
    out=${out%:*}
    COMPREPLY=()
    local line
    while IFS='' read -r line; do
        [[ -n $line ]] && COMPREPLY+=("${line%%$'\t'*}")
    done <<< "$out"
    COMPREPLY=($(compgen -W "${COMPREPLY[*]}" -- "$cur"))
    # Directive 4 (no file completion): do not fall back to file names.
    if [[ $((directive & 4)) -ne 0 ]]; then
        compopt +o default 2>/dev/null
    fi
}

__start_kubectl()
{
    __kubectl_complete_words
}

complete -o default -F __start_kubectl kubectl
"#;

const ZSH: &str = r#"#compdef kubectl
compdef _kubectl kubectl

# zsh completion for kubectl (kubeplay)
# Load it in the current shell with:  source <(kubectl completion zsh)

_kubectl()
{
    local out directive
    out=$(${words[1]} __complete ${words[2,CURRENT-1]} "${words[CURRENT]}" 2>/dev/null)
    directive=${out##*:}
    local -a cands
    cands=(${(f)${out%:*}})
    cands=(${cands//$'\t'*/})
    compadd -a cands
}

if [ "$funcstack[1]" = "_kubectl" ]; then
    _kubectl "$@"
fi
"#;

const FISH: &str = r#"# fish completion for kubectl (kubeplay)
# Load it in the current shell with:  kubectl completion fish | source

function __kubectl_complete
    set -l args (commandline -opc)
    set -e args[1]
    set -l out (kubectl __complete $args (commandline -ct) 2>/dev/null)
    for line in $out[1..-2]
        echo $line
    end
end

complete -c kubectl -f -a '(__kubectl_complete)'
"#;

const POWERSHELL: &str = r#"# powershell completion for kubectl (kubeplay)
# Load it in the current session with:  kubectl completion powershell | Out-String | Invoke-Expression

Register-ArgumentCompleter -CommandName 'kubectl' -ScriptBlock {
    param($WordToComplete, $CommandAst, $CursorPosition)
    $Words = $CommandAst.CommandElements | Select-Object -Skip 1 | ForEach-Object { "$_" }
    if ($WordToComplete -eq '') { $Words += '""' }
    $Out = kubectl __complete @Words 2>$null
    $Out | Select-Object -SkipLast 1 | ForEach-Object {
        $Name = ($_ -split "`t")[0]
        [System.Management.Automation.CompletionResult]::new($Name, $Name, 'ParameterValue', $Name)
    }
}
"#;

pub fn run(k: &mut K<'_, '_, '_>) -> i32 {
    let args = k.flags.args.clone();
    let see = "\nSee 'kubectl completion -h' for help and examples";
    let script = match args.as_slice() {
        [] => return k.fail(&format!("Shell not specified.{see}")),
        [shell] => match shell.as_str() {
            "bash" => BASH,
            "zsh" => ZSH,
            "fish" => FISH,
            "powershell" => POWERSHELL,
            other => {
                let o = other.to_string();
                return k.fail(&format!("Unsupported shell type \"{o}\".{see}"));
            }
        },
        _ => {
            return k.fail(&format!(
                "Too many arguments. Expected only the shell type.{see}"
            ))
        }
    };
    k.out(script);
    0
}

/// `kubectl __complete ARGS... WORD`: the candidates for WORD after ARGS,
/// then `:4` (ShellCompDirectiveNoFileComp) and cobra's note on stderr.
pub fn hidden_complete(ctx: &mut Ctx<'_, '_>, args: &[String]) -> i32 {
    let (done, prefix) = match args.split_last() {
        Some((last, rest)) => (rest.to_vec(), last.clone()),
        None => (Vec::new(), String::new()),
    };
    let done_refs: Vec<&str> = done.iter().map(String::as_str).collect();
    let mut out = String::new();
    let is_command_word = done_refs.iter().all(|w| w.starts_with('-')) && !prefix.starts_with('-');
    for c in super::complete(ctx.cluster, &done_refs, &prefix) {
        if !c.starts_with(prefix.as_str()) {
            continue;
        }
        let summary = if is_command_word {
            crate::help::find(&c).map(|cmd| cmd.summary).unwrap_or("")
        } else {
            sub_summary(&done_refs, &c)
        };
        if summary.is_empty() {
            out.push_str(&format!("{c}\n"));
        } else {
            out.push_str(&format!("{c}\t{summary}\n"));
        }
    }
    out.push_str(":4\n");
    ctx.io.out(&out);
    ctx.io
        .err("Completion ended with directive: ShellCompDirectiveNoFileComp\n");
    0
}

/// A subcommand's line in its parent's "Available Commands:" (`config
/// view` -> "Display merged kubeconfig settings or ...").
fn sub_summary(done: &[&str], word: &str) -> &'static str {
    let words: Vec<&str> = done
        .iter()
        .copied()
        .filter(|w| !w.starts_with('-'))
        .collect();
    let [parent] = words.as_slice() else {
        return "";
    };
    let Some(cmd) = crate::help::find(parent) else {
        return "";
    };
    if !crate::help::SUBCOMMANDS
        .iter()
        .any(|s| s.parent == *parent && s.names[0] == word)
    {
        return "";
    }
    cmd.help
        .lines()
        .skip_while(|l| !l.starts_with("Available Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .find_map(|l| {
            let t = l.trim_start();
            let rest = t.strip_prefix(word)?;
            rest.starts_with(' ').then(|| rest.trim_start())
        })
        .unwrap_or("")
}
