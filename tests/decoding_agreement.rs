//! The validation-only check (`check_response_bytes`, which reads strings without allocating
//! them) accepts and rejects exactly what the typed decode (`decode_response`) does, with the
//! same errors: every response fixture, and thousands of malformed variants of each.
//!
//! Plus, ignored by default, the timings of the checks natively:
//! `cargo test --release --test decoding_agreement -- --ignored --nocapture`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use astro_platform_client::decoding::{
    check_response_bytes, decode_response, depth_limit_exceeded_at, Checked, Response,
};
use astro_platform_client::models::DeploymentsPaginated;
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
fn hollow_check_agrees_with_the_typed_decode() {
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
        if let Some(rest) = text.strip_prefix('{') {
            let first_key = rest.split('"').nth(1).unwrap();
            agree(op, &format!("{{\"{first_key}\":\"dup\",{rest}"));
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

fn deployments_body(n: usize, unknown_field: bool) -> String {
    let mut v = sample(Operation::ListDeployments);
    let mut d = v["deployments"][0].clone();
    if unknown_field {
        d["someNewField"] = json!({"a": [1, 2]});
    }
    v["deployments"] = Value::Array(vec![d; n]);
    v["totalCount"] = json!(n);
    v.to_string()
}

/// Median time per call of `f`, in milliseconds.
fn time(mut f: impl FnMut()) -> f64 {
    let mut runs = Vec::new();
    for _ in 0..31 {
        let t = std::time::Instant::now();
        f();
        runs.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    runs.sort_by(f64::total_cmp);
    runs[runs.len() / 2]
}

#[test]
#[ignore = "timings; run in release with --ignored --nocapture"]
fn timings() {
    for n in [1, 100, 1000] {
        let body = deployments_body(n, false);
        let bytes = body.as_bytes();
        let op = Operation::ListDeployments;
        let typed = time(|| {
            serde_json::from_slice::<DeploymentsPaginated>(bytes).unwrap();
        });
        let ignored = time(|| {
            serde_json::from_slice::<serde::de::IgnoredAny>(bytes).unwrap();
        });
        let depth = time(|| assert_eq!(depth_limit_exceeded_at(bytes), None));
        let utf8 = time(|| {
            std::str::from_utf8(bytes).unwrap();
        });
        let decode = time(|| {
            decode_response(op, 200, None, &body).unwrap();
        });
        let check = time(|| {
            check_response_bytes(op, 200, None, bytes).unwrap();
        });
        let with_unknown = deployments_body(n, true);
        let check_unknown = time(|| {
            check_response_bytes(op, 200, None, with_unknown.as_bytes()).unwrap();
        });
        println!(
            "{n} deployments ({} bytes): typed from_slice {typed:.3} ms, IgnoredAny {ignored:.3} ms, \
             depth scan {depth:.3} ms ({:.1}% of typed), utf8 {utf8:.3} ms, \
             decode_response {decode:.3} ms, check_response_bytes {check:.3} ms ({:.2}x of decode; \
             {check_unknown:.3} ms with an unknown field in every deployment, which needs the depth scan)",
            bytes.len(),
            depth / typed * 100.0,
            check / decode
        );
    }
}
