//! The shell's tokenizer: every entry point the shell and the terminal
//! call with typed text. Must never panic.
#![no_main]

use kubectl::lexer;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = lexer::lex(&text, true);
    let _ = lexer::lex(&text, false);
    let _ = lexer::is_complete(&text);
    let _ = lexer::unterminated_heredoc(&text);
    let _ = lexer::bash_quote_nonprintable(&text);
    let _ = lexer::expand_heredoc(&text, &|name| name.to_uppercase());
    for unit in lexer::split_script(&text) {
        let _ = lexer::lex(&unit, true);
    }
});
