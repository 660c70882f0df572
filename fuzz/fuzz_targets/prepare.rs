//! Request building from arbitrary JSON input: the first byte picks the operation (of either
//! API version: the registry of v1beta1, then v1's), the second the mode. Mode "text": the rest is parsed as JSON text. Mode "tree": the rest drives a
//! generator of JSON trees whose keys and strings come mostly from the operation's own
//! parameter and field names and enum values, so the fuzzer reaches deep into validation.
//! `prepare` must never panic, be deterministic, and on success produce a URL under the base
//! URL made of safe ASCII and a body that is valid JSON.
#![no_main]

use astro_platform_client::operations::{prepare, OperationSpec, RequestContext};
use astro_platform_client::schema::{Object, Type};
use astro_platform_client::{v1, v1beta1};
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Number, Value};

const BASE: &str = "https://api.example.test/api";

struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn byte(&mut self) -> u8 {
        match self.0.split_first() {
            Some((b, rest)) => {
                self.0 = rest;
                *b
            }
            None => 0,
        }
    }
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Field names, enum values and the like of one operation.
#[derive(Default)]
struct Vocabulary {
    keys: Vec<&'static str>,
    words: Vec<&'static str>,
}

fn collect_object(object: &Object, vocab: &mut Vocabulary, depth: u32) {
    for field in object.fields {
        vocab.keys.push(field.name);
        collect(&field.ty, vocab, depth + 1);
    }
}

fn collect(ty: &Type, vocab: &mut Vocabulary, depth: u32) {
    if depth > 8 {
        return;
    }
    match ty {
        Type::Enum(e) => {
            vocab.words.extend(e.values.iter());
            vocab.words.extend(e.later_values.iter());
        }
        Type::Array(array) => collect(&array.items, vocab, depth + 1),
        Type::Map(item) => collect(item, vocab, depth + 1),
        Type::Object(object) => collect_object(object, vocab, depth),
        Type::Union(union) => {
            vocab.keys.push(union.selector);
            for variant in union.variants {
                vocab.words.push(variant.value);
                collect_object(variant.object, vocab, depth);
            }
        }
        Type::String
        | Type::Text(_)
        | Type::Integer(_)
        | Type::Number
        | Type::Boolean
        | Type::Any => {}
    }
}

fn text(bytes: &mut Bytes, vocab: &Vocabulary) -> String {
    let choice = bytes.byte();
    match choice % 8 {
        0..=2 if !vocab.words.is_empty() => {
            vocab.words[usize::from(bytes.byte()) % vocab.words.len()].to_owned()
        }
        3 => ["", ".", "..", "%2e%2E", "a/b", "a?b#c", "é", "\u{0}", " x "]
            [usize::from(bytes.byte()) % 9]
            .to_owned(),
        4 => "x".repeat(usize::from(bytes.byte()) * 4),
        _ => {
            let len = usize::from(bytes.byte() % 24);
            let raw: Vec<u8> = (0..len).map(|_| bytes.byte()).collect();
            String::from_utf8_lossy(&raw).into_owned()
        }
    }
}

fn number(bytes: &mut Bytes) -> Value {
    let interesting: [f64; 12] = [
        0.0, 1.0, -1.0, 5.0, 24.0, 25.0, 1000.0, 1001.0, 0.5, 1e300, -0.0, 4.0,
    ];
    match bytes.byte() % 4 {
        0 => Value::from(i64::from(bytes.byte() as i8)),
        1 => Number::from_f64(interesting[usize::from(bytes.byte()) % interesting.len()])
            .map_or(Value::Null, Value::Number),
        2 => Value::from(i64::from_le_bytes([
            bytes.byte(),
            bytes.byte(),
            bytes.byte(),
            bytes.byte(),
            bytes.byte(),
            bytes.byte(),
            bytes.byte(),
            bytes.byte(),
        ])),
        _ => Value::from(u64::MAX - u64::from(bytes.byte())),
    }
}

fn tree(bytes: &mut Bytes, vocab: &Vocabulary, depth: u32) -> Value {
    if bytes.is_empty() {
        return Value::Null;
    }
    let choice = bytes.byte() % 9;
    match choice {
        0 => Value::Null,
        1 => Value::Bool(bytes.byte() & 1 == 1),
        2 => number(bytes),
        3 | 4 => Value::String(text(bytes, vocab)),
        5 | 6 if depth < 10 => {
            let len = usize::from(bytes.byte() % 6);
            Value::Array((0..len).map(|_| tree(bytes, vocab, depth + 1)).collect())
        }
        _ if depth < 10 => Value::Object(object(bytes, vocab, depth + 1)),
        _ => Value::Null,
    }
}

fn object(bytes: &mut Bytes, vocab: &Vocabulary, depth: u32) -> Map<String, Value> {
    let len = usize::from(bytes.byte() % 12);
    let mut map = Map::new();
    for _ in 0..len {
        let key_choice = bytes.byte();
        let key = if key_choice < 224 && !vocab.keys.is_empty() {
            vocab.keys[usize::from(key_choice) % vocab.keys.len()].to_owned()
        } else {
            text(bytes, vocab)
        };
        map.insert(key, tree(bytes, vocab, depth));
    }
    map
}

fn safe_url(url: &str) -> bool {
    url.bytes().all(|b| b.is_ascii_graphic()) && !url.contains('#')
}

/// The operation `byte` picks among v1beta1's, then v1's (without building their list for
/// every input).
fn pick(byte: u8) -> &'static OperationSpec {
    let (older, newer) = (v1beta1::Operation::ALL, v1::Operation::ALL);
    let i = usize::from(byte) % (older.len() + newer.len());
    match older.get(i) {
        Some(op) => op.spec(),
        None => newer[i - older.len()].spec(),
    }
}

fuzz_target!(|data: &[u8]| {
    let [op_byte, mode, rest @ ..] = data else {
        return;
    };
    let op = pick(*op_byte);
    let mut vocab = Vocabulary::default();
    vocab.keys.extend(op.path_params());
    for param in op.query.iter().chain(op.headers) {
        vocab.keys.push(param.name);
        collect(&param.ty, &mut vocab, 0);
    }
    if let Some(body) = &op.body {
        collect(&body.ty, &mut vocab, 0);
    }
    let input = if mode & 1 == 0 {
        match serde_json::from_slice::<Value>(rest) {
            Ok(value) => value,
            Err(_) => return,
        }
    } else {
        let mut bytes = Bytes(rest);
        if mode & 2 == 0 {
            Value::Object(object(&mut bytes, &vocab, 0))
        } else {
            tree(&mut bytes, &vocab, 0)
        }
    };
    let default_org = (mode & 4 == 0).then_some("org-default");
    let ctx = RequestContext {
        base_url: BASE,
        default_organization_id: default_org,
    };

    let first = prepare(op, input.clone(), &ctx);
    let second = prepare(op, input, &ctx);
    assert_eq!(first, second, "prepare is not deterministic");
    match first {
        Ok(request) => {
            assert_eq!(request.method, op.method);
            assert!(
                request.url.starts_with(&format!("{BASE}/")),
                "{}",
                request.url
            );
            assert!(safe_url(&request.url), "unsafe URL {:?}", request.url);
            if let Some(body) = &request.body {
                assert!(op.body.is_some());
                assert!(
                    serde_json::from_str::<Value>(body).is_ok(),
                    "invalid body {body}"
                );
            }
            for (name, value) in &request.headers {
                assert!(!name.is_empty());
                assert!(!value.contains('\n') && !value.contains('\r'));
            }
        }
        Err(error) => {
            assert!(!error.issues.is_empty());
            assert_eq!(error.operation, Some(op.name));
            for issue in &error.issues {
                assert!(!issue.message.is_empty());
            }
            let _ = error.to_string();
        }
    }
});
