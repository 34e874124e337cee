use std::io::{self, IsTerminal};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let env_lang = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()));
    let color = io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let code = cli::run(&args, env_lang.as_deref(), io::stdin().lock(), &mut io::stdout().lock(), &mut io::stderr().lock(), color);
    std::process::exit(code);
}
