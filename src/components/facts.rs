use engine::{Diagnosis, Lang};
use yew::prelude::*;

use crate::t;

#[derive(Properties, PartialEq)]
pub struct FactsProps {
    pub lang: Lang,
    pub diagnosis: std::rc::Rc<Diagnosis>,
}

/// What the engine read from the paste, so the reader can check it.
#[component]
pub fn FactsSummary(props: &FactsProps) -> Html {
    let lang = props.lang;
    let d = &props.diagnosis;
    let f = &d.facts;
    let mut rows: Vec<(String, String)> = Vec::new();
    let mut row = |key: &str, v: Option<String>| {
        if let Some(v) = v.filter(|v| !v.is_empty()) {
            rows.push((t(lang, key), v));
        }
    };
    row("fact-server-version", f.server_version.clone());
    row("fact-client-version", f.client_version.clone());
    row("fact-mode", f.rootless.map(|r| t(lang, if r { "fact-mode-rootless" } else { "fact-mode-rootful" })));
    row("fact-context", f.context.clone());
    let cgroup = match (&f.cgroup_driver, &f.cgroup_version) {
        (None, None) => None,
        (a, b) => Some(format!("{} / {}", a.as_deref().unwrap_or("?"), b.as_deref().unwrap_or("?"))),
    };
    row("fact-cgroup", cgroup);
    row("fact-storage-driver", f.storage_driver.clone());
    row("fact-kernel", f.kernel.clone());
    row("fact-os", f.os.clone());
    row("fact-docker-root-dir", f.docker_root_dir.clone());
    let user = match (&f.user, f.uid) {
        (Some(u), Some(id)) => Some(format!("{u} ({id})")),
        (Some(u), None) => Some(u.clone()),
        (None, Some(id)) => Some(id.to_string()),
        (None, None) => None,
    };
    row("fact-user", user);
    if f.daemon_reachable == Some(false) {
        let host = f.docker_host.clone().unwrap_or_else(|| "?".into());
        row("fact-daemon", Some(t(lang, "fact-daemon-unreachable").replace("{host}", &host)));
    }
    let mut kinds: Vec<&str> = Vec::new();
    for s in d.sections.iter().filter(|s| s.kind != engine::formats::TEXT_KIND) {
        if !kinds.contains(&s.kind) {
            kinds.push(s.kind);
        }
    }
    if kinds.is_empty() {
        kinds.push(engine::formats::TEXT_KIND);
    }
    let read = t(lang, "sections-read").replace("{n}", &d.line_count.to_string()).replace("{kinds}", &kinds.join(", "));
    html! {
        <section class="facts" aria-labelledby="facts-h">
            <h2 id="facts-h">{ t(lang, "facts-heading") }</h2>
            <p class="muted">{ read }</p>
            if !rows.is_empty() {
                <dl>
                    { for rows.into_iter().map(|(k, v)| html! { <><dt>{ k }</dt><dd>{ v }</dd></> }) }
                </dl>
            }
        </section>
    }
}
