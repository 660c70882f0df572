//! `decoding::api_error`: the API's error object gives its `message`, `requestId` and
//! `fieldErrors`; anything else gives a message that says what came back. Table cases for each
//! outcome, then properties over generated object texts (repeated keys, `null`s, other value
//! types, escaped keys, broken JSON): never a panic, a non-empty message, the raw body kept, and
//! the outcome a plain reading into a JSON value predicts (a repeated key: the last one counts).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use astro_platform_client::decoding::{api_error, FieldError};
use astro_platform_client::operations::Operation;
use proptest::prelude::*;
use serde_json::Value;

const OP: Operation = Operation::GetDeployment;

#[test]
fn the_api_error_object_and_everything_else() {
    let e = api_error(
        OP,
        404,
        Some("application/json"),
        r#"{"message":"Deployment not found","requestId":"r-1","statusCode":404}"#,
    );
    assert_eq!(
        (e.message.as_str(), e.request_id.as_deref()),
        ("Deployment not found", Some("r-1"))
    );
    assert!(e.field_errors.is_empty());
    assert_eq!(
        e.to_string(),
        "getDeployment failed with HTTP 404: Deployment not found (request id r-1)"
    );

    let e = api_error(
        OP,
        400,
        None,
        r#"{"message":"bad","requestId":"r-2","statusCode":400,"fieldErrors":[{"code":"REQUIRED","field":"name","message":"name is required"},{"field":"x"},"junk",7]}"#,
    );
    assert_eq!(
        e.field_errors,
        [
            FieldError {
                code: "REQUIRED".into(),
                field: "name".into(),
                message: "name is required".into()
            },
            FieldError {
                code: String::new(),
                field: "x".into(),
                message: String::new()
            },
        ]
    );

    // A repeated key of the error object: not the API's error object.
    // A repeated key counts once, the last one (as `JSON.parse` reads it).
    let e = api_error(
        OP,
        500,
        None,
        r#"{"message":"first","mess\u0061ge":"second"}"#,
    );
    assert_eq!(e.message, "second");
    // fieldErrors that is not an array is ignored; the message still counts.
    assert!(
        api_error(OP, 400, None, r#"{"message":"m","fieldErrors":{"a":1}}"#)
            .field_errors
            .is_empty()
    );

    for (body, ct, starts) in [
        ("", None, "HTTP 502 with an empty body"),
        ("  \n", None, "HTTP 502 with an empty body"),
        (
            r#"{"requestId":"r-3"}"#,
            None,
            "HTTP 502 with a JSON body without an error message: ",
        ),
        (
            r#"{"message":"   "}"#,
            None,
            "HTTP 502 with a JSON body without an error message: ",
        ),
        (
            r#"{"message":5}"#,
            None,
            "HTTP 502 with a JSON body without an error message: ",
        ),
        (
            r#"["the message","req-1",400]"#,
            None,
            "HTTP 502 with a JSON body that is not an API error: ",
        ),
        (
            "null",
            None,
            "HTTP 502 with a JSON body that is not an API error: ",
        ),
        (
            "<html>Bad gateway</html>",
            Some("text/html"),
            "HTTP 502 with a text/html body: \"<html>Bad gateway</html>\"",
        ),
        (
            r#"{"message": "cut"#,
            Some("application/json"),
            "HTTP 502 with an invalid JSON body (",
        ),
    ] {
        let e = api_error(OP, 502, ct, body);
        assert!(e.message.starts_with(starts), "{body:?} -> {}", e.message);
        assert_eq!(e.body, body);
    }
    assert_eq!(
        api_error(OP, 502, None, r#"{"requestId":"r-3"}"#)
            .request_id
            .as_deref(),
        Some("r-3")
    );
    assert_eq!(
        api_error(OP, 502, None, r#"["m","r",400]"#).request_id,
        None
    );
}

/// Object texts with the error body's keys (sometimes escaped, repeated or of another type).
fn object_text() -> impl Strategy<Value = String> {
    let key = prop_oneof![
        Just("\"message\"".to_owned()),
        Just("\"requestId\"".to_owned()),
        Just("\"fieldErrors\"".to_owned()),
        Just("\"statusCode\"".to_owned()),
        Just("\"mess\\u0061ge\"".to_owned()),
        "\"[a-z]{1,6}\"".prop_map(|s| s),
    ];
    let value = prop_oneof![
        Just("null".to_owned()),
        Just("\"\"".to_owned()),
        Just("\"  \"".to_owned()),
        "\"[ -~]{0,12}\""
            .prop_map(|s| s.replace(['\\', '"'], ""))
            .prop_map(|s| format!("\"{s}\"")),
        Just("42".to_owned()),
        Just("1.5".to_owned()),
        Just("true".to_owned()),
        Just("[{\"field\":\"f\",\"message\":\"m\"}]".to_owned()),
        Just("{\"nested\":[1,2]}".to_owned()),
    ];
    (proptest::collection::vec((key, value), 0..6), any::<bool>()).prop_map(|(pairs, broken)| {
        let inner: Vec<String> = pairs.into_iter().map(|(k, v)| format!("{k}:{v}")).collect();
        let text = format!("{{{}}}", inner.join(","));
        if broken {
            text[..text.len() - 1].to_owned()
        } else {
            text
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn any_body_gives_an_error_that_says_what_came_back(body in object_text(), status in 400u16..600) {
        let e = api_error(OP, status, Some("application/json"), &body);
        prop_assert_eq!(e.status, status);
        prop_assert_eq!(&e.body, &body);
        prop_assert!(!e.message.trim().is_empty());
        match serde_json::from_str::<Value>(&body) {
            Ok(Value::Object(map)) => match map.get("message").and_then(Value::as_str) {
                Some(m) if !m.trim().is_empty() => prop_assert_eq!(&e.message, m),
                _ => prop_assert!(e.message.contains("without an error message"), "{}", e.message),
            },
            Ok(_) => prop_assert!(e.message.contains("not an API error"), "{}", e.message),
            Err(_) => prop_assert!(e.message.contains("invalid JSON body"), "{}", e.message),
        }
    }
}
