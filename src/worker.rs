//! Where a paste is diagnosed. A small paste is diagnosed right here: it
//! takes a few milliseconds, less than a round trip to a worker. A larger one
//! goes to a Web Worker that runs this same wasm module (static/worker.js;
//! the compiled module is handed over, nothing is downloaded again), so
//! typing, scrolling and the language switch stay live while it works.
//!
//! The worker starts while the page loads (the page makes no request after
//! that). Only the newest request is answered: while the worker is busy,
//! newer requests replace each other in a queue of one, and the answer to an
//! older one is dropped. The worker is never stopped to make way, because a
//! new one would load its script again.
//!
//! Without a worker (the single-file page opened from file://, a host whose
//! policy forbids workers, a worker that failed to start) every paste is
//! diagnosed here, as it would be anyway.

use std::cell::RefCell;

use engine::{Diagnosis, Lang};
use gloo::timers::callback::Timeout;
use js_sys::{JsString, Object, Reflect};
use wasm_bindgen::prelude::*;
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};

/// Pastes up to this size are diagnosed on the main thread (about a
/// millisecond for a typical `docker info` of 3 KB).
pub const INLINE_BYTES: usize = 32 << 10;
/// Names the worker script; scripts/post-build.mjs writes it with the
/// script's content-hashed file name.
/// A worker that has not started by then is given up on (it loads nothing
/// big: the module is compiled already).
const READY_WITHIN_MS: u32 = 10_000;
const META: &str = "meta[name=rootless-doctor-worker]";

#[wasm_bindgen]
extern "C" {
    /// The URL of the JS glue that loaded this module (it is where extern
    /// imports are written), for the worker to import the same glue.
    #[wasm_bindgen(thread_local_v2, js_namespace = ["import", "meta"], js_name = url)]
    static GLUE_URL: JsString;
}

type Done = Box<dyn FnOnce(Diagnosis)>;

struct Job {
    id: u32,
    text: String,
    lang: Lang,
}

struct Live {
    worker: Worker,
    ready: bool,
    /// Gives up on a worker that never reports ready.
    deadline: Option<Timeout>,
    busy: Option<Job>,
    queued: Option<Job>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

#[derive(Default)]
struct Pool {
    next_id: u32,
    /// The newest request and what to do with its diagnosis.
    wanted: Option<(u32, Done)>,
    live: Option<Live>,
    /// No worker here: everything runs inline.
    unavailable: bool,
}

thread_local! {
    static POOL: RefCell<Pool> = RefCell::default();
}

/// Diagnoses `text` and calls `done` with the result, unless a newer
/// request (or [`cancel`]) came first. Returns true when the answer is
/// already delivered (the paste was diagnosed inline), false when a worker
/// has it.
pub fn diagnose(text: String, lang: Lang, done: impl FnOnce(Diagnosis) + 'static) -> bool {
    let (id, use_worker) = POOL.with_borrow_mut(|p| {
        p.next_id = p.next_id.wrapping_add(1);
        p.wanted = Some((p.next_id, Box::new(done)));
        if let Some(live) = &mut p.live {
            live.queued = None;
        }
        (p.next_id, text.len() > INLINE_BYTES && !p.unavailable)
    });
    if !use_worker {
        inline(Job { id, text, lang });
        return true;
    }
    let fallback = POOL.with_borrow_mut(|p| p.submit(Job { id, text, lang }));
    match fallback {
        Some(job) => {
            inline(job);
            true
        }
        None => false,
    }
}

/// Starts the worker, once, while the page loads.
pub fn start() {
    POOL.with_borrow_mut(Pool::start);
}

/// Forgets the pending request: its answer, if one comes, is dropped.
pub fn cancel() {
    POOL.with_borrow_mut(|p| {
        p.wanted = None;
        if let Some(live) = &mut p.live {
            live.queued = None;
        }
    });
}

impl Pool {
    /// Hands the job to the worker (starting it if need be), or gives it
    /// back when there is no worker to take it.
    fn submit(&mut self, job: Job) -> Option<Job> {
        self.start();
        let Some(live) = self.live.as_mut() else { return Some(job) };
        live.queued = Some(job);
        if live.ready && live.busy.is_none() {
            live.send_queued();
        }
        None
    }

    fn start(&mut self) {
        if self.live.is_some() || self.unavailable {
            return;
        }
        match self.spawn() {
            Ok(live) => self.live = Some(live),
            Err(_) => self.unavailable = true,
        }
    }

    fn spawn(&mut self) -> Result<Live, JsValue> {
        let glue = String::from(GLUE_URL.with(JsString::clone));
        // The single-file page imports its glue from a data: URL; a worker
        // could not import that from its own origin.
        if !glue.starts_with("http:") && !glue.starts_with("https:") {
            return Err(JsValue::NULL);
        }
        let document = gloo::utils::document();
        let script = document
            .query_selector(META)?
            .and_then(|m| m.get_attribute("content"))
            .ok_or(JsValue::NULL)?;
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        let worker = Worker::new_with_options(&script, &options)?;
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|e: MessageEvent| on_message(e.data()));
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(|e: web_sys::Event| {
            e.prevent_default();
            on_failure();
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let init = Object::new();
        Reflect::set(&init, &"glue".into(), &glue.into())?;
        Reflect::set(&init, &"module".into(), &wasm_bindgen::module())?;
        if let Some(bundle) = crate::extensions::bundle_text() {
            Reflect::set(&init, &"bundle".into(), &bundle.into())?;
        }
        let message = Object::new();
        Reflect::set(&message, &"init".into(), &init)?;
        worker.post_message(&message)?;
        let deadline = Some(Timeout::new(READY_WITHIN_MS, on_failure));
        Ok(Live { worker, ready: false, deadline, busy: None, queued: None, _on_message: on_message, _on_error: on_error })
    }

    /// Stops the worker for good (it broke).
    fn stop(&mut self) {
        if let Some(live) = self.live.take() {
            live.worker.set_onmessage(None);
            live.worker.set_onerror(None);
            live.worker.terminate();
        }
    }
}

impl Live {
    /// Posts the queued job, if any, which makes the worker busy with it.
    fn send_queued(&mut self) {
        let Some(job) = self.queued.take() else { return };
        let message = Object::new();
        let _ = Reflect::set(&message, &"id".into(), &job.id.into());
        let _ = Reflect::set(&message, &"text".into(), &job.text.as_str().into());
        let _ = Reflect::set(&message, &"lang".into(), &job.lang.code().into());
        let _ = self.worker.post_message(&message);
        self.busy = Some(job);
    }
}

fn on_message(data: JsValue) {
    let get = |key: &str| Reflect::get(&data, &key.into()).ok().filter(|v| !v.is_undefined());
    if get("failed").is_some() {
        on_failure();
        return;
    }
    if get("ready").is_some() {
        POOL.with_borrow_mut(|p| {
            if let Some(live) = &mut p.live {
                live.ready = true;
                live.deadline = None;
                live.send_queued();
            }
        });
        return;
    }
    let (Some(id), Some(wire)) = (get("id").and_then(|v| v.as_f64()), get("wire").and_then(|v| v.as_string())) else { return };
    let finished = POOL.with_borrow_mut(|p| {
        let live = p.live.as_mut()?;
        let job = live.busy.take()?;
        live.send_queued();
        Some(job)
    });
    let Some(job) = finished else { return };
    if job.id != id as u32 {
        return;
    }
    match engine::wire::decode(&wire) {
        Some(d) => deliver(job.id, d),
        // Not expected (the same build wrote it); the answer is still owed.
        None => inline(job),
    }
}

/// The worker could not start or broke: no more workers on this page, and
/// what it was given is diagnosed here.
fn on_failure() {
    let jobs = POOL.with_borrow_mut(|p| {
        let Some(live) = p.live.as_mut() else { return Vec::new() };
        // This may run inside that very timeout: let it finish, not cancel it.
        if let Some(deadline) = live.deadline.take() {
            deadline.forget();
        }
        let jobs = live.busy.take().into_iter().chain(live.queued.take()).collect();
        p.stop();
        p.unavailable = true;
        jobs
    });
    for job in jobs {
        inline(job);
    }
}

fn inline(job: Job) {
    if !POOL.with_borrow(|p| p.wanted.as_ref().is_some_and(|(id, _)| *id == job.id)) {
        return;
    }
    deliver(job.id, run(&job.text, job.lang));
}

/// The diagnosis itself, the same on the page's thread and in the worker.
fn run(text: &str, lang: Lang) -> Diagnosis {
    crate::kb().diagnose(engine::text::clip(text, engine::MAX_INPUT_BYTES), lang)
}

fn deliver(id: u32, d: Diagnosis) {
    let done = POOL.with_borrow_mut(|p| match p.wanted.take() {
        Some((wanted, done)) if wanted == id => Some(done),
        other => {
            p.wanted = other;
            None
        }
    });
    if let Some(done) = done {
        done(d);
    }
}

/// In the worker: takes the page's team bundle (the same text the page
/// accepted) and loads the knowledge base before the first paste.
#[wasm_bindgen]
pub fn worker_init(bundle: Option<String>) {
    crate::extensions::adopt(bundle);
    let _ = crate::kb();
}

/// In the worker: one diagnosis, in engine::wire form.
#[wasm_bindgen]
pub fn worker_diagnose(text: String, lang: String) -> String {
    engine::wire::encode(&run(&text, Lang::from_code(&lang).unwrap_or(Lang::En)))
}
