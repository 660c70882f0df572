//! The generated models read every body the generated tables accept: `decode_response` (the
//! table walk, then the typed read) succeeds exactly where `check_response_bytes` (the walk
//! alone, as js/check.js does it) does, with the same errors, on every response fixture and
//! thousands of malformed variants of each. Both are generated from the contract; this holds
//! the two outputs of the generator to each other (a model field the tables do not describe,
//! or a type they describe differently, fails here).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use astro_platform_client::decoding::{check_response_bytes, decode_response, Checked, Response};
use astro_platform_client::operations::Operation;
use serde_json::{json, Value};

fn sample(op: Operation) -> Value {
    let path = format!(
        "{}/tests/fixtures/responses/{}.json",
        env!("CARGO_MANIFEST_DIR"),
        op.name()
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Both ways agree on `body`; returns whether it was accepted.
fn agree(op: Operation, body: &str) -> bool {
    let checked = check_response_bytes(op, 200, Some("application/json"), body.as_bytes());
    let decoded = decode_response(op, 200, Some("application/json"), body);
    match (&checked, &decoded) {
        (Ok(Checked::Json), Ok(r)) => {
            assert_ne!(*r, Response::NoContent);
            true
        }
        (Err(a), Err(b)) => {
            assert_eq!(a, b, "{}: {body}", op.name());
            false
        }
        _ => panic!(
            "{}: check and decode disagree on {body}: {checked:?} vs {decoded:?}",
            op.name()
        ),
    }
}

/// Every JSON pointer of `v` (objects and arrays included), root first.
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(o) => {
            for (k, x) in o {
                pointers(
                    x,
                    format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                pointers(x, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

#[test]
fn the_table_walk_agrees_with_the_typed_decode() {
    let replacements = [
        json!("a string"),
        json!(""),
        json!("CREATED"),
        json!(7),
        json!(-1),
        json!(2.5),
        json!(1e300),
        json!(true),
        Value::Null,
        json!([]),
        json!(["x", 1]),
        json!({}),
        json!({"id": "x"}),
    ];
    let (mut accepted, mut rejected) = (0, 0);
    for op in Operation::ALL {
        if op.name().starts_with("delete") {
            continue;
        }
        let base = sample(op);
        assert!(agree(op, &base.to_string()), "{} fixture", op.name());
        let mut ptrs = Vec::new();
        pointers(&base, String::new(), &mut ptrs);
        for ptr in &ptrs {
            // Every value replaced by every JSON type.
            for r in &replacements {
                let mut v = base.clone();
                *v.pointer_mut(ptr).unwrap() = r.clone();
                if agree(op, &v.to_string()) {
                    accepted += 1;
                } else {
                    rejected += 1;
                }
            }
            // Every field removed, an unknown field added.
            if let Some((parent, key)) = ptr.rsplit_once('/') {
                let mut v = base.clone();
                if let Some(Value::Object(o)) = v.pointer_mut(parent) {
                    o.remove(key);
                    o.insert("unknownField".into(), json!({"deep": [[["x"]]]}));
                    agree(op, &v.to_string());
                }
            }
        }
        // Truncations, trailing garbage, a duplicate key.
        let text = base.to_string();
        for cut in (0..text.len()).step_by(7) {
            if text.is_char_boundary(cut) && !text[..cut].trim().is_empty() {
                agree(op, &text[..cut]);
            }
        }
        agree(op, &format!("{text} x"));
        agree(op, &format!("{text}\n\t "));
        // A duplicate key: the last value wins, as with `JSON.parse`.
        if let Some(rest) = text.strip_prefix('{') {
            let first_key = rest.split('"').nth(1).unwrap();
            assert!(agree(op, &format!("{{\"{first_key}\":\"dup\",{rest}")));
        }
    }
    // A deep value in an unknown field of a nested object is found by both.
    let mut text = sample(Operation::ListDeployments).to_string();
    let at = text.find("\"workerQueues\":[{").unwrap() + "\"workerQueues\":[{".len();
    text.insert_str(
        at,
        &format!("\"x\":{}{},", "[".repeat(200), "]".repeat(200)),
    );
    assert!(!agree(Operation::ListDeployments, &text));
    let e =
        check_response_bytes(Operation::ListDeployments, 200, None, text.as_bytes()).unwrap_err();
    assert!(
        e.to_string()
            .contains("nested deeper than 128 levels at byte"),
        "{e}"
    );
    // Both outcomes were exercised many times.
    assert!(accepted > 500 && rejected > 2000, "{accepted} / {rejected}");
}
