//! Response checking and decoding: success rules, API errors of every shape, decode errors
//! with JSON paths, and deep nesting.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use astro_platform_client::decoding::{
    check_response, check_response_bytes, decode_response, ApiError, Checked, DecodeError,
    Response, ResponseError,
};
use astro_platform_client::operations::Operation;
use serde_json::{json, Value};

const JSON: Option<&str> = Some("application/json");

fn api_err(op: Operation, status: u16, ct: Option<&str>, body: &str) -> ApiError {
    match check_response(op, status, ct, body) {
        Err(ResponseError::Api(e)) => {
            // decode_response and check_response_bytes agree with check_response.
            assert_eq!(
                decode_response(op, status, ct, body),
                Err(ResponseError::Api(e.clone()))
            );
            assert_eq!(
                check_response_bytes(op, status, ct, body.as_bytes()),
                Err(ResponseError::Api(e.clone()))
            );
            e
        }
        other => panic!("expected an ApiError, got {other:?}"),
    }
}

/// The error of `check_response` (the table walk, as js/check.js does it), after checking that
/// its bytes twin and the typed decode give the same one.
fn decode_err(op: Operation, status: u16, ct: Option<&str>, body: &str) -> DecodeError {
    match check_response(op, status, ct, body) {
        Err(ResponseError::Decode(e)) => {
            assert_eq!(
                decode_response(op, status, ct, body),
                Err(ResponseError::Decode(e.clone()))
            );
            assert_eq!(
                check_response_bytes(op, status, ct, body.as_bytes()),
                Err(ResponseError::Decode(e.clone()))
            );
            e
        }
        other => panic!("expected a DecodeError, got {other:?}"),
    }
}

fn walk_err(op: Operation, status: u16, ct: Option<&str>, body: &str) -> String {
    decode_err(op, status, ct, body).message
}

fn sample(op: Operation) -> Value {
    let path = format!(
        "{}/tests/fixtures/responses/{}.json",
        env!("CARGO_MANIFEST_DIR"),
        op.name()
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn json_error_body_becomes_api_error_fields() {
    let body = r#"{"message":"Deployment not found","requestId":"req-123","statusCode":404}"#;
    let e = api_err(Operation::GetDeployment, 404, JSON, body);
    assert_eq!(e.operation, "getDeployment");
    assert_eq!(e.status, 404);
    assert_eq!(e.message, "Deployment not found");
    assert_eq!(e.request_id.as_deref(), Some("req-123"));
    assert_eq!(e.body, body);
    assert_eq!(
        e.to_string(),
        "getDeployment failed with HTTP 404: Deployment not found (request id req-123)"
    );
}

#[test]
fn every_status_outside_2xx_is_an_api_error() {
    let body = r#"{"message":"m","requestId":"r","statusCode":400}"#;
    for status in [
        100, 199, 300, 304, 400, 401, 403, 404, 409, 412, 429, 500, 502, 503, 599,
    ] {
        let e = api_err(Operation::ListClusters, status, JSON, body);
        assert_eq!(e.status, status);
        assert_eq!(e.message, "m");
    }
}

#[test]
fn request_id_comes_from_the_body_even_with_extra_fields_and_wrong_content_type() {
    let body =
        r#"{"statusCode":412,"requestId":"abc-9","message":"precondition failed","extra":[1,2]}"#;
    let e = api_err(Operation::UpdateCluster, 412, Some("text/plain"), body);
    assert_eq!(e.request_id.as_deref(), Some("abc-9"));
    assert_eq!(e.message, "precondition failed");
}

#[test]
fn html_502_says_what_came_back() {
    let page = format!(
        "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>{}</body></html>",
        "x".repeat(500)
    );
    let e = api_err(
        Operation::ListDeployments,
        502,
        Some("text/html; charset=utf-8"),
        &page,
    );
    assert!(
        e.message
            .starts_with("HTTP 502 with a text/html body: \"<html>\\n<head><title>502 Bad Gateway"),
        "{}",
        e.message
    );
    assert!(e.message.ends_with("…\""), "{}", e.message);
    // ~200 characters of the body, not all 500+.
    assert!(
        e.message.chars().count() < 260,
        "{}",
        e.message.chars().count()
    );
    assert_eq!(e.request_id, None);
    assert_eq!(e.body, page);
}

#[test]
fn short_non_json_body_is_quoted_whole() {
    let e = api_err(Operation::GetCluster, 503, None, "Service Unavailable");
    assert_eq!(
        e.message,
        "HTTP 503 with a non-JSON body: \"Service Unavailable\""
    );
}

#[test]
fn excerpt_cuts_on_a_character_boundary() {
    let body = "é".repeat(300);
    let e = api_err(Operation::GetCluster, 500, Some("text/plain"), &body);
    assert!(e.message.contains(&"é".repeat(200)));
    assert!(!e.message.contains(&"é".repeat(201)));
}

#[test]
fn empty_429() {
    let e = api_err(Operation::ListWorkspaces, 429, None, "");
    assert_eq!(e.message, "HTTP 429 with an empty body");
    assert_eq!(e.request_id, None);
    assert_eq!(e.body, "");
    let e = api_err(Operation::ListWorkspaces, 429, JSON, "  \n");
    assert_eq!(e.message, "HTTP 429 with an empty body");
}

#[test]
fn truncated_json_error() {
    let body = r#"{"message":"Internal serv"#;
    let e = api_err(Operation::CreateDeployment, 500, JSON, body);
    assert!(
        e.message
            .starts_with("HTTP 500 with an invalid JSON body (EOF while parsing"),
        "{}",
        e.message
    );
    assert!(
        e.message.ends_with(r#": "{\"message\":\"Internal serv""#),
        "{}",
        e.message
    );
    assert_eq!(e.request_id, None);
    assert_eq!(e.body, body);
}

#[test]
fn json_of_the_wrong_shape() {
    let e = api_err(
        Operation::GetWorkspace,
        400,
        JSON,
        r#"["not", "an", "error"]"#,
    );
    assert_eq!(
        e.message,
        r#"HTTP 400 with a JSON body that is not an API error: "[\"not\", \"an\", \"error\"]""#
    );
    let e = api_err(
        Operation::GetWorkspace,
        400,
        JSON,
        r#"{"error":"bad","requestId":"r-1"}"#,
    );
    assert_eq!(
        e.message,
        r#"HTTP 400 with a JSON body without an error message: "{\"error\":\"bad\",\"requestId\":\"r-1\"}""#
    );
    assert_eq!(e.request_id.as_deref(), Some("r-1"));
    let e = api_err(Operation::GetWorkspace, 400, JSON, r#"{"message":42}"#);
    assert!(
        e.message
            .starts_with("HTTP 400 with a JSON body without an error message"),
        "{}",
        e.message
    );
    let e = api_err(Operation::GetWorkspace, 400, JSON, r#""just a string""#);
    assert!(
        e.message
            .starts_with("HTTP 400 with a JSON body that is not an API error"),
        "{}",
        e.message
    );
}

#[test]
fn not_found_with_json() {
    let body = r#"{"message":"cluster clx1 not found","requestId":"7f3c","statusCode":404}"#;
    let e = api_err(Operation::DeleteCluster, 404, JSON, body);
    assert_eq!(e.operation, "deleteCluster");
    assert_eq!(e.status, 404);
    assert_eq!(e.message, "cluster clx1 not found");
    assert_eq!(e.request_id.as_deref(), Some("7f3c"));
}

#[test]
fn deletes_are_no_content() {
    for op in [
        Operation::DeleteCluster,
        Operation::DeleteWorkspace,
        Operation::DeleteDeployment,
    ] {
        assert_eq!(check_response(op, 204, None, ""), Ok(Checked::NoContent));
        assert_eq!(check_response(op, 200, None, ""), Ok(Checked::NoContent));
        assert_eq!(check_response(op, 202, JSON, "{}"), Ok(Checked::NoContent));
        assert_eq!(decode_response(op, 204, None, ""), Ok(Response::NoContent));
        assert_eq!(
            check_response_bytes(op, 204, None, b""),
            Ok(Checked::NoContent)
        );
        // A delete's body is ignored, whatever it holds.
        assert_eq!(
            check_response_bytes(op, 200, None, b"\xff["),
            Ok(Checked::NoContent)
        );
    }
}

#[test]
fn empty_204_is_a_decode_error_for_every_operation_with_a_body() {
    let mut checked = 0;
    for op in Operation::ALL {
        if op.name().starts_with("delete") {
            continue;
        }
        for (status, body) in [(204, ""), (200, ""), (201, " \r\n\t"), (204, "\n")] {
            let e = decode_err(op, status, None, body);
            assert_eq!(
                e.message,
                format!(
                    "{}: expected a JSON body with HTTP {status}, got an empty body",
                    op.name()
                )
            );
            assert_eq!(e.status, status);
            assert_eq!(
                check_response_bytes(op, status, JSON, body.as_bytes()),
                Err(ResponseError::Decode(e))
            );
        }
        checked += 1;
    }
    assert_eq!(checked, 17);
    let e = decode_err(Operation::ListDeployments, 204, None, "");
    assert_eq!(
        e.to_string(),
        "could not decode the HTTP 204 response: listDeployments: expected a JSON body with HTTP 204, got an empty body"
    );
}

#[test]
fn any_2xx_is_success() {
    let body = sample(Operation::GetWorkspace).to_string();
    for status in [200, 201, 202, 203, 299] {
        assert_eq!(
            check_response(Operation::GetWorkspace, status, JSON, &body),
            Ok(Checked::Json)
        );
    }
}

#[test]
fn empty_2xx_for_an_operation_with_a_body_is_a_decode_error() {
    let e = decode_err(Operation::GetDeployment, 200, JSON, "");
    assert_eq!(
        e.message,
        "getDeployment: expected a JSON body with HTTP 200, got an empty body"
    );
}

#[test]
fn schema_mismatch_names_the_path() {
    let mut v = sample(Operation::ListDeployments);
    let d = v["deployments"][0].clone();
    v["deployments"] = json!([d.clone(), d.clone(), d.clone(), d]);
    v["deployments"][3]["workerQueues"] = json!("oops");
    let e = decode_err(Operation::ListDeployments, 200, JSON, &v.to_string());
    assert_eq!(e.operation, "listDeployments");
    assert!(
        e.message.starts_with(
            "listDeployments: deployments[3].workerQueues: expected an array, got a string"
        ),
        "{}",
        e.message
    );
    assert!(e.to_string().contains("HTTP 200"), "{e}");

    let mut v = sample(Operation::GetDeploymentOptions);
    v["workerQueues"]["maxWorkers"]["ceiling"] = json!("ten");
    let e = decode_err(Operation::GetDeploymentOptions, 200, JSON, &v.to_string());
    assert!(
        e.message.starts_with(
            "getDeploymentOptions: workerQueues.maxWorkers.ceiling: expected a number, got a string"
        ),
        "{}",
        e.message
    );

    let e = decode_err(
        Operation::GetClusterOptions,
        200,
        JSON,
        r#"{"provider":"AWS"}"#,
    );
    assert!(
        e.message
            .starts_with("getClusterOptions: expected an array, got an object"),
        "{}",
        e.message
    );
}

#[test]
fn non_json_2xx_is_a_decode_error_saying_what_came_back() {
    let e = decode_err(
        Operation::GetCluster,
        200,
        Some("text/html"),
        "<html>hello</html>",
    );
    assert!(e.message.starts_with("getCluster: the body is not valid JSON (expected value at line 1 column 1); got a text/html body: \"<html>hello</html>\""), "{}", e.message);
    let body = sample(Operation::GetCluster).to_string();
    let cut = &body[..body.len() / 2];
    let e = decode_err(Operation::GetCluster, 200, JSON, cut);
    assert!(e.message.contains("EOF while parsing"), "{}", e.message);
    let e = decode_err(
        Operation::GetCluster,
        200,
        JSON,
        &format!("{body} trailing"),
    );
    assert!(e.message.contains("trailing characters"), "{}", e.message);
}

fn deep_array(depth: usize) -> String {
    let mut s = String::with_capacity(depth * 2);
    s.push_str(&"[".repeat(depth));
    s.push_str(&"]".repeat(depth));
    s
}

fn too_deep(op: &str, at: usize) -> String {
    format!("{op}: the body is nested deeper than 128 levels at byte {at}")
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep = deep_array(100_000);
    // As the whole body of a 2xx: the 129th `[` is at byte 128.
    let e = decode_err(Operation::GetClusterOptions, 200, JSON, &deep);
    assert_eq!(e.message, too_deep("getClusterOptions", 128));
    let e = decode_err(Operation::ListDeployments, 200, JSON, &deep);
    assert_eq!(e.message, too_deep("listDeployments", 128));
    // An array of objects whose field is a deeply nested array: 2 levels, then 127 more.
    let body = format!("[{{\"provider\":{deep}}}]");
    let e = decode_err(Operation::GetClusterOptions, 200, JSON, &body);
    assert_eq!(e.message, too_deep("getClusterOptions", 13 + 126));
    // Inside a typed field.
    let body = format!("{{\"deployments\":{deep},\"limit\":1,\"offset\":0,\"totalCount\":1}}");
    let e = decode_err(Operation::ListDeployments, 200, JSON, &body);
    assert_eq!(e.message, too_deep("listDeployments", 15 + 127));
    // Inside an unknown field, which serde would skip: still refused, since the caller's
    // JSON.stringify of the parsed value would overflow its stack.
    let mut v = sample(Operation::GetWorkspace).to_string();
    assert!(
        !v.contains('['),
        "the workspace sample has no array: the count below relies on it"
    );
    v.pop();
    let body = format!("{v},\"extra\":{deep}}}");
    let at = v.len() + ",\"extra\":".len() + 127;
    let e = decode_err(Operation::GetWorkspace, 200, JSON, &body);
    assert_eq!(e.message, too_deep("getWorkspace", at));
    // A deep body that is not closed is reported the same way, not overflowed.
    let open = "[".repeat(100_000);
    let e = decode_err(
        Operation::GetWorkspace,
        200,
        JSON,
        &format!("{v},\"extra\":{open}"),
    );
    assert_eq!(e.message, too_deep("getWorkspace", at));
    // Objects count like arrays.
    let objects = format!("{}{}", "{\"a\":".repeat(200), "}".repeat(200));
    let e = decode_err(Operation::GetWorkspace, 200, JSON, &objects);
    assert_eq!(e.message, too_deep("getWorkspace", 128 * 5));
    // As error bodies: the ApiError keeps the body, nothing is parsed deeply.
    let e = api_err(
        Operation::GetWorkspace,
        500,
        JSON,
        &format!("{{\"message\":\"x\",\"extra\":{deep}}}"),
    );
    assert_eq!(e.message, "x");
    let e = api_err(Operation::GetWorkspace, 500, JSON, &deep);
    assert!(
        e.message
            .starts_with("HTTP 500 with a JSON body that is not an API error: \"[[[["),
        "{}",
        e.message
    );
    let e = api_err(Operation::GetWorkspace, 500, JSON, &open);
    assert!(
        e.message
            .starts_with("HTTP 500 with an invalid JSON body (EOF while parsing"),
        "{}",
        e.message
    );
}

/// A workspace with `"extra": <levels - 1 nested arrays>`: `levels` deep in all.
fn workspace_with_depth(levels: usize) -> String {
    let mut v = sample(Operation::GetWorkspace).to_string();
    v.pop();
    format!("{v},\"extra\":{}}}", deep_array(levels - 1))
}

#[test]
fn nesting_up_to_128_levels_is_fine_129_is_not() {
    for levels in [2, 101, 127, 128] {
        assert_eq!(
            check_response(
                Operation::GetWorkspace,
                200,
                JSON,
                &workspace_with_depth(levels)
            ),
            Ok(Checked::Json),
            "{levels}"
        );
    }
    let body = workspace_with_depth(129);
    let e = decode_err(Operation::GetWorkspace, 200, JSON, &body);
    assert_eq!(
        e.message,
        too_deep("getWorkspace", body.rfind('[').unwrap())
    );
    // Every fixture is far from the limit.
    let mut v = sample(Operation::GetWorkspace);
    v["extra"] = serde_json::from_str(&deep_array(100)).unwrap();
    assert_eq!(
        check_response(Operation::GetWorkspace, 200, JSON, &v.to_string()),
        Ok(Checked::Json)
    );
}

#[test]
fn brackets_inside_strings_do_not_count() {
    // 200 brackets and braces inside strings, with escaped quotes and backslashes around them.
    let mut v = sample(Operation::GetWorkspace);
    v["name"] = json!(format!("{}\"\\{}\\", "[".repeat(200), "{".repeat(200)));
    v["description"] = json!("\\\"[[[[");
    v["extra"] = json!({"[[[[": "{{{{", "\"[": ["\\", "]]]]"]});
    let body = v.to_string();
    assert!(body.matches('[').count() > 200);
    assert_eq!(
        check_response(Operation::GetWorkspace, 200, JSON, &body),
        Ok(Checked::Json)
    );
    // An escaped quote does not end a string: the brackets after it are still inside it.
    let mut v = sample(Operation::GetWorkspace);
    v["name"] = json!(format!("\\\"{}", "[".repeat(300)));
    assert_eq!(
        check_response(Operation::GetWorkspace, 200, JSON, &v.to_string()),
        Ok(Checked::Json)
    );
}

#[test]
fn response_errors_have_actionable_messages() {
    let e = api_err(
        Operation::GetCluster,
        401,
        JSON,
        r#"{"message":"Unauthorized","requestId":"q1","statusCode":401}"#,
    );
    let err = ResponseError::Api(e);
    assert_eq!(
        err.to_string(),
        "getCluster failed with HTTP 401: Unauthorized (request id q1)"
    );
    let d = decode_response(Operation::GetCluster, 200, JSON, "{}").unwrap_err();
    let err = d;
    assert_eq!(
        err.to_string(),
        "could not decode the HTTP 200 response: getCluster: missing required field \"cloudProvider\""
    );
    let e = api_err(Operation::ListWorkspaces, 429, None, "");
    assert_eq!(
        e.to_string(),
        "listWorkspaces failed: HTTP 429 with an empty body"
    );
}

#[test]
fn invalid_utf8_in_a_2xx_body_names_the_byte() {
    let text = sample(Operation::ListDeployments).to_string();
    let at = text.find("\"name\":\"").unwrap() + 8;
    let mut bytes = text.clone().into_bytes();
    bytes[at] = 0xe9; // latin-1 é, not UTF-8
    let r = check_response_bytes(Operation::ListDeployments, 200, JSON, &bytes);
    let Err(ResponseError::Decode(e)) = r else {
        panic!("{r:?}")
    };
    assert_eq!(
        e.message,
        format!("listDeployments: the body is not valid UTF-8 (byte {at})")
    );
    assert_eq!(e.status, 200);
    // A truncated multi-byte character at the end, a lone continuation byte at the start.
    let mut cut = "{\"name\":\"é".as_bytes().to_vec();
    cut.pop();
    let r = check_response_bytes(Operation::GetWorkspace, 201, JSON, &cut);
    assert_eq!(
        r.unwrap_err().to_string(),
        "could not decode the HTTP 201 response: getWorkspace: the body is not valid UTF-8 (byte 9)"
    );
    let r = check_response_bytes(Operation::GetWorkspace, 200, None, b"\x80{}");
    assert!(r
        .unwrap_err()
        .to_string()
        .ends_with("the body is not valid UTF-8 (byte 0)"));
    // The same valid text as bytes and as &str gives the same result.
    assert_eq!(
        check_response_bytes(Operation::ListDeployments, 200, JSON, text.as_bytes()),
        Ok(Checked::Json)
    );
}

#[test]
fn non_utf8_error_pages_still_give_an_api_error() {
    // A latin-1 error page from a proxy.
    let page = b"<html><body>Service indisponible \xe0 cette heure \xa9 proxy</body></html>";
    let r = check_response_bytes(
        Operation::GetCluster,
        503,
        Some("text/html; charset=iso-8859-1"),
        page,
    );
    let Err(ResponseError::Api(e)) = r else {
        panic!("{r:?}")
    };
    assert_eq!(e.status, 503);
    assert_eq!(
        e.body,
        "<html><body>Service indisponible \u{fffd} cette heure \u{fffd} proxy</body></html>"
    );
    assert!(
        e.message.starts_with(
            "HTTP 503 with a text/html body: \"<html><body>Service indisponible \u{fffd} cette"
        ),
        "{}",
        e.message
    );
    // A JSON error body with a latin-1 byte in its message keeps its message and request id.
    let body = b"{\"message\":\"caf\xe9 not found\",\"requestId\":\"r-9\",\"statusCode\":404}";
    let r = check_response_bytes(Operation::GetCluster, 404, JSON, body);
    let Err(ResponseError::Api(e)) = r else {
        panic!("{r:?}")
    };
    assert_eq!(e.message, "caf\u{fffd} not found");
    assert_eq!(e.request_id.as_deref(), Some("r-9"));
}

/// The listDeployments sample with four deployments, the last one changed by `edit`.
fn four_deployments(edit: impl FnOnce(&mut Value)) -> String {
    let mut v = sample(Operation::ListDeployments);
    let d = v["deployments"][0].clone();
    v["deployments"] = json!([d.clone(), d.clone(), d.clone(), d]);
    edit(&mut v["deployments"][3]);
    v.to_string()
}

#[test]
fn paths_inside_arrays_of_objects() {
    let body = four_deployments(|d| {
        let q = d["workerQueues"][0].clone();
        d["workerQueues"] = json!([q.clone(), q]);
    });
    assert_eq!(
        check_response(Operation::ListDeployments, 200, JSON, &body),
        Ok(Checked::Json)
    );
    let body = four_deployments(|d| {
        let q = d["workerQueues"][0].clone();
        d["workerQueues"] = json!([q.clone(), q]);
        d["workerQueues"][1]["maxWorkerCount"] = json!("ten");
    });
    let e = decode_err(Operation::ListDeployments, 200, JSON, &body);
    assert!(
        e.message.starts_with(
            "listDeployments: deployments[3].workerQueues[1].maxWorkerCount: expected an integer (64-bit), got a string"
        ),
        "{}",
        e.message
    );
    // A missing field names the object that misses it.
    let body = four_deployments(|d| {
        d.as_object_mut().unwrap().remove("id");
    });
    let e = decode_err(Operation::ListDeployments, 200, JSON, &body);
    assert!(
        e.message
            .starts_with("listDeployments: deployments[3]: missing required field \"id\""),
        "{}",
        e.message
    );
    let body = four_deployments(|d| {
        d["workerQueues"][0].as_object_mut().unwrap().remove("name");
    });
    let e = decode_err(Operation::ListDeployments, 200, JSON, &body);
    assert!(
        e.message.starts_with(
            "listDeployments: deployments[3].workerQueues[0]: missing required field \"name\""
        ),
        "{}",
        e.message
    );
    // An element of the wrong type.
    let body = four_deployments(|d| *d = json!(7));
    let e = decode_err(Operation::ListDeployments, 200, JSON, &body);
    assert!(
        e.message
            .starts_with("listDeployments: deployments[3]: expected an object, got the number 7"),
        "{}",
        e.message
    );
    // Top-level array (getClusterOptions).
    let e = decode_err(
        Operation::GetClusterOptions,
        200,
        JSON,
        r#"[{"provider":"AWS"}]"#,
    );
    assert!(
        e.message
            .starts_with("getClusterOptions: [0]: missing required field"),
        "{}",
        e.message
    );
}

#[test]
fn paths_inside_nested_objects_and_across_lines() {
    let mut v = sample(Operation::GetDeploymentOptions);
    v["resourceQuotas"]["defaultPodSize"]["cpu"]["floor"] = json!(1.5);
    let e = decode_err(Operation::GetDeploymentOptions, 200, JSON, &v.to_string());
    assert!(
        e.message.starts_with(
            "getDeploymentOptions: resourceQuotas.defaultPodSize.cpu.floor: expected a string, got the number 1.5"
        ),
        "{}",
        e.message
    );
    // Pretty-printed (many lines): the line/column of serde_json maps back to the same path.
    let pretty = serde_json::to_string_pretty(&v).unwrap();
    let e = decode_err(Operation::GetDeploymentOptions, 200, JSON, &pretty);
    assert!(
        e.message.starts_with(
            "getDeploymentOptions: resourceQuotas.defaultPodSize.cpu.floor: expected a string, got the number 1.5"
        ),
        "{}",
        e.message
    );
    let mut v = sample(Operation::GetOrganization);
    v["createdBy"].as_object_mut().unwrap().remove("id");
    let pretty = serde_json::to_string_pretty(&v).unwrap();
    let e = decode_err(Operation::GetOrganization, 200, JSON, &pretty);
    assert!(
        e.message
            .starts_with("getOrganization: createdBy: missing required field \"id\""),
        "{}",
        e.message
    );
}

#[test]
fn paths_after_strings_with_brackets_quotes_and_escapes() {
    let body = four_deployments(|d| {
        d["description"] =
            json!("a [weird] {one}, with \"quotes\", \\ and \\\" and ]}]} \u{1F600}");
        d["name"] = json!("x\"],\"workerQueues\":[");
        d["unknown[0]"] = json!({"a\"b": ["[", "{", "\\"]});
        d["workerQueues"] = json!({"not": "a list"});
    });
    let e = decode_err(Operation::ListDeployments, 200, JSON, &body);
    assert!(
        e.message.starts_with(
            "listDeployments: deployments[3].workerQueues: expected an array, got an object"
        ),
        "{}",
        e.message
    );
    // The failing value itself holds brackets and escapes.
    let body = four_deployments(|d| d["workerQueues"] = json!("[\"]\\"));
    let e = decode_err(Operation::ListDeployments, 200, JSON, &body);
    assert!(
        e.message.starts_with(
            r#"listDeployments: deployments[3].workerQueues: expected an array, got a string"#
        ),
        "{}",
        e.message
    );
    // Escaped keys are decoded: `\u0069d` is `id`, a duplicate: like `JSON.parse` in the
    // package, the last value wins.
    let mut d = sample(Operation::GetDeployment).to_string();
    d.pop();
    let body = format!("{d},\"\\u0069d\":\"again\"}}");
    assert_eq!(
        check_response(Operation::GetDeployment, 200, JSON, &body),
        Ok(Checked::Json)
    );
    let Ok(Response::Deployment(dep)) = decode_response(Operation::GetDeployment, 200, JSON, &body)
    else {
        panic!("a duplicate field is read like JSON.parse reads it");
    };
    assert_eq!(dep.id, "again");
}

#[test]
fn paths_with_unicode_keys() {
    // Keys in other scripts before the error do not shift the path.
    let body = four_deployments(|d| {
        d["名前"] = json!("値 [ ] { }");
        d["ключ"] = json!({"ε": [1, 2, 3]});
        d["workerQueues"] = json!(true);
    });
    let e = decode_err(Operation::ListDeployments, 200, JSON, &body);
    assert!(
        e.message.starts_with(
            "listDeployments: deployments[3].workerQueues: expected an array, got a boolean"
        ),
        "{}",
        e.message
    );
    // A syntax error inside an unknown field with a non-ASCII key is located in it;
    // keys that are not plain names are quoted.
    let mut w = sample(Operation::GetWorkspace).to_string();
    w.pop();
    let body = format!("{w},\"données\":{{\"clé\":[1,2,}}}}");
    let e = decode_err(Operation::GetWorkspace, 200, JSON, &body);
    assert!(
        e.message
            .starts_with("getWorkspace: données.clé: the body is not valid JSON (expected value"),
        "{}",
        e.message
    );
    let body = format!("{w},\"a.b\":{{\"😀 x\":[1,}}}}");
    let e = decode_err(Operation::GetWorkspace, 200, JSON, &body);
    assert!(
        e.message
            .starts_with(r#"getWorkspace: ["a.b"]["😀 x"]: the body is not valid JSON"#),
        "{}",
        e.message
    );
}

/// Regression (found by the `error_body` fuzz target): serde reads a struct from a JSON array
/// positionally, so `["msg", "req-1", 400]` parses as an `ErrorBody`. It is not the API's error
/// object and must not be presented as if the server had said "msg".
#[test]
fn an_array_shaped_like_an_error_body_is_not_taken_as_the_api_message() {
    let body = r#"["the message", "req-1", 400]"#;
    assert!(serde_json::from_str::<astro_platform_client::models::ErrorBody>(body).is_ok());
    let e = api_err(
        Operation::GetDeployment,
        400,
        Some("application/json"),
        body,
    );
    assert_eq!(e.status, 400);
    assert_eq!(e.request_id, None);
    assert!(
        e.message
            .starts_with("HTTP 400 with a JSON body that is not an API error"),
        "{}",
        e.message
    );
    assert_eq!(e.body, body);
}

/// `check_response` walks the parsed body over the schema tables, as js/check.js does in the
/// package: its messages name the path and what was expected.
#[test]
fn the_table_walk_names_the_path_and_what_it_expected() {
    let body = four_deployments(|d| d["workerQueues"] = json!("oops"));
    assert_eq!(
        walk_err(Operation::ListDeployments, 200, JSON, &body),
        "listDeployments: deployments[3].workerQueues: expected an array, got a string"
    );
    let body = four_deployments(|d| d["workerQueues"][0]["maxWorkerCount"] = json!(1.5));
    assert_eq!(
        walk_err(Operation::ListDeployments, 200, JSON, &body),
        "listDeployments: deployments[3].workerQueues[0].maxWorkerCount: expected an integer (64-bit), got the number 1.5"
    );
    let body = four_deployments(|d| {
        d.as_object_mut().unwrap().remove("id");
    });
    assert_eq!(
        walk_err(Operation::ListDeployments, 200, JSON, &body),
        "listDeployments: deployments[3]: missing required field \"id\""
    );
    let body = four_deployments(|d| d["status"] = Value::Null);
    assert_eq!(
        walk_err(Operation::ListDeployments, 200, JSON, &body),
        "listDeployments: deployments[3].status: expected a string, got null"
    );
    // Unknown fields, unknown enum values and null optional fields pass.
    let body = four_deployments(|d| {
        d["status"] = json!("SOMETHING_NEW");
        d["brandNew"] = json!({"nested": [1, 2, 3]});
        d["description"] = Value::Null;
    });
    assert_eq!(
        check_response(Operation::ListDeployments, 200, JSON, &body),
        Ok(Checked::Json)
    );
}

/// An answer that carries a secret (a new token) is never quoted in a decode error.
#[cfg(feature = "v1")]
#[test]
fn a_broken_answer_that_carries_a_secret_is_not_quoted() {
    use astro_platform_client::v1::Operation as V1;
    let body = r#"{"id":"t1","token":"astro-secret-value-77","name":"#;
    let Err(ResponseError::Decode(e)) = check_response(V1::RotateApiToken, 200, JSON, body) else {
        panic!("refused")
    };
    assert!(
        e.message
            .contains("not shown: this answer carries a secret"),
        "{}",
        e.message
    );
    assert!(
        !e.message.contains("astro-secret-value-77"),
        "{}",
        e.message
    );
    // The typed model keeps the value for the caller, and never prints it.
    let token = r#"{"createdAt":"2026-01-01T00:00:00Z","description":"","id":"t1","kind":"STANDARD","name":"ci","scope":"ORGANIZATION","shortToken":"astro-s…","startAt":"2026-01-01T00:00:00Z","updatedAt":"2026-01-01T00:00:00Z","token":"astro-secret-value-77"}"#;
    let Ok(astro_platform_client::v1::Response::ApiToken(t)) =
        astro_platform_client::v1::decode_response(V1::RotateApiToken, 200, JSON, token)
    else {
        panic!("decodes")
    };
    assert_eq!(
        t.token.as_ref().map(|s| s.expose()),
        Some("astro-secret-value-77")
    );
    assert!(!format!("{t:?}").contains("astro-secret-value-77"));
}
