//! The command line's grammar: commands, options, `help <command>` and
//! `<command> --help`. Every word a person reads is in `content/ui/`; a
//! usage error is a key there and the values it names ([`Problem`]).

use engine::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Text,
    Json,
    Markdown,
}

/// What the command line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Command {
    /// No command, `help`, `--help`: the overview of every command.
    Usage,
    /// `help <command>`, `<command> --help`.
    Help(Topic),
    /// `--version`, `-V`.
    Version,
    /// `diagnose [FILE|-]`; `-` is standard input.
    Diagnose(String),
    Check,
    KbList,
    KbShow(String),
    KbPack(String),
}

/// A command with its own help text (`cli-help-<name>` in `content/ui/`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Topic {
    Diagnose,
    Check,
    Kb,
}

impl Topic {
    fn parse(name: &str) -> Option<Topic> {
        match name {
            "diagnose" => Some(Topic::Diagnose),
            "check" => Some(Topic::Check),
            "kb" => Some(Topic::Kb),
            _ => None,
        }
    }

    pub(crate) fn key(self) -> &'static str {
        match self {
            Topic::Diagnose => "cli-help-diagnose",
            Topic::Check => "cli-help-check",
            Topic::Kb => "cli-help-kb",
        }
    }
}

pub(crate) struct Opts {
    pub lang: Option<Lang>,
    pub format: Format,
    /// A team's bundle (`--extensions extensions.json`).
    pub extensions: Option<String>,
    /// Where `kb pack` writes the bundle.
    pub output: Option<String>,
    /// A single-file page `kb pack` writes the bundle into.
    pub inline: Option<String>,
    pub command: Command,
}

/// A usage error: the interface string's key and the values it names.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Problem {
    pub key: &'static str,
    pub values: Vec<(&'static str, String)>,
    /// The `--lang` given on the line, if it was readable, to say it in.
    pub lang: Option<Lang>,
}

impl Problem {
    fn new(key: &'static str, name: &'static str, value: &str) -> Problem {
        // Quoted and escaped: an argument never writes control characters
        // back to the terminal.
        Problem { key, values: vec![(name, format!("{value:?}"))], lang: None }
    }
}

/// Reads the arguments. `--help` and `--version` win over any other
/// problem on the line, as people expect from other tools.
pub(crate) fn parse(args: &[String]) -> Result<Opts, Problem> {
    let mut opts = Opts { lang: None, format: Format::Text, extensions: None, output: None, inline: None, command: Command::Usage };
    opts.command = read(args, &mut opts).map_err(|p| Problem { lang: opts.lang, ..p })?;
    Ok(opts)
}

fn read(args: &[String], opts: &mut Opts) -> Result<Command, Problem> {
    let mut positional: Vec<&str> = Vec::new();
    let (mut help, mut version) = (false, false);
    let mut problem = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let (flag, inline) = match a.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v)),
            _ => (a.as_str(), None),
        };
        let mut value = |name: &'static str| inline.or_else(|| it.next().map(String::as_str)).ok_or_else(|| Problem::new("cli-error-needs-value", "option", name));
        let step: Result<(), Problem> = (|| {
            match flag {
                "--lang" | "-l" => {
                    let v = value("--lang")?;
                    opts.lang = Some(Lang::from_tag(v).ok_or_else(|| Problem::new("cli-error-unknown-lang", "value", v))?);
                }
                "--format" | "-f" => {
                    opts.format = match value("--format")? {
                        "text" => Format::Text,
                        "json" => Format::Json,
                        "markdown" | "md" => Format::Markdown,
                        other => return Err(Problem::new("cli-error-unknown-format", "value", other)),
                    }
                }
                "--extensions" | "-e" => opts.extensions = Some(value("--extensions")?.to_string()),
                "--output" | "-o" => opts.output = Some(value("--output")?.to_string()),
                "--inline" => opts.inline = Some(value("--inline")?.to_string()),
                "--help" | "-h" => help = true,
                "--version" | "-V" => version = true,
                "-" => positional.push(a),
                f if f.starts_with('-') => return Err(Problem::new("cli-error-unknown-option", "option", f)),
                _ => positional.push(a),
            }
            Ok(())
        })();
        if let Err(p) = step {
            problem.get_or_insert(p);
        }
    }
    let asked = positional.first() == Some(&"help");
    let command = if version && !help && !asked {
        Command::Version
    } else if help || asked {
        match positional.get(usize::from(asked)) {
            None => Command::Usage,
            Some(name) => match Topic::parse(name) {
                Some(topic) => Command::Help(topic),
                // `help frobnicate` is a mistake to point out; `frobnicate
                // --help` still deserves the overview.
                None if asked => return Err(Problem::new("cli-error-unknown-command", "command", name)),
                None => Command::Usage,
            },
        }
    } else if let Some(p) = problem {
        return Err(p);
    } else {
        match positional.as_slice() {
            [] => Command::Usage,
            // Like `docker volume`: a command group alone shows its help.
            ["kb"] => Command::Help(Topic::Kb),
            ["diagnose"] => Command::Diagnose("-".into()),
            ["diagnose", path] => Command::Diagnose(path.to_string()),
            ["check"] => Command::Check,
            ["kb", "list"] => Command::KbList,
            ["kb", "show", id] => Command::KbShow(id.to_string()),
            ["kb", "pack", dir] => Command::KbPack(dir.to_string()),
            _ => return Err(Problem::new("cli-error-unknown-command", "command", &positional.join(" "))),
        }
    };
    Ok(command)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(line: &str) -> Result<Command, &'static str> {
        let args: Vec<String> = line.split_whitespace().map(String::from).collect();
        parse(&args).map(|o| o.command).map_err(|p| p.key)
    }

    #[test]
    fn commands_and_help() {
        assert_eq!(parse_str(""), Ok(Command::Usage));
        assert_eq!(parse_str("help"), Ok(Command::Usage));
        assert_eq!(parse_str("--help"), Ok(Command::Usage));
        assert_eq!(parse_str("help diagnose"), Ok(Command::Help(Topic::Diagnose)));
        assert_eq!(parse_str("diagnose --help"), Ok(Command::Help(Topic::Diagnose)));
        assert_eq!(parse_str("kb pack -h"), Ok(Command::Help(Topic::Kb)));
        assert_eq!(parse_str("help kb show"), Ok(Command::Help(Topic::Kb)));
        assert_eq!(parse_str("check --format yaml --help"), Ok(Command::Help(Topic::Check)));
        assert_eq!(parse_str("help frobnicate"), Err("cli-error-unknown-command"));
        assert_eq!(parse_str("-V"), Ok(Command::Version));
        assert_eq!(parse_str("diagnose --version"), Ok(Command::Version));
        assert_eq!(parse_str("diagnose"), Ok(Command::Diagnose("-".into())));
        assert_eq!(parse_str("-l ko diagnose x.txt"), Ok(Command::Diagnose("x.txt".into())));
        assert_eq!(parse_str("kb show privileged-port"), Ok(Command::KbShow("privileged-port".into())));
        assert_eq!(parse_str("kb"), Ok(Command::Help(Topic::Kb)));
        assert_eq!(parse_str("kb frob"), Err("cli-error-unknown-command"));
        assert_eq!(parse_str("diagnose --format yaml"), Err("cli-error-unknown-format"));
        assert_eq!(parse_str("diagnose --lang"), Err("cli-error-needs-value"));
        assert_eq!(parse_str("diagnose --lang xx"), Err("cli-error-unknown-lang"));
        assert_eq!(parse_str("diagnose --frob"), Err("cli-error-unknown-option"));
    }

    #[test]
    fn values_are_escaped() {
        let p = parse(&["--\x1b[31m".to_string()]).err().unwrap();
        assert_eq!(p.values, vec![("option", "\"--\\u{1b}[31m\"".to_string())]);
    }
}
