//! The error-body decoder (`decoding::api_error`): any status, content type and body gives an
//! `ApiError` with a message, the raw body kept, and the server's message and request id
//! taken over when the body is the API's error object.
#![no_main]

use astro_platform_client::decoding::api_error;
use astro_platform_client::models::ErrorBody;
use astro_platform_client::operations::Operation;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let [op_byte, status_high, status_low, json_ct, body @ ..] = data else {
        return;
    };
    let op = Operation::ALL[usize::from(*op_byte) % Operation::ALL.len()];
    let status = 400 + u16::from_be_bytes([*status_high, *status_low]) % 200;
    let content_type = (json_ct & 1 == 1).then_some("application/json");
    let body = String::from_utf8_lossy(body);

    let error = api_error(op, status, content_type, &body);
    assert_eq!(error.status, status);
    assert_eq!(error.operation, op.name());
    assert_eq!(error.body, *body);
    assert!(!error.message.trim().is_empty());
    let _ = error.to_string();

    // A well-formed API error body (a JSON object: serde would also read a struct from an
    // array positionally, which is not the API's error body): its message and request id are
    // what the user sees.
    let is_object = body.trim_start().starts_with('{');
    if let Ok(parsed) = serde_json::from_str::<ErrorBody>(&body)
        .map_err(|_| ())
        .and_then(|b| if is_object { Ok(b) } else { Err(()) })
    {
        if !parsed.message.trim().is_empty() {
            assert_eq!(error.message, parsed.message);
            assert_eq!(
                error.request_id.as_deref(),
                Some(parsed.request_id.as_str())
            );
        }
    }
});
