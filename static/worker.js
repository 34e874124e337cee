// The diagnosis off the main thread: this module worker runs the diagnosis
// module (crates/diag; compiled once by the page and handed over, so nothing
// is compiled again) and answers each job. The page (src/worker.rs) starts it,
// speaks to it, and terminates it when a newer paste makes its job stale:
//   page -> worker  { init: { glue, module, bundle, packs } }   glue: the module's JS glue's URL
//   page -> worker  { packs }                            content packs loaded since
//   worker -> page  { ready: true } | { failed: "why" }
//   page -> worker  { id, text, lang }                     a diagnosis
//   page -> worker  { id, task: "share", text, lang, diagnosis, redactions }
//   worker -> page  { id, answer }   engine::wire text | [redacted, payload, report]
let glue = null;

self.onmessage = async ({ data }) => {
  if (data.init) {
    try {
      glue = await import(data.init.glue);
      await glue.default({ module_or_path: data.init.module });
      glue.adopt(data.init.bundle ?? undefined, data.init.packs ?? []);
      self.postMessage({ ready: true });
    } catch (e) {
      self.postMessage({ failed: String(e) });
    }
    return;
  }
  if (data.packs) {
    glue.add_packs(data.packs);
    return;
  }
  const answer = data.task === 'share'
    ? glue.share(data.text, data.diagnosis, data.redactions, data.lang)
    : glue.diagnose(data.text, data.lang);
  self.postMessage({ id: data.id, answer });
};
