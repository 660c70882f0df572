//! Every response decoder: the first byte picks the operation, the next bytes the status and
//! the content type, the rest is the body. `check_response` and `decode_response` must agree,
//! never panic, and only accept bodies that are valid JSON (the wasm layer hands an accepted
//! body to `JSON.parse`).
#![no_main]

use astro_platform_client::decoding::{
    check_response, check_response_bytes, decode_response, Checked, Response, ResponseError,
};
use astro_platform_client::operations::Operation;
use libfuzzer_sys::fuzz_target;

const STATUSES: [u16; 16] = [
    200, 201, 204, 299, 300, 304, 400, 401, 403, 404, 412, 429, 500, 502, 503, 504,
];
const CONTENT_TYPES: [Option<&str>; 6] = [
    None,
    Some("application/json"),
    Some("application/json; charset=utf-8"),
    Some("text/html"),
    Some("application/problem+json"),
    Some(""),
];

fuzz_target!(|data: &[u8]| {
    let [op_byte, status_byte, status_low, ct_byte, body @ ..] = data else {
        return;
    };
    let op = Operation::ALL[usize::from(*op_byte) % Operation::ALL.len()];
    let status = if status_byte & 0x80 == 0 {
        STATUSES[usize::from(*status_byte) % STATUSES.len()]
    } else {
        u16::from_be_bytes([status_byte & 0x7f, *status_low])
    };
    let content_type = CONTENT_TYPES[usize::from(*ct_byte) % CONTENT_TYPES.len()];
    // The raw bytes (what the wasm transport reads): never a panic; a 2xx that is not UTF-8 is
    // a decode error, and a valid-UTF-8 body gets the same answer as the text entry point.
    let raw = check_response_bytes(op, status, content_type, body);
    match std::str::from_utf8(body) {
        Ok(text) => assert_eq!(raw, check_response(op, status, content_type, text)),
        Err(_) if (200..300).contains(&status) && !op.name().starts_with("delete") => {
            assert!(matches!(raw, Err(ResponseError::Decode(_))), "{raw:?}");
        }
        Err(_) => {}
    }
    let body = String::from_utf8_lossy(body);

    let checked = check_response(op, status, content_type, &body);
    let decoded = decode_response(op, status, content_type, body.as_bytes());
    match (&checked, &decoded) {
        (Ok(Checked::NoContent), Ok(Response::NoContent)) => {
            assert!((200..300).contains(&status));
        }
        (Ok(Checked::Json), Ok(response)) => {
            assert!((200..300).contains(&status));
            assert!(!matches!(response, Response::NoContent));
            // What is accepted is JSON, so JSON.parse in the wasm layer cannot fail.
            assert!(serde_json::from_str::<serde_json::Value>(&body).is_ok());
            // The typed value serializes.
            assert!(serde_json::to_string(response).is_ok());
        }
        (Err(a), Err(b)) => {
            assert_eq!(a, b);
            match a {
                ResponseError::Api(e) => {
                    assert!(!(200..300).contains(&status));
                    assert_eq!(e.status, status);
                    assert_eq!(e.body, *body);
                    assert_eq!(e.operation, op.name());
                    assert!(!e.message.is_empty());
                }
                ResponseError::Decode(e) => {
                    assert!((200..300).contains(&status));
                    assert_eq!(e.status, status);
                    assert!(!e.message.is_empty());
                }
            }
        }
        _ => panic!("check_response and decode_response disagree: {checked:?} vs {decoded:?}"),
    }
});
