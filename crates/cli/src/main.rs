//! `kubeplay`: the playground's shell on the command line.
//!
//! ```text
//! kubeplay [--seed N]            interactive shell (REPL)
//! kubeplay [--seed N] run FILE   run a script, echoing each command
//! ```

use kubeplay::{new_shell, print_output, transcript, DirFiles, DEFAULT_SEED};
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "kubeplay: a simulated Kubernetes cluster and its kubectl shell

Usage:
  kubeplay [--seed N]            start an interactive shell
  kubeplay [--seed N] run FILE   run FILE as if typed into the shell, echoing
                                 each command as \"$ <line>\" before its output

Options:
  --seed N    seed for every random choice (names, IPs, ports); default 1
  -h, --help  show this help
";

enum Mode {
    Repl,
    Run(PathBuf),
}

fn parse_args(args: &[String]) -> Result<(u64, Mode), String> {
    let mut seed = DEFAULT_SEED;
    let mut mode = Mode::Repl;
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        match a {
            "-h" | "--help" => return Err(String::new()),
            "--seed" => {
                let v = args.get(i + 1).ok_or("--seed needs a value")?;
                seed = v
                    .parse()
                    .map_err(|_| format!("invalid seed \"{v}\": not a number"))?;
                i += 1;
            }
            _ if a.starts_with("--seed=") => {
                let v = &a["--seed=".len()..];
                seed = v
                    .parse()
                    .map_err(|_| format!("invalid seed \"{v}\": not a number"))?;
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
    Ok((seed, mode))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (seed, mode) = match parse_args(&args) {
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
        Mode::Run(path) => run_file(seed, &path),
        Mode::Repl => repl(seed),
    }
}

fn run_file(seed: u64, path: &Path) -> ExitCode {
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
    let mut shell = new_shell(seed, Box::new(DirFiles { root }));
    let (text, code) = transcript(&mut shell, &script);
    let mut so = std::io::stdout().lock();
    let _ = so.write_all(text.as_bytes()).and_then(|_| so.flush());
    ExitCode::from(code.clamp(0, 255) as u8)
}

fn repl(seed: u64) -> ExitCode {
    let interactive = std::io::stdin().is_terminal();
    let mut shell = new_shell(
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
