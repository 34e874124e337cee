//! `#/cli` and the collector panel's download line: the static command-line
//! binaries that the release site carries under `cli/` (built by
//! scripts/build-cli.sh, copied by scripts/post-build.mjs), fetched from this
//! page's own server, so a team's offline copy points at itself.

use yew::prelude::*;

use super::copy::CopyButton;
use crate::i18n::use_i18n;
use crate::t;

/// The architectures built, as `uname -m` names them.
pub const ARCHES: [&str; 2] = ["x86_64", "aarch64"];

/// The binary's file name under `cli/`.
pub fn file_name(arch: &str) -> String {
    format!("rootless-doctor-{arch}-linux")
}

/// The folder this page was loaded from (`https://host/sub/`), for the
/// command line, or None when the page does not come from a web server (the
/// single-file copy opened from file://, which carries no binaries).
///
/// The address becomes one shell word that the shell reads as typed: the
/// scheme and host must be plain (letters, digits, `.-:`), and the path keeps
/// only letters, digits and `-._/%`; every other byte is percent-encoded
/// (the same address to a web server). A host in brackets (IPv6) comes back
/// quoted, the only form curl and the shell both leave alone (with `-g`).
pub fn base_url(protocol: &str, host: &str, pathname: &str) -> Option<String> {
    if protocol != "http:" && protocol != "https:" {
        return None;
    }
    let bracketed = host.starts_with('[');
    let host_ok = !host.is_empty()
        && host.bytes().all(|b| b.is_ascii_alphanumeric() || b".-:".contains(&b) || (bracketed && b"[]".contains(&b)));
    if !host_ok {
        return None;
    }
    let dir = &pathname[..pathname.rfind('/').map_or(0, |i| i + 1)];
    let mut path = String::new();
    for b in dir.bytes() {
        if b.is_ascii_alphanumeric() || b"-._/%".contains(&b) {
            path.push(b as char);
        } else {
            path.push_str(&format!("%{b:02X}"));
        }
    }
    if !path.starts_with('/') {
        path.insert(0, '/');
    }
    Some(format!("{protocol}//{host}{path}"))
}

/// The one line that downloads the binary and its sum from `base`, checks
/// the sum, and runs `check`.
pub fn one_liner(base: &str, arch: &str) -> String {
    let name = file_name(arch);
    let (quote, glob) = if base.contains('[') { ("'", "g") } else { ("", "") };
    format!(
        "curl -fsSL{glob} -O {quote}{base}cli/{name}{quote} -O {quote}{base}cli/{name}.sha256{quote} && sha256sum -c {name}.sha256 && chmod +x {name} && ./{name} check"
    )
}

fn page_base() -> Option<String> {
    let loc = gloo::utils::window().location();
    base_url(&loc.protocol().ok()?, &loc.host().ok()?, &loc.pathname().ok()?)
}

#[derive(Properties, PartialEq)]
pub struct CliDownloadProps {
    /// Tells this instance's radio buttons from another's on the same page.
    pub name: AttrValue,
}

/// The architecture choice and the one-line download, check and run, with a
/// copy button; from file://, a note that the binaries are not included.
#[component]
pub fn CliDownload(props: &CliDownloadProps) -> Html {
    let lang = use_i18n().lang;
    let arch = use_state(|| ARCHES[0]);
    let Some(base) = page_base() else {
        return html! { <p class="cli-missing muted">{ t(lang, "cli-no-binaries") }</p> };
    };
    let command = one_liner(&base, &arch);
    html! {
        <div class="cli-download">
            <fieldset class="cli-arch">
                <legend>{ t(lang, "cli-arch-legend") }</legend>
                { for ARCHES.iter().map(|a| {
                    let checked = *a == *arch;
                    let arch = arch.clone();
                    let onchange = Callback::from(move |_: Event| arch.set(*a));
                    html! {
                        <label><input type="radio" name={format!("cli-arch-{}", props.name)} value={*a} {checked} {onchange} />{ *a }</label>
                    }
                }) }
            </fieldset>
            <p>{ t(lang, "cli-command-intro") }</p>
            // Keyed by the command: another architecture is a new command, so "Copied" resets.
            <CopyButton key={command.clone()} text={command.clone()} />
            <pre class="cli-command" tabindex="0"><code>{ command }</code></pre>
        </div>
    }
}

/// `#/cli`: what the tool is, the download line, the files, a few uses.
#[component]
pub fn CliPage() -> Html {
    let lang = use_i18n().lang;
    let kb = crate::kb();
    let about = &kb.about;
    let checked = t(lang, "cli-version")
        .replace("{date}", &about.date)
        .replace("{entries}", &kb.entries.iter().filter(|e| !e.retired).count().to_string())
        .replace("{docker}", &about.docker)
        .replace("{rootlesskit}", &about.rootlesskit);
    let served = page_base().is_some();
    let name = file_name(ARCHES[0]);
    let examples = format!(
        "./{name} check --format markdown > report.md\ndocker info 2>&1 | ./{name} diagnose\n./{name} help\n./{name} --version\n"
    );
    html! {
        <section class="cli-info">
            <h2>{ t(lang, "cli-heading") }</h2>
            <p>{ t(lang, "cli-intro") }</p>
            <p class="muted">{ checked }</p>
            <CliDownload name="page" />
            if served { <>
                <p>{ t(lang, "cli-files") }</p>
                <ul class="cli-files">
                    { for ARCHES.iter().map(|a| {
                        let name = file_name(a);
                        html! {
                            <li>
                                <a href={format!("cli/{name}")} download="">{ name.clone() }</a>
                                { " · " }
                                <a href={format!("cli/{name}.sha256")} download="">{ format!("{name}.sha256") }</a>
                            </li>
                        }
                    }) }
                </ul>
            </> }
            <p>{ t(lang, "cli-more") }</p>
            <pre tabindex="0"><code>{ examples }</code></pre>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::{base_url, one_liner};

    #[test]
    fn the_address_is_this_pages_folder() {
        assert_eq!(base_url("https:", "docs.example.com", "/tools/rd/index.html").as_deref(), Some("https://docs.example.com/tools/rd/"));
        assert_eq!(base_url("http:", "127.0.0.1:8080", "/").as_deref(), Some("http://127.0.0.1:8080/"));
        assert_eq!(base_url("http:", "intranet", "/rd").as_deref(), Some("http://intranet/"));
        assert_eq!(base_url("file:", "", "/home/a/rootless-doctor.html"), None);
        assert_eq!(base_url("http:", "a b", "/"), None);
    }

    #[test]
    fn the_address_is_one_plain_shell_word() {
        // What browsers leave unescaped in a path, shell syntax included.
        let base = base_url("https:", "h", "/a'b/$(x)/;&|`~!*/p q/").unwrap();
        assert_eq!(base, "https://h/a%27b/%24%28x%29/%3B%26%7C%60%7E%21%2A/p%20q/");
        let line = one_liner(&base, "x86_64");
        assert!(line.starts_with("curl -fsSL -O https://h/a%27b/"), "{line}");
        let v6 = one_liner(&base_url("http:", "[::1]:8080", "/").unwrap(), "aarch64");
        assert!(v6.starts_with("curl -fsSLg -O 'http://[::1]:8080/cli/rootless-doctor-aarch64-linux' -O 'http"), "{v6}");
        assert!(v6.ends_with("&& ./rootless-doctor-aarch64-linux check"), "{v6}");
    }
}
