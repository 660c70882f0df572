//! Response checking and decoding: success rules, API errors of every shape, decode errors
//! with JSON paths, and deep nesting.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use astro_platform_client::decoding::{
    check_response, decode_response, ApiError, Checked, DecodeError, Response, ResponseError,
};
use astro_platform_client::operations::Operation;
use serde_json::{json, Value};

const JSON: Option<&str> = Some("application/json");

fn api_err(op: Operation, status: u16, ct: Option<&str>, body: &str) -> ApiError {
    match check_response(op, status, ct, body) {
        Err(ResponseError::Api(e)) => {
            // decode_response agrees with check_response.
            assert_eq!(
                decode_response(op, status, ct, body),
                Err(ResponseError::Api(e.clone()))
            );
            e
        }
        other => panic!("expected an ApiError, got {other:?}"),
    }
}

fn decode_err(op: Operation, status: u16, ct: Option<&str>, body: &str) -> DecodeError {
    match check_response(op, status, ct, body) {
        Err(ResponseError::Decode(e)) => {
            assert_eq!(
                decode_response(op, status, ct, body),
                Err(ResponseError::Decode(e.clone()))
            );
            e
        }
        other => panic!("expected a DecodeError, got {other:?}"),
    }
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
            .starts_with("HTTP 400 with a JSON body that is not an API error"),
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
fn deletes_and_empty_204_are_no_content() {
    for op in [
        Operation::DeleteCluster,
        Operation::DeleteWorkspace,
        Operation::DeleteDeployment,
    ] {
        assert_eq!(check_response(op, 204, None, ""), Ok(Checked::NoContent));
        assert_eq!(check_response(op, 200, None, ""), Ok(Checked::NoContent));
        assert_eq!(check_response(op, 202, JSON, "{}"), Ok(Checked::NoContent));
        assert_eq!(decode_response(op, 204, None, ""), Ok(Response::NoContent));
    }
    assert_eq!(
        check_response(Operation::GetDeployment, 204, None, ""),
        Ok(Checked::NoContent)
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
        "getDeployment: expected a JSON body, got an empty body (HTTP 200)"
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
        e.message.starts_with("listDeployments: deployments[3].workerQueues: invalid type: string \"oops\", expected a sequence"),
        "{}",
        e.message
    );
    assert!(e.to_string().contains("HTTP 200"), "{e}");

    let mut v = sample(Operation::GetDeploymentOptions);
    v["workerQueues"]["maxWorkers"]["ceiling"] = json!("ten");
    let e = decode_err(Operation::GetDeploymentOptions, 200, JSON, &v.to_string());
    assert!(
        e.message.starts_with(
            "getDeploymentOptions: workerQueues.maxWorkers.ceiling: invalid type: string \"ten\""
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
            .starts_with("getClusterOptions: invalid type: map, expected a sequence"),
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

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep = deep_array(100_000);
    // As the whole body of a 2xx.
    let e = decode_err(Operation::GetClusterOptions, 200, JSON, &deep);
    assert!(e.message.starts_with("getClusterOptions:"), "{}", e.message);
    // An array of objects whose field is a deeply nested array.
    let body = format!("[{{\"provider\":{deep}}}]");
    let e = decode_err(Operation::GetClusterOptions, 200, JSON, &body);
    assert!(
        e.message.starts_with("getClusterOptions: [0].provider:"),
        "{}",
        e.message
    );
    let e = decode_err(Operation::ListDeployments, 200, JSON, &deep);
    assert!(e.message.starts_with("listDeployments:"), "{}", e.message);
    // Inside a typed field.
    let body = format!("{{\"deployments\":{deep},\"limit\":1,\"offset\":0,\"totalCount\":1}}");
    let e = decode_err(Operation::ListDeployments, 200, JSON, &body);
    assert!(
        e.message
            .starts_with("listDeployments: deployments[0][0]: invalid type: sequence"),
        "{}",
        e.message
    );
    // Inside an unknown field: serde_json skips ignored values without recursing, so the
    // body is accepted (the field is tolerated like any unknown field) and nothing overflows.
    let mut v = sample(Operation::GetWorkspace).to_string();
    v.pop();
    let body = format!("{v},\"extra\":{deep}}}");
    assert_eq!(
        check_response(Operation::GetWorkspace, 200, JSON, &body),
        Ok(Checked::Json)
    );
    // A deep body that is not closed is still reported, not overflowed.
    let open = "[".repeat(100_000);
    let e = decode_err(
        Operation::GetWorkspace,
        200,
        JSON,
        &format!("{v},\"extra\":{open}"),
    );
    assert!(e.message.contains("EOF while parsing"), "{}", e.message);
    // As error bodies.
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

#[test]
fn nesting_within_the_limit_in_unknown_fields_is_fine() {
    let mut v = sample(Operation::GetWorkspace);
    v["extra"] = serde_json::from_str(&deep_array(100)).unwrap();
    assert_eq!(
        check_response(Operation::GetWorkspace, 200, JSON, &v.to_string()),
        Ok(Checked::Json)
    );
}

#[test]
fn crate_error_wraps_response_errors_with_actionable_messages() {
    use astro_platform_client::error::Error;
    let e = api_err(
        Operation::GetCluster,
        401,
        JSON,
        r#"{"message":"Unauthorized","requestId":"q1","statusCode":401}"#,
    );
    let err = Error::from(ResponseError::Api(e.clone()));
    assert_eq!(err, Error::Api(e));
    assert_eq!(
        err.to_string(),
        "getCluster failed with HTTP 401: Unauthorized (request id q1)"
    );
    let d = decode_err(Operation::GetCluster, 200, JSON, "{}");
    let err = Error::from(ResponseError::Decode(d));
    assert_eq!(
        err.to_string(),
        "could not decode the HTTP 200 response: getCluster: missing field `cloudProvider` at line 1 column 2"
    );
    let e = api_err(Operation::ListWorkspaces, 429, None, "");
    assert_eq!(
        e.to_string(),
        "listWorkspaces failed: HTTP 429 with an empty body"
    );
}
