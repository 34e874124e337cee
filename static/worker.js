// The diagnosis off the main thread: this module worker runs the page's own
// wasm module (compiled once by the page and handed over, so nothing is
// downloaded again) and answers each paste with the diagnosis in
// engine::wire form. The page (src/worker.rs) starts it and speaks to it:
//   page -> worker  { init: { glue, module, bundle } }   glue: the JS glue's URL
//   worker -> page  { ready: true } | { failed: "why" }
//   page -> worker  { id, text, lang }
//   worker -> page  { id, wire }
let glue = null;

self.onmessage = async ({ data }) => {
  if (data.init) {
    try {
      glue = await import(data.init.glue);
      await glue.default({ module_or_path: data.init.module });
      glue.worker_init(data.init.bundle ?? undefined);
      self.postMessage({ ready: true });
    } catch (e) {
      self.postMessage({ failed: String(e) });
    }
    return;
  }
  self.postMessage({ id: data.id, wire: glue.worker_diagnose(data.text, data.lang) });
};
