//! Binary successes (the v1 audit logs: gzipped NDJSON): handed to `js/binary.js`, which wraps
//! the bytes in an `AstroBinaryResponse` (the raw bytes, `text()`, and `records()`, an async
//! iterator of the parsed NDJSON records, gunzipped when needed and bounded by
//! `maxResponseBytes`).

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/binary.js")]
extern "C" {
    #[wasm_bindgen(js_name = binaryResponse)]
    fn binary_response_js(
        operation: &str,
        bytes: &JsValue,
        content_type: &str,
        max_bytes: f64,
    ) -> JsValue;
}

/// The response object a binary success resolves to.
pub(crate) fn binary_response(
    operation: &str,
    bytes: &JsValue,
    content_type: &str,
    max_bytes: f64,
) -> JsValue {
    binary_response_js(operation, bytes, content_type, max_bytes)
}
