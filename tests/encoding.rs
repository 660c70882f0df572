//! Path-segment and query-string encoding: an id can never change the route.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use astro_platform_client::encoding::{
    encode_path_segment, encode_query_component, percent_decode, query_string, segment_problem,
};
use astro_platform_client::operations::{prepare, Operation, RequestContext};
use astro_platform_client::validation::Rule;
use serde_json::json;

const BASE: &str = "https://api.astronomer.io/platform/v1beta1";
const CTX: RequestContext<'static> = RequestContext {
    base_url: BASE,
    default_organization_id: Some("org1"),
};

#[test]
fn path_segment_encoding() {
    assert_eq!(
        encode_path_segment("clm7k8tgw000008jz97i37y81"),
        "clm7k8tgw000008jz97i37y81"
    );
    assert_eq!(encode_path_segment("a-b.c_d~e"), "a-b.c_d~e");
    assert_eq!(encode_path_segment("../x"), "..%2Fx");
    assert_eq!(encode_path_segment("a/b?c"), "a%2Fb%3Fc");
    assert_eq!(encode_path_segment("a#b%c d"), "a%23b%25c%20d");
    assert_eq!(encode_path_segment("ü€"), "%C3%BC%E2%82%AC");
    assert_eq!(encode_path_segment(":@+&=;,"), "%3A%40%2B%26%3D%3B%2C");
}

/// Ids with reserved characters become exactly one segment of the URL.
#[test]
fn ids_are_one_path_segment() {
    let cases = [
        ("../x", "..%2Fx"),
        ("a/b?c", "a%2Fb%3Fc"),
        ("x#frag", "x%23frag"),
        ("100%", "100%25"),
        ("a%2Fb", "a%252Fb"),
        ("my cluster", "my%20cluster"),
        ("clüster-☃", "cl%C3%BCster-%E2%98%83"),
        ("...", "..."),
        (".hidden", ".hidden"),
    ];
    for (id, encoded) in cases {
        let req = prepare(Operation::GetCluster, json!({"clusterId": id}), &CTX).unwrap();
        assert_eq!(
            req.url,
            format!("{BASE}/organizations/org1/clusters/{encoded}"),
            "id {id:?}"
        );
        // The id occupies exactly one segment after the collection.
        let tail = req
            .url
            .strip_prefix(&format!("{BASE}/organizations/org1/clusters/"))
            .unwrap();
        assert!(
            !tail.contains('/') && !tail.contains('?') && !tail.contains('#'),
            "{tail}"
        );
        assert_eq!(percent_decode(tail), id);
    }
    // The organization id too.
    let req = prepare(
        Operation::DeleteDeployment,
        json!({"organizationId": "o/1", "deploymentId": "d?1"}),
        &CTX,
    )
    .unwrap();
    assert_eq!(
        req.url,
        format!("{BASE}/organizations/o%2F1/deployments/d%3F1")
    );
}

/// `.`, `..`, their percent-encoded forms and the empty string are refused.
#[test]
fn dot_segments_and_empty_ids_are_rejected() {
    for bad in [
        ".",
        "..",
        "%2e",
        "%2E",
        "%2e%2e",
        "%2E%2e",
        ".%2e",
        "%2e.",
        "%252e%252e",
        "",
    ] {
        let e = prepare(Operation::GetWorkspace, json!({"workspaceId": bad}), &CTX).unwrap_err();
        assert_eq!(e.issues.len(), 1, "{bad:?}: {e}");
        assert_eq!(e.issues[0].path, "workspaceId", "{bad:?}");
        assert_eq!(e.issues[0].rule, Rule::PathSegment, "{bad:?}");
        assert!(segment_problem(bad).is_some());
    }
    let e = prepare(
        Operation::GetOrganization,
        json!({"organizationId": "%2E%2e"}),
        &CTX,
    )
    .unwrap_err();
    assert_eq!(
        (e.issues[0].path.as_str(), e.issues[0].rule),
        ("organizationId", Rule::PathSegment)
    );
    // A bad default organization id is caught too, and named as the default.
    let ctx = RequestContext {
        base_url: BASE,
        default_organization_id: Some(".."),
    };
    let e = prepare(Operation::ListWorkspaces, json!({}), &ctx).unwrap_err();
    assert_eq!(
        (e.issues[0].path.as_str(), e.issues[0].rule),
        ("organizationId", Rule::PathSegment)
    );
    assert!(
        e.issues[0].message.contains("default"),
        "{}",
        e.issues[0].message
    );
    // Both path parameters are checked in one go.
    let e = prepare(
        Operation::DeleteCluster,
        json!({"organizationId": ".", "clusterId": ""}),
        &CTX,
    )
    .unwrap_err();
    let got: Vec<_> = e.issues.iter().map(|i| (i.path.as_str(), i.rule)).collect();
    assert_eq!(
        got,
        [
            ("organizationId", Rule::PathSegment),
            ("clusterId", Rule::PathSegment)
        ]
    );
    // Not dot segments.
    for fine in ["...", ".a", "a.", "%2e%2e%2e", "%2"] {
        assert_eq!(segment_problem(fine), None, "{fine:?}");
    }
}

#[test]
fn query_encoding() {
    assert_eq!(encode_query_component("name:asc"), "name:asc");
    assert_eq!(
        encode_query_component("a&b=c#d e+f/g?"),
        "a%26b%3Dc%23d%20e%2Bf%2Fg%3F"
    );
    assert_eq!(
        query_string(&[("sorts", "name:asc"), ("sorts", "createdAt:desc")]),
        "sorts=name:asc&sorts=createdAt:desc"
    );
    assert_eq!(query_string::<&str, &str>(&[]), "");
    let req = prepare(
        Operation::ListDeployments,
        json!({"workspaceIds": ["w&1", "w=2", "w 3", "wü"], "sorts": ["createdAt:desc"], "offset": 0}),
        &CTX,
    )
    .unwrap();
    assert_eq!(
        req.url,
        format!("{BASE}/organizations/org1/deployments?workspaceIds=w%261&workspaceIds=w%3D2&workspaceIds=w%203&workspaceIds=w%C3%BC&offset=0&sorts=createdAt:desc")
    );
    // Booleans as true/false; absent and null parameters are omitted; empty arrays add nothing.
    let req = prepare(
        Operation::GetOrganization,
        json!({"isLookUpOnly": false}),
        &CTX,
    )
    .unwrap();
    assert_eq!(
        req.url,
        format!("{BASE}/organizations/org1?isLookUpOnly=false")
    );
    let req = prepare(
        Operation::ListWorkspaces,
        json!({"limit": null, "workspaceIds": []}),
        &CTX,
    )
    .unwrap();
    assert_eq!(req.url, format!("{BASE}/organizations/org1/workspaces"));
}

#[test]
fn percent_decoding() {
    assert_eq!(percent_decode("a%2Fb"), "a/b");
    assert_eq!(percent_decode("%2e%2E"), "..");
    assert_eq!(percent_decode("100%"), "100%");
    assert_eq!(percent_decode("%zz%4"), "%zz%4");
    assert_eq!(percent_decode("%C3%BC"), "ü");
    assert_eq!(percent_decode("%FF"), "\u{FFFD}");
}

// ---------------------------------------------------------------------------------------
// `display_f64`: Rust's `{}` of an f64, without core's float formatting.

#[test]
fn display_f64_matches_rust_display_on_edge_cases() {
    use astro_platform_client::numbers::display_f64;
    let cases = [
        0.0,
        -0.0,
        0.5,
        -0.5,
        1.5,
        0.1,
        0.3,
        1.0 / 3.0,
        2.0 / 3.0,
        1e-7,
        1.5e-7,
        -2.5e-10,
        1e-5,
        1e-4,
        123.456,
        30_000.0,
        60_000.0,
        33_554_432.0,
        0.25,
        1e15,
        1e16,
        1e17,
        1e21,
        1e22,
        1.234_567_890_123_456_7e25,
        9_007_199_254_740_991.0,
        9_007_199_254_740_992.0,
        9_007_199_254_740_993.0,
        18_446_744_073_709_551_616.0,
        f64::MAX,
        f64::MIN,
        f64::MIN_POSITIVE,
        f64::EPSILON,
        5e-324,
        -5e-324,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
    ];
    for f in cases {
        assert_eq!(display_f64(f), format!("{f}"), "{f:e}");
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 20_000, ..Default::default() })]

    /// Any bit pattern: normal, subnormal, huge, tiny, NaN, infinities.
    #[test]
    fn display_f64_matches_rust_display(bits in proptest::prelude::any::<u64>()) {
        let f = f64::from_bits(bits);
        proptest::prop_assert_eq!(astro_platform_client::numbers::display_f64(f), format!("{f}"));
    }

    /// Numbers people type: a few digits, a decimal point somewhere.
    #[test]
    fn display_f64_matches_rust_display_on_short_decimals(
        digits in 0u64..10_000_000,
        scale in -30i32..30,
        negative in proptest::prelude::any::<bool>(),
    ) {
        let text = format!("{}{digits}e{scale}", if negative { "-" } else { "" });
        let f: f64 = text.parse().unwrap();
        proptest::prop_assert_eq!(astro_platform_client::numbers::display_f64(f), format!("{f}"));
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 20_000, ..Default::default() })]

    /// Large numbers with a few fractional bits: 16-17 digits, where two shortest digit
    /// strings are often equally close (ties).
    #[test]
    fn display_f64_matches_rust_display_on_ties(
        int in 0u64..(1 << 53),
        frac in 0u32..16,
        shift in 0i32..12,
        negative in proptest::prelude::any::<bool>(),
    ) {
        let f = (int as f64 + f64::from(frac) / 16.0) * f64::powi(2.0, shift) * if negative { -1.0 } else { 1.0 };
        proptest::prop_assert_eq!(astro_platform_client::numbers::display_f64(f), format!("{f}"));
    }
}
