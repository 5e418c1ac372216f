//! `kubeplay`: the playground's shell on the command line.
//!
//! ```text
//! kubeplay [--seed N] [--profile NAME]            interactive shell (REPL)
//! kubeplay [--seed N] [--profile NAME] run FILE   run a script, echoing each command
//! ```

use cluster::Profile;
use kubeplay::{new_shell_with, print_output, script_header, transcript, DirFiles, DEFAULT_SEED};
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "kubeplay: a simulated Kubernetes cluster and its kubectl shell

Usage:
  kubeplay [--seed N] [--profile NAME]            start an interactive shell
  kubeplay [--seed N] [--profile NAME] run FILE   run FILE as if typed into the
                        shell, echoing each command as \"$ <line>\" before its output

Options:
  --seed N        seed for every random choice (names, IPs, ports); default 1,
                  or the script's `# seed: N` first line
  --profile NAME  the kind of cluster: docker-desktop (default), minikube,
                  cloud, onprem; or the script's `# profile: NAME` line
  -h, --help      show this help
";

/// Seed and profile from the command line (`None`: not given).
#[derive(Default)]
struct Opts {
    seed: Option<u64>,
    profile: Option<Profile>,
}

enum Mode {
    Repl,
    Run(PathBuf),
}

fn parse_args(args: &[String]) -> Result<(Opts, Mode), String> {
    let mut opts = Opts::default();
    let mut mode = Mode::Repl;
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        match a {
            "-h" | "--help" => return Err(String::new()),
            "--seed" => {
                let v = args.get(i + 1).ok_or("--seed needs a value")?;
                opts.seed = Some(
                    v.parse()
                        .map_err(|_| format!("invalid seed \"{v}\": not a number"))?,
                );
                i += 1;
            }
            _ if a.starts_with("--seed=") => {
                let v = &a["--seed=".len()..];
                opts.seed = Some(
                    v.parse()
                        .map_err(|_| format!("invalid seed \"{v}\": not a number"))?,
                );
            }
            "--profile" => {
                let v = args.get(i + 1).ok_or("--profile needs a value")?;
                opts.profile = Some(v.parse::<Profile>()?);
                i += 1;
            }
            _ if a.starts_with("--profile=") => {
                opts.profile = Some(a["--profile=".len()..].parse::<Profile>()?);
            }
            "run" => {
                let f = args.get(i + 1).ok_or("run needs a script file")?;
                mode = Mode::Run(PathBuf::from(f));
                i += 1;
            }
            other => return Err(format!("unknown argument \"{other}\"")),
        }
        i += 1;
    }
    Ok((opts, mode))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (opts, mode) = match parse_args(&args) {
        Ok(v) => v,
        Err(msg) if msg.is_empty() => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(msg) => {
            eprintln!("kubeplay: {msg}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match mode {
        Mode::Run(path) => run_file(&opts, &path),
        Mode::Repl => repl(
            opts.profile.unwrap_or_default(),
            opts.seed.unwrap_or(DEFAULT_SEED),
        ),
    }
}

fn run_file(opts: &Opts, path: &Path) -> ExitCode {
    let script = match std::fs::read(path) {
        Ok(b) => String::from_utf8_lossy(&b).into_owned(),
        Err(e) => {
            eprintln!("kubeplay: cannot read {}: {e}", path.display());
            return ExitCode::from(2);
        }
    };
    let root = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    // The command line wins over the script's header.
    let (head_seed, head_profile) = match script_header(&script) {
        Ok(h) => h,
        Err(e) => {
            eprintln!("kubeplay: {}: {e}", path.display());
            return ExitCode::from(2);
        }
    };
    let seed = opts.seed.or(head_seed).unwrap_or(DEFAULT_SEED);
    let profile = opts.profile.or(head_profile).unwrap_or_default();
    let mut shell = new_shell_with(profile, seed, Box::new(DirFiles { root }));
    let (text, code) = transcript(&mut shell, &script);
    let mut so = std::io::stdout().lock();
    let _ = so.write_all(text.as_bytes()).and_then(|_| so.flush());
    ExitCode::from(code.clamp(0, 255) as u8)
}

fn repl(profile: Profile, seed: u64) -> ExitCode {
    let interactive = std::io::stdin().is_terminal();
    let mut shell = new_shell_with(
        profile,
        seed,
        Box::new(DirFiles {
            root: PathBuf::from("."),
        }),
    );
    let stdin = std::io::stdin();
    let mut last = std::time::Instant::now();
    let mut code = 0;
    let prompt = |more: bool| {
        if interactive {
            print!("{}", if more { "> " } else { "$ " });
            let _ = std::io::stdout().flush();
        }
    };
    prompt(false);
    for line in stdin.lock().lines() {
        let Ok(line) = line else { break };
        // At a terminal the simulated clock keeps pace with the real one, as
        // a real cluster would between commands; piped input stays
        // deterministic (time moves only with `sleep`).
        if interactive && !shell.is_pending() {
            let elapsed = last.elapsed().as_millis().min(i64::MAX as u128) as i64;
            shell.cluster_mut().advance(elapsed);
        }
        last = std::time::Instant::now();
        match shell.feed_line(&line) {
            kubectl::Feed::More => prompt(true),
            kubectl::Feed::Ran { output, clear } => {
                if clear && interactive {
                    print!("\x1b[H\x1b[2J");
                }
                print_output(&output);
                code = output.exit_code;
                prompt(false);
            }
        }
    }
    if interactive {
        println!();
    }
    ExitCode::from(code.clamp(0, 255) as u8)
}
