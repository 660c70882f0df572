//! `decoding::api_error` reads the error body with a hand-written reader (no serde
//! `invalid_type`, so no float formatting in the wasm). Differential test against the derived
//! reader it replaced (`#[serde(rename_all = "camelCase")]`, `#[serde(default)]
//! Option<String>` fields): the same message, request id, "no message", "not an API error"
//! and syntax-error outcomes on generated object texts, including repeated keys, `null`s,
//! other value types, escaped keys and broken JSON.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use astro_platform_client::decoding::api_error;
use astro_platform_client::operations::Operation;
use proptest::prelude::*;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DerivedErrorBody {
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    request_id: Option<String>,
}

fn check(body: &str) -> Result<(), TestCaseError> {
    let got = api_error(
        Operation::GetDeployment,
        500,
        Some("application/json"),
        body,
    );
    match serde_json::from_str::<DerivedErrorBody>(body) {
        Ok(DerivedErrorBody {
            message: Some(m),
            request_id,
        }) if !m.trim().is_empty() => {
            prop_assert_eq!(&got.message, &m, "{}", body);
            prop_assert_eq!(&got.request_id, &request_id, "{}", body);
        }
        Ok(DerivedErrorBody { request_id, .. }) => {
            prop_assert!(
                got.message
                    .starts_with("HTTP 500 with a JSON body without an error message: "),
                "{} -> {}",
                body,
                got.message
            );
            prop_assert_eq!(&got.request_id, &request_id, "{}", body);
        }
        Err(e) if e.is_data() => {
            prop_assert!(
                got.message
                    .starts_with("HTTP 500 with a JSON body that is not an API error: "),
                "{} -> {}",
                body,
                got.message
            );
            prop_assert_eq!(&got.request_id, &None, "{}", body);
        }
        Err(e) => {
            prop_assert!(
                got.message
                    .starts_with(&format!("HTTP 500 with an invalid JSON body ({e}): ")),
                "{} -> {}",
                body,
                got.message
            );
            prop_assert_eq!(&got.request_id, &None, "{}", body);
        }
    }
    Ok(())
}

fn key() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "\"message\"",
        "\"requestId\"",
        "\"request_id\"",
        "\"Message\"",
        "\"mess\\u0061ge\"",
        "\"other\"",
        "\"status\"",
    ])
}

fn value() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "\"boom\"",
        "\"req-1\"",
        "\"  \"",
        "\"\"",
        "\"caf\\u00e9 \\n\"",
        "null",
        "1.5",
        "2",
        "-3",
        "1e400",
        "true",
        "[]",
        "[1,\"x\"]",
        "{}",
        "{\"message\":\"inner\"}",
        "\"\\ud800\"",
        "tru",
    ])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4000, ..ProptestConfig::default() })]

    #[test]
    fn hand_reader_agrees_with_the_derived_reader(
        pairs in prop::collection::vec((key(), value()), 0..5),
        tail in prop::sample::select(vec!["", " ", ",", "]", "x", " {}"]),
        close in any::<bool>(),
    ) {
        let fields: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}:{v}")).collect();
        let body = format!("{{{}{}{tail}", fields.join(","), if close { "}" } else { "" });
        check(&body)?;
    }
}

#[test]
fn fixed_error_bodies_agree() {
    for body in [
        r#"{"message":"Deployment not found","requestId":"r-1","statusCode":404}"#,
        r#"{"message":null,"requestId":"r-1"}"#,
        r#"{"message":1.5}"#,
        r#"{"message":"a","message":"b"}"#,
        r#"{"requestId":7,"message":"m"}"#,
        r#"{"message":"m","requestId":null}"#,
        r#"{}"#,
        r#"{"message":"m"} trailing"#,
        r#"{"message":"m""#,
        "{\"message\":\"\\ud800\"}",
    ] {
        check(body).unwrap();
    }
}
