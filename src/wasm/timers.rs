//! Timers and abort-signal listeners that clean up after themselves (Node, pages, workers
//! and service workers all have the global `setTimeout`/`clearTimeout`).

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
    #[wasm_bindgen(js_namespace = Date, js_name = now)]
    fn date_now() -> f64;
}

/// Milliseconds since the epoch (for durations).
pub(crate) fn now_ms() -> f64 {
    date_now()
}

/// The largest delay `setTimeout` honours (2^31 - 1 ms).
const MAX_DELAY_MS: f64 = 2_147_483_647.0;

/// The delay given to `setTimeout` for `ms` (longer ones would fire at once).
pub(crate) fn clamp_delay(ms: f64) -> f64 {
    if ms.is_finite() {
        ms.clamp(0.0, MAX_DELAY_MS)
    } else {
        MAX_DELAY_MS
    }
}

/// A pending `setTimeout`; cleared when dropped.
pub(crate) struct Timer {
    id: JsValue,
    _callback: Closure<dyn FnMut()>,
}

impl Timer {
    pub fn start(ms: f64, callback: impl FnMut() + 'static) -> Timer {
        let callback = Closure::<dyn FnMut()>::new(callback);
        let id = set_timeout(callback.as_ref().unchecked_ref(), clamp_delay(ms));
        Timer {
            id,
            _callback: callback,
        }
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        clear_timeout(&self.id);
    }
}

/// An `abort` listener on a signal (added with `{once: true}`); removed when dropped.
pub(crate) struct AbortListener {
    signal: AbortSignal,
    callback: Closure<dyn FnMut()>,
}

impl AbortListener {
    pub fn add(signal: &AbortSignal, callback: impl FnMut() + 'static) -> AbortListener {
        let callback = Closure::<dyn FnMut()>::new(callback);
        let opts = Object::new();
        let _ = Reflect::set(&opts, &"once".into(), &JsValue::TRUE);
        add_listener(signal, callback.as_ref().unchecked_ref(), &opts);
        AbortListener {
            signal: signal.clone(),
            callback,
        }
    }
}

impl Drop for AbortListener {
    fn drop(&mut self) {
        remove_listener(&self.signal, self.callback.as_ref().unchecked_ref());
    }
}

#[wasm_bindgen]
extern "C" {
    // Structural calls, so signals from another realm (or polyfills) work too.
    #[wasm_bindgen(method, js_name = addEventListener)]
    fn add_event_listener_raw(this: &SignalLike, kind: &str, f: &Function, opts: &Object);
    #[wasm_bindgen(method, js_name = removeEventListener)]
    fn remove_event_listener_raw(this: &SignalLike, kind: &str, f: &Function);
    #[wasm_bindgen(extends = Object)]
    type SignalLike;
}

fn add_listener(signal: &AbortSignal, f: &Function, opts: &Object) {
    let s: &SignalLike = signal.unchecked_ref();
    s.add_event_listener_raw("abort", f, opts);
}

fn remove_listener(signal: &AbortSignal, f: &Function) {
    let s: &SignalLike = signal.unchecked_ref();
    s.remove_event_listener_raw("abort", f);
}

/// Whether the signal has fired.
pub(crate) fn is_aborted(signal: &AbortSignal) -> bool {
    Reflect::get(signal, &"aborted".into())
        .map(|v| v.is_truthy())
        .unwrap_or(false)
}

/// The signal's reason (an `AbortError` DOMException when aborted without one).
pub(crate) fn abort_reason(signal: &AbortSignal) -> JsValue {
    let reason = Reflect::get(signal, &"reason".into()).unwrap_or(JsValue::UNDEFINED);
    if reason.is_undefined() {
        make_dom_exception("This operation was aborted", "AbortError")
    } else {
        reason
    }
}

/// A `DOMException` (falls back to a plain `Error` with that name where there is none).
pub(crate) fn make_dom_exception(message: &str, name: &str) -> JsValue {
    match web_sys::DomException::new_with_message_and_name(message, name) {
        Ok(e) => e.into(),
        Err(_) => {
            let e = js_sys::Error::new(message);
            e.set_name(name);
            e.into()
        }
    }
}

/// Waits `ms` milliseconds; rejects at once with the signal's reason if it fires first.
/// The timer and the listener are gone when this returns, whichever way.
pub(crate) async fn sleep(ms: f64, signal: Option<&AbortSignal>) -> Result<(), JsValue> {
    if let Some(s) = signal {
        if is_aborted(s) {
            return Err(abort_reason(s));
        }
    }
    let slots: Rc<RefCell<Option<(Function, Function)>>> = Rc::new(RefCell::new(None));
    let slots_exec = slots.clone();
    let promise = Promise::new(&mut |resolve, reject| {
        *slots_exec.borrow_mut() = Some((resolve, reject));
    });
    let on_time = slots.clone();
    let _timer = Timer::start(ms, move || {
        if let Some((resolve, _)) = on_time.borrow().as_ref() {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        }
    });
    let _listener = signal.map(|s| {
        let on_abort = slots.clone();
        let sig = s.clone();
        AbortListener::add(s, move || {
            if let Some((_, reject)) = on_abort.borrow().as_ref() {
                let _ = reject.call1(&JsValue::UNDEFINED, &abort_reason(&sig));
            }
        })
    });
    JsFuture::from(promise).await.map(|_| ())
}
