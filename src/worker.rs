//! Where a paste is diagnosed, and where it is redacted for sharing. Both
//! run in the diagnosis module (src/diag.rs), never in the page's own wasm.
//! A small paste is handled right here, in the module loaded on the page's
//! thread: it takes a few milliseconds, less than a round trip to a worker.
//! A larger one goes to a Web Worker that runs the same module
//! (static/worker.js; the compiled module is handed over, nothing is
//! compiled again), so typing, scrolling and the language switch stay live
//! while it works. A request made before the module is here waits for it.
//!
//! The worker starts once the module has loaded, right after the first render. There are two kinds of task (a
//! diagnosis, a share), and of each only the newest request is answered:
//! newer requests replace each other in a queue of one per task. A newer
//! request also abandons the worker's current job of its task, once that
//! job has run for [`ABANDON_AFTER_MS`]: the worker is terminated and a new
//! one made from the same compiled module and the same script and glue
//! (same origin, from the browser's cache), because a job inside wasm
//! cannot be interrupted and may take seconds on a hostile paste. A job
//! that has just started is left to finish: a restart costs more.
//!
//! Without a worker (the single-file page opened from file://, a host whose
//! policy forbids workers, a worker that failed to start) everything runs
//! here, as it would anyway.

use std::cell::RefCell;

use engine::redact::Kind as Redaction;
use engine::{Diagnosis, Lang};
use gloo::timers::callback::Timeout;
use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};

/// Pastes up to this size are diagnosed (and redacted) on the main thread
/// (about a millisecond for a typical `docker info` of 3 KB).
pub const INLINE_BYTES: usize = 32 << 10;
/// A worker job older than this is abandoned (the worker restarted) when a
/// newer request of its task arrives; a younger one is left to finish.
pub const ABANDON_AFTER_MS: f64 = 250.0;
/// A worker that has not started by then is given up on (it loads nothing
/// big: the module is compiled already).
const READY_WITHIN_MS: u32 = 10_000;
/// Names the worker script; scripts/post-build.mjs writes it with the
/// script's content-hashed file name.
const META: &str = "meta[name=rootless-doctor-worker]";

/// What a paste is handed over for. Of each task only the newest request
/// is answered.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Task {
    Diagnose,
    Share,
}

impl Task {
    fn index(self) -> usize {
        self as usize
    }
}

/// A paste made ready to share: the redacted text, its permalink payload
/// and the Markdown report of the redacted paste.
#[derive(Clone, PartialEq, Debug)]
pub struct Shared {
    pub redacted: String,
    pub payload: String,
    pub report: String,
}

enum Answer {
    Diagnosis(Box<Diagnosis>),
    Shared(Shared),
}

enum Input {
    Diagnose,
    /// The diagnosis of the same text (its facts name users and hosts) in
    /// `engine::wire` form, and the redactions to apply.
    Share { diagnosis: String, redactions: Vec<Redaction> },
}

struct Job {
    id: u32,
    text: String,
    lang: Lang,
    input: Input,
}

impl Job {
    fn task(&self) -> Task {
        match self.input {
            Input::Diagnose => Task::Diagnose,
            Input::Share { .. } => Task::Share,
        }
    }
}

type Done = Box<dyn FnOnce(Answer)>;

struct Live {
    worker: Worker,
    ready: bool,
    /// Gives up on a worker that never reports ready.
    deadline: Option<Timeout>,
    /// The job the worker is on, and when it was posted.
    busy: Option<(Job, f64)>,
    /// At most one job per task, sent in order when the worker is free.
    queued: Vec<Job>,
    /// How many of the page's content packs the worker has.
    packs_sent: usize,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

#[derive(Default)]
struct Pool {
    next_id: u32,
    /// Per task, the newest request and what to do with its answer.
    wanted: [Option<(u32, Done)>; 2],
    live: Option<Live>,
    /// No worker here: everything runs inline.
    unavailable: bool,
    /// Jobs to run inline once the diagnosis module is here.
    waiting: Vec<Job>,
}

thread_local! {
    static POOL: RefCell<Pool> = RefCell::default();
}

/// Diagnoses `text` and calls `done` with the result, unless a newer
/// request (or [`cancel`]) came first. Returns true when the answer is
/// already delivered (the paste was diagnosed inline), false when a worker
/// has it.
pub fn diagnose(text: String, lang: Lang, done: impl FnOnce(Diagnosis) + 'static) -> bool {
    let done = move |a: Answer| {
        if let Answer::Diagnosis(d) = a {
            done(*d)
        }
    };
    request(text, lang, Input::Diagnose, Box::new(done))
}

/// Redacts `text` (whose diagnosis is `diagnosis`) for sharing, and makes
/// its permalink payload and report; like [`diagnose`], in the worker when
/// the paste is large. Returns true when `done` has already been called.
pub fn share(text: String, diagnosis: &Diagnosis, redactions: &[Redaction], lang: Lang, done: impl FnOnce(Shared) + 'static) -> bool {
    let done = move |a: Answer| {
        if let Answer::Shared(s) = a {
            done(s)
        }
    };
    let input = Input::Share { diagnosis: engine::wire::encode(diagnosis), redactions: redactions.to_vec() };
    request(text, lang, input, Box::new(done))
}

fn request(text: String, lang: Lang, input: Input, done: Done) -> bool {
    let (id, inline_jobs) = POOL.with_borrow_mut(|p| {
        p.next_id = p.next_id.wrapping_add(1);
        let id = p.next_id;
        let job = Job { id, text, lang, input };
        let task = job.task();
        p.wanted[task.index()] = Some((id, done));
        let mut inline_jobs = p.forget(task);
        let use_worker = job.text.len() > INLINE_BYTES && !p.unavailable;
        if use_worker {
            if let Some(job) = p.submit(job) {
                inline_jobs.push(job);
            }
        } else {
            inline_jobs.push(job);
        }
        (id, inline_jobs)
    });
    for job in inline_jobs {
        inline(job);
    }
    POOL.with_borrow(|p| !p.wanted.iter().flatten().any(|(w, _)| *w == id))
}

/// Starts the worker, once, after the diagnosis module has loaded.
pub fn start() {
    POOL.with_borrow_mut(Pool::start);
}

/// The diagnosis module is here (or will never be): runs what waited for it.
pub fn diag_ready() {
    let jobs = POOL.with_borrow_mut(|p| {
        let waiting = std::mem::take(&mut p.waiting);
        let mut inline_jobs = Vec::new();
        for job in waiting {
            if job.text.len() > INLINE_BYTES && !p.unavailable {
                inline_jobs.extend(p.submit(job));
            } else {
                inline_jobs.push(job);
            }
        }
        inline_jobs
    });
    for job in jobs {
        inline(job);
    }
}

/// Forgets the pending request of `task`: its answer, if one comes, is
/// dropped, and a long job for it is abandoned.
pub fn cancel(task: Task) {
    let jobs = POOL.with_borrow_mut(|p| {
        p.wanted[task.index()] = None;
        p.forget(task)
    });
    for job in jobs {
        inline(job);
    }
}

impl Pool {
    /// Drops the queued job of `task`, and abandons the worker's job of
    /// `task` if it has run long enough to be worth a restart. Returns the
    /// jobs to run inline if the worker could not be restarted.
    fn forget(&mut self, task: Task) -> Vec<Job> {
        let Some(live) = self.live.as_mut() else { return Vec::new() };
        live.queued.retain(|j| j.task() != task);
        let stale = live.busy.as_ref().is_some_and(|(j, since)| j.task() == task && js_sys::Date::now() - since >= ABANDON_AFTER_MS);
        if stale {
            self.restart()
        } else {
            Vec::new()
        }
    }

    /// Hands the job to the worker (starting it if need be), or gives it
    /// back when there is no worker to take it.
    fn submit(&mut self, job: Job) -> Option<Job> {
        self.start();
        let Some(live) = self.live.as_mut() else { return Some(job) };
        live.queued.push(job);
        if live.ready && live.busy.is_none() {
            live.send_queued();
        }
        None
    }

    fn start(&mut self) {
        if self.live.is_some() || self.unavailable {
            return;
        }
        // The worker runs the diagnosis module: not before it has loaded.
        if !crate::diag::ready() && !crate::diag::failed() {
            return;
        }
        match self.spawn() {
            Ok(live) => self.live = Some(live),
            Err(_) => self.unavailable = true,
        }
    }

    /// Terminates the worker in the middle of its job and makes a new one,
    /// which takes over the queue. Gives the queue back when that fails.
    fn restart(&mut self) -> Vec<Job> {
        let queued = self.live.as_mut().map(|l| std::mem::take(&mut l.queued)).unwrap_or_default();
        self.stop();
        match self.spawn() {
            Ok(mut live) => {
                live.queued = queued;
                self.live = Some(live);
                Vec::new()
            }
            Err(_) => {
                self.unavailable = true;
                queued
            }
        }
    }

    fn spawn(&mut self) -> Result<Live, JsValue> {
        // The diagnosis module's glue and compiled module. The single-file
        // page imports its glue from a data: URL; a worker could not import
        // that from its own origin.
        let (glue, module) = crate::diag::for_worker().ok_or(JsValue::NULL)?;
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
        Reflect::set(&init, &"module".into(), &module)?;
        if let Some(bundle) = crate::content::bundle_text() {
            Reflect::set(&init, &"bundle".into(), &(*bundle).into())?;
        }
        // The content packs loaded so far; later ones follow before the job
        // that needs them (Live::send_queued).
        let packs = crate::content::packs_since(0);
        Reflect::set(&init, &"packs".into(), &packs_array(&packs))?;
        let message = Object::new();
        Reflect::set(&message, &"init".into(), &init)?;
        worker.post_message(&message)?;
        let deadline = Some(Timeout::new(READY_WITHIN_MS, on_failure));
        Ok(Live { worker, ready: false, deadline, busy: None, queued: Vec::new(), packs_sent: packs.len(), _on_message: on_message, _on_error: on_error })
    }

    /// Stops the worker (it broke, or its job is stale).
    fn stop(&mut self) {
        if let Some(live) = self.live.take() {
            live.worker.set_onmessage(None);
            live.worker.set_onerror(None);
            live.worker.terminate();
        }
    }
}

impl Live {
    /// Posts the first queued job, if any, which makes the worker busy with it.
    fn send_queued(&mut self) {
        if self.queued.is_empty() {
            return;
        }
        let job = self.queued.remove(0);
        let packs = crate::content::packs_since(self.packs_sent);
        if !packs.is_empty() {
            let message = Object::new();
            let _ = Reflect::set(&message, &"packs".into(), &packs_array(&packs));
            let _ = self.worker.post_message(&message);
            self.packs_sent += packs.len();
        }
        let message = Object::new();
        let set = |k: &str, v: &JsValue| {
            let _ = Reflect::set(&message, &k.into(), v);
        };
        set("id", &job.id.into());
        set("text", &job.text.as_str().into());
        set("lang", &job.lang.code().into());
        if let Input::Share { diagnosis, redactions } = &job.input {
            set("task", &"share".into());
            set("diagnosis", &diagnosis.as_str().into());
            set("redactions", &redactions.iter().map(|r| r.key()).collect::<Vec<_>>().join(",").into());
        }
        let _ = self.worker.post_message(&message);
        self.busy = Some((job, js_sys::Date::now()));
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
    let (Some(id), Some(answer)) = (get("id").and_then(|v| v.as_f64()), get("answer")) else { return };
    let finished = POOL.with_borrow_mut(|p| {
        let live = p.live.as_mut()?;
        let (job, _) = live.busy.take()?;
        live.send_queued();
        Some(job)
    });
    let Some(job) = finished else { return };
    if job.id != id as u32 {
        return;
    }
    let answer = match job.input {
        Input::Diagnose => answer.as_string().and_then(|w| engine::wire::decode(&w)).map(|d| Answer::Diagnosis(Box::new(d))),
        Input::Share { .. } => {
            let parts: Vec<String> = js_sys::Array::from(&answer).iter().filter_map(|v| v.as_string()).collect();
            match <[String; 3]>::try_from(parts) {
                Ok([redacted, payload, report]) => Some(Answer::Shared(Shared { redacted, payload, report })),
                Err(_) => None,
            }
        }
    };
    match answer {
        Some(a) => deliver(job.task(), job.id, a),
        // Not expected (the same build wrote it); the answer is still owed.
        None => inline(job),
    }
}

/// The worker could not start or broke: no more workers on this page, and
/// what it was given is done here.
fn on_failure() {
    let jobs = POOL.with_borrow_mut(|p| {
        let Some(live) = p.live.as_mut() else { return Vec::new() };
        // This may run inside that very timeout: let it finish, not cancel it.
        if let Some(deadline) = live.deadline.take() {
            deadline.forget();
        }
        let jobs: Vec<Job> = live.busy.take().map(|(j, _)| j).into_iter().chain(live.queued.drain(..)).collect();
        p.stop();
        p.unavailable = true;
        jobs
    });
    for job in jobs {
        inline(job);
    }
}

/// Runs `job` here, in the diagnosis module on the page's thread; until the
/// module is here, the job waits for it (one per task, the newest).
fn inline(job: Job) {
    let task = job.task();
    if !POOL.with_borrow(|p| p.wanted[task.index()].as_ref().is_some_and(|(id, _)| *id == job.id)) {
        return;
    }
    if !crate::diag::ready() {
        if !crate::diag::failed() {
            POOL.with_borrow_mut(|p| {
                p.waiting.retain(|j| j.task() != task);
                p.waiting.push(job);
            });
        }
        return;
    }
    let answer = match &job.input {
        Input::Diagnose => crate::diag::diagnose(&job.text, job.lang).map(|d| Answer::Diagnosis(Box::new(d))),
        Input::Share { diagnosis, redactions } => {
            let keys = redactions.iter().map(|r| r.key()).collect::<Vec<_>>().join(",");
            crate::diag::share(&job.text, diagnosis, &keys, job.lang).map(|[redacted, payload, report]| Answer::Shared(Shared { redacted, payload, report }))
        }
    };
    if let Some(answer) = answer {
        deliver(task, job.id, answer);
    }
}

fn deliver(task: Task, id: u32, answer: Answer) {
    let done = POOL.with_borrow_mut(|p| match p.wanted[task.index()].take() {
        Some((wanted, done)) if wanted == id => Some(done),
        other => {
            p.wanted[task.index()] = other;
            None
        }
    });
    if let Some(done) = done {
        done(answer);
    }
}

fn packs_array(packs: &[std::rc::Rc<str>]) -> js_sys::Array {
    packs.iter().map(|p| JsValue::from(&**p)).collect()
}
