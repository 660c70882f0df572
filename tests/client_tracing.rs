//! The native client's tracing: an `astro.call` span per call and an `astro.attempt` span per
//! attempt with operation, method, attempt, status and duration, and no token anywhere.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod client_support;

use std::collections::BTreeMap;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use astro_platform_client::client::CallOptions;
use astro_platform_client::v1beta1::inputs::{GetDeploymentInput, ListWorkspacesInput};
use client_support::{emulator, TOKEN};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// A span as recorded: its name and fields (values as text).
#[derive(Debug, Clone, Default)]
struct SpanData {
    name: String,
    fields: BTreeMap<String, String>,
}

/// A subscriber that keeps every span and event, to look at afterwards.
#[derive(Default)]
struct Capture {
    next: AtomicU64,
    spans: Mutex<BTreeMap<u64, SpanData>>,
    events: Mutex<Vec<BTreeMap<String, String>>>,
}

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
}

/// The subscriber installed for the test; the test keeps another handle to read the capture.
struct Handle(Arc<Capture>);

impl Subscriber for Handle {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, attrs: &Attributes<'_>) -> Id {
        let id = self.0.next.fetch_add(1, Ordering::SeqCst) + 1;
        let mut data = SpanData {
            name: attrs.metadata().name().to_owned(),
            fields: BTreeMap::new(),
        };
        attrs.record(&mut Fields(&mut data.fields));
        self.0.spans.lock().unwrap().insert(id, data);
        Id::from_u64(id)
    }
    fn record(&self, span: &Id, values: &Record<'_>) {
        if let Some(data) = self.0.spans.lock().unwrap().get_mut(&span.into_u64()) {
            values.record(&mut Fields(&mut data.fields));
        }
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut fields = BTreeMap::new();
        event.record(&mut Fields(&mut fields));
        self.0.events.lock().unwrap().push(fields);
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

impl Capture {
    fn spans_named(&self, name: &str) -> Vec<BTreeMap<String, String>> {
        self.spans
            .lock()
            .unwrap()
            .values()
            .filter(|s| s.name == name)
            .map(|s| s.fields.clone())
            .collect()
    }

    /// Every recorded value, of spans and events.
    fn all_text(&self) -> String {
        let spans = self.spans.lock().unwrap();
        let events = self.events.lock().unwrap();
        format!("{:?} {:?}", spans.values().collect::<Vec<_>>(), *events)
    }
}

fn field<'a>(fields: &'a BTreeMap<String, String>, name: &str) -> &'a str {
    fields.get(name).map(String::as_str).unwrap_or("")
}

#[tokio::test]
async fn calls_and_attempts_are_spans_without_the_token() {
    let emu = emulator(300).await;
    let astro = emu.v1beta1_client();
    let capture = Arc::new(Capture::default());
    let _guard = tracing::subscriber::set_default(Handle(capture.clone()));

    let flaky = CallOptions::new().header("x-emulator-fault", "status=503; times=1; key=traced");
    astro
        .send_with(&ListWorkspacesInput::default(), &flaky)
        .await
        .unwrap();
    let missing = GetDeploymentInput {
        organization_id: None,
        deployment_id: "clnope".into(),
    };
    astro.get_deployment(missing).await.unwrap_err();

    let calls = capture.spans_named("astro.call");
    assert_eq!(calls.len(), 2);
    let (list, get) = (&calls[0], &calls[1]);
    assert_eq!(field(list, "operation"), "listWorkspaces");
    assert_eq!(field(list, "method"), "GET");
    assert_eq!(field(list, "status"), "200");
    assert_eq!(field(list, "attempts"), "2");
    assert!(
        field(list, "duration_ms").parse::<u64>().is_ok(),
        "{list:?}"
    );
    assert_eq!(
        (
            field(get, "operation"),
            field(get, "status"),
            field(get, "attempts")
        ),
        ("getDeployment", "404", "1")
    );

    let attempts = capture.spans_named("astro.attempt");
    let seen: Vec<(&str, &str, &str)> = attempts
        .iter()
        .map(|a| {
            (
                field(a, "operation"),
                field(a, "attempt"),
                field(a, "status"),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("listWorkspaces", "1", "503"),
            ("listWorkspaces", "2", "200"),
            ("getDeployment", "1", "404")
        ]
    );
    assert!(attempts.iter().all(|a| a.contains_key("duration_ms")));

    let everything = capture.all_text();
    assert!(everything.contains("retrying"), "a retry event");
    assert!(
        !everything.contains(TOKEN),
        "the token never appears: {everything}"
    );
}
