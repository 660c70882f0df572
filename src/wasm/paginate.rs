//! `paginate` (an async iterator over items, `.pages()` over pages) and `listAll`.
//! One page is fetched only when the consumer asks for an item past the buffered page.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use js_sys::{Object, Promise, Reflect};
use serde_json::{Map, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::pagination::PageCursor;
use crate::registry::OperationSpec;

use super::api;
use super::call::{execute_value, input_to_json, Success};
use super::errors::{ClientError, IssueData};
use super::options::{CallOptions, Config};
use super::timers::{abort_reason, is_aborted};

#[wasm_bindgen(module = "/js/paginator.js")]
extern "C" {
    #[wasm_bindgen(js_name = markAsyncIterable)]
    fn mark_async_iterable(paginator: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = failedIterator)]
    pub(crate) fn failed_iterator(error: JsValue) -> JsValue;
}

fn not_a_list(op: &OperationSpec) -> ClientError {
    let lists: Vec<&str> = api::API
        .operations
        .iter()
        .filter(|o| o.is_list())
        .map(|o| o.name)
        .collect();
    ClientError::validation(
        Some(op.name),
        IssueData::new(
            "operation",
            "enum",
            format!(
                "{} is not a list operation (use one of {})",
                op.name,
                lists.join(", ")
            ),
        ),
    )
}

fn as_u64(v: Option<&Value>) -> Option<u64> {
    v.and_then(Value::as_u64)
}

/// Everything a listing needs, shared by the item and page iterators.
pub(crate) struct Listing {
    config: Rc<Config>,
    op: &'static OperationSpec,
    key: &'static str,
    input: Map<String, Value>,
    call: Rc<CallOptions>,
}

/// One fetched page: the page object as JS, its items, and whether the listing is over.
struct Page {
    page: JsValue,
    items: Vec<JsValue>,
    done: bool,
}

impl Listing {
    pub fn new(
        config: Rc<Config>,
        op: &'static OperationSpec,
        input: &JsValue,
        call: CallOptions,
    ) -> Result<Listing, ClientError> {
        let key = op.list_items.ok_or_else(|| not_a_list(op))?;
        let input = match input_to_json(Some(op.name), input)? {
            Value::Object(m) => m,
            _ => Map::new(),
        };
        Ok(Listing {
            config,
            op,
            key,
            input,
            call: Rc::new(call),
        })
    }

    pub fn cursor(&self) -> Result<PageCursor, ClientError> {
        let offset = as_u64(self.input.get("offset")).unwrap_or(0);
        let limit = as_u64(self.input.get("limit"));
        PageCursor::new(offset, limit).map_err(|e| {
            ClientError::validation(
                Some(self.op.name),
                IssueData::new("limit", "minimum", e.to_string()),
            )
        })
    }

    /// Fetches the next page the cursor asks for (None when the listing is finished).
    async fn fetch(&self, cursor: &mut PageCursor) -> Result<Option<Page>, ClientError> {
        let Some((offset, limit)) = cursor.next_request() else {
            return Ok(None);
        };
        if let Some(signal) = &self.call.signal {
            if is_aborted(signal) {
                cursor.finish();
                return Err(ClientError::Aborted(abort_reason(signal)));
            }
        }
        let mut input = self.input.clone();
        input.insert("offset".into(), Value::from(offset));
        input.insert("limit".into(), Value::from(limit));
        let page =
            match execute_value(&self.config, self.op, Value::Object(input), &self.call).await {
                Ok(Success::Value(v)) => v,
                Ok(Success::NoContent) => JsValue::UNDEFINED,
                Err(e) => {
                    cursor.finish();
                    return Err(e);
                }
            };
        let items: Vec<JsValue> = Reflect::get(&page, &JsValue::from_str(self.key))
            .ok()
            .filter(js_sys::Array::is_array)
            .map(|v| js_sys::Array::from(&v).iter().collect())
            .unwrap_or_default();
        let number = |k: &str| -> Option<u64> {
            let v = Reflect::get(&page, &JsValue::from_str(k)).ok()?.as_f64()?;
            (v.is_finite() && v >= 0.0).then_some(v as u64)
        };
        if let Some(echoed) = number("offset") {
            cursor
                .check_echoed_offset(echoed)
                .map_err(|e| ClientError::Decode {
                    operation: self.op.name.to_owned(),
                    status: 200,
                    message: format!("{}: {e}", self.op.name),
                })?;
        }
        let outcome = cursor.record_page(items.len() as u64, number("totalCount"));
        let keep = usize::try_from(outcome.keep).unwrap_or(usize::MAX);
        let items = items.into_iter().take(keep).collect();
        Ok(Some(Page {
            page,
            items,
            done: outcome.done,
        }))
    }
}

struct PagerState {
    listing: Rc<Listing>,
    cursor: PageCursor,
    buffer: VecDeque<JsValue>,
    done: bool,
}

/// Async iterator over the items (or, from `.pages()`, the pages) of a listing.
/// `[Symbol.asyncIterator]` is installed by `js/paginator.js`.
#[wasm_bindgen(skip_typescript)]
pub struct Paginator {
    state: Rc<RefCell<PagerState>>,
    pages_mode: bool,
    /// The previous `next()`, so calls made without awaiting run one after another.
    tail: RefCell<Option<Promise>>,
}

fn iter_result(value: JsValue, done: bool) -> JsValue {
    let o = Object::new();
    let _ = Reflect::set(&o, &"value".into(), &value);
    let _ = Reflect::set(&o, &"done".into(), &JsValue::from_bool(done));
    o.into()
}

impl Paginator {
    pub(crate) fn create(listing: Listing, pages_mode: bool) -> Result<JsValue, ClientError> {
        let cursor = listing.cursor()?;
        let state = PagerState {
            listing: Rc::new(listing),
            cursor,
            buffer: VecDeque::new(),
            done: false,
        };
        let paginator = Paginator {
            state: Rc::new(RefCell::new(state)),
            pages_mode,
            tail: RefCell::new(None),
        };
        Ok(mark_async_iterable(&JsValue::from(paginator)))
    }
}

async fn advance(state: Rc<RefCell<PagerState>>, pages_mode: bool) -> Result<JsValue, ClientError> {
    loop {
        let (listing, mut cursor) = {
            let mut s = state.borrow_mut();
            if let Some(item) = s.buffer.pop_front() {
                return Ok(iter_result(item, false));
            }
            if s.done {
                return Ok(iter_result(JsValue::UNDEFINED, true));
            }
            (s.listing.clone(), s.cursor.clone())
        };
        let fetched = listing.fetch(&mut cursor).await;
        let mut s = state.borrow_mut();
        // `return()` may have been called while the page was loading.
        if s.done {
            return Ok(iter_result(JsValue::UNDEFINED, true));
        }
        s.cursor = cursor;
        match fetched {
            Err(e) => {
                s.done = true;
                return Err(e);
            }
            Ok(None) => {
                s.done = true;
                return Ok(iter_result(JsValue::UNDEFINED, true));
            }
            Ok(Some(page)) => {
                s.done = page.done;
                if pages_mode {
                    return Ok(iter_result(page.page, false));
                }
                s.buffer.extend(page.items);
            }
        }
    }
}

#[wasm_bindgen]
impl Paginator {
    /// The next item (or page): `Promise<{value, done}>`.
    pub fn next(&self) -> Promise {
        let state = self.state.clone();
        let pages_mode = self.pages_mode;
        let previous = self.tail.borrow_mut().take();
        let promise = super::to_promise(async move {
            if let Some(p) = previous {
                let _ = JsFuture::from(p).await;
            }
            advance(state, pages_mode)
                .await
                .map_err(ClientError::into_js)
        });
        *self.tail.borrow_mut() = Some(promise.clone());
        promise
    }

    /// Stops the iteration (what `break` in `for await` calls); no further page is fetched.
    #[wasm_bindgen(js_name = "return")]
    pub fn finish(&self) -> Promise {
        let mut s = self.state.borrow_mut();
        s.done = true;
        s.buffer.clear();
        s.cursor.finish();
        Promise::resolve(&iter_result(JsValue::UNDEFINED, true))
    }

    /// A fresh iterator over whole pages of the same listing.
    pub fn pages(&self) -> Result<JsValue, JsValue> {
        let listing = self.state.borrow().listing.clone();
        let cursor = listing.cursor().map_err(ClientError::into_js)?;
        let state = PagerState {
            listing,
            cursor,
            buffer: VecDeque::new(),
            done: false,
        };
        let paginator = Paginator {
            state: Rc::new(RefCell::new(state)),
            pages_mode: true,
            tail: RefCell::new(None),
        };
        Ok(mark_async_iterable(&JsValue::from(paginator)))
    }
}

/// `listAll`: every item, up to the required `maxItems`.
pub(crate) async fn list_all(
    config: Rc<Config>,
    op: &'static OperationSpec,
    input: JsValue,
    options: JsValue,
) -> Result<JsValue, ClientError> {
    let max = Reflect::get(&options, &"maxItems".into()).unwrap_or(JsValue::UNDEFINED);
    let max_items = match max.as_f64() {
        Some(n) if n.is_finite() && n >= 0.0 && n.fract() == 0.0 => n as u64,
        Some(_) => {
            return Err(ClientError::validation(
                Some(op.name),
                IssueData::new(
                    "options.maxItems",
                    "minimum",
                    "maxItems must be a whole number >= 0",
                ),
            ))
        }
        None => {
            return Err(ClientError::validation(
                Some(op.name),
                IssueData::new(
                    "options.maxItems",
                    "required",
                    "listAll needs options.maxItems (a cap on the items collected)",
                ),
            ))
        }
    };
    let call = CallOptions::from_js(&options)?;
    let listing = Listing::new(config, op, &input, call)?;
    let mut cursor = listing.cursor()?.with_max_items(max_items);
    let out = js_sys::Array::new();
    while let Some(page) = listing.fetch(&mut cursor).await? {
        for item in page.items {
            out.push(&item);
        }
        if page.done {
            break;
        }
    }
    Ok(out.into())
}
