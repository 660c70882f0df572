//! Static files: `--www DIR` at `/`, `--pkg DIR` at `/pkg/`. No directory traversal.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::Response;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::respond::error_response;
use crate::state::AppState;
use crate::util;

/// Content type by file name.
pub fn content_type(name: &str) -> &'static str {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".d.ts") || lower.ends_with(".d.mts") || lower.ends_with(".d.cts") {
        return "application/typescript; charset=utf-8";
    }
    match lower.rsplit_once('.').map(|(_, ext)| ext) {
        Some("js" | "mjs" | "cjs") => "text/javascript; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css; charset=utf-8",
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("json" | "map") => "application/json",
        Some("ts" | "mts" | "cts") => "application/typescript; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("txt") => "text/plain; charset=utf-8",
        Some("md") => "text/markdown; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Maps a URL path below a mount point to a file under `root`, refusing traversal.
pub fn resolve(root: &Path, rel: &str) -> Option<PathBuf> {
    let mut out = root.to_path_buf();
    for raw in rel.split('/') {
        if raw.is_empty() {
            continue;
        }
        let seg = percent_encoding::percent_decode_str(raw)
            .decode_utf8()
            .ok()?;
        if seg == "." || seg == ".." || seg.contains(['/', '\\', '\0']) || seg.contains(':') {
            return None;
        }
        out.push(seg.as_ref());
    }
    Some(out)
}

async fn serve(root: Option<&Path>, rel: &str, method: &Method) -> Response {
    let rid = util::request_id();
    if method != Method::GET && method != Method::HEAD {
        let mut resp = error_response(
            405,
            &format!("Method {method} is not allowed for static files (allowed: GET, HEAD)"),
            &rid,
        );
        resp.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return resp;
    }
    let Some(root) = root else {
        return error_response(
            404,
            "Not found (no static directory is configured for this path)",
            &rid,
        );
    };
    let Some(mut path) = resolve(root, rel) else {
        return error_response(404, "Not found", &rid);
    };
    // Keep symlinks from leading outside the root.
    let (Ok(canon_root), Ok(canon)) = (
        tokio::fs::canonicalize(root).await,
        tokio::fs::canonicalize(&path).await,
    ) else {
        return error_response(404, "Not found", &rid);
    };
    if !canon.starts_with(&canon_root) {
        return error_response(404, "Not found", &rid);
    }
    if tokio::fs::metadata(&canon)
        .await
        .map(|m| m.is_dir())
        .unwrap_or(false)
    {
        path = canon.join("index.html");
    } else {
        path = canon;
    }
    let Ok(bytes) = tokio::fs::read(&path).await else {
        return error_response(404, "Not found", &rid);
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let len = bytes.len();
    let mut resp = Response::new(if method == Method::HEAD {
        Body::empty()
    } else {
        Body::from(bytes)
    });
    *resp.status_mut() = StatusCode::OK;
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(&name)),
    );
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if content_type(&name).starts_with("text/html") {
        // Pages run under the strictest policy the package supports: no inline script, no eval,
        // only WebAssembly compilation ('wasm-unsafe-eval'), as in an MV3 extension.
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(PAGE_CSP),
        );
    }
    resp
}

/// The Content-Security-Policy sent with every HTML page.
pub const PAGE_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
img-src 'self' data:; connect-src 'self' http://127.0.0.1:* http://localhost:* https:; object-src 'none'; \
base-uri 'none'; frame-ancestors 'none'";

pub async fn pkg(State(st): State<Arc<AppState>>, req: Request) -> Response {
    let rel = req
        .uri()
        .path()
        .strip_prefix("/pkg")
        .unwrap_or_default()
        .to_string();
    serve(st.pkg_dir(), &rel, req.method()).await
}

pub async fn www(State(st): State<Arc<AppState>>, req: Request) -> Response {
    let path = req.uri().path().to_string();
    if st.www_dir().is_none() && path == "/" && req.method() == Method::GET {
        let mut resp = Response::new(Body::from(
            "astro-emulator: the Astro Platform API v1beta1 is at /platform/v1beta1 (start with --www DIR to serve a site here)\n",
        ));
        resp.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
        return resp;
    }
    serve(st.www_dir(), &path, req.method()).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_and_traversal() {
        assert_eq!(content_type("index.js"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("a.wasm"), "application/wasm");
        assert_eq!(
            content_type("index.d.ts"),
            "application/typescript; charset=utf-8"
        );
        assert_eq!(content_type("x.json"), "application/json");
        let root = Path::new("/srv/www");
        assert_eq!(
            resolve(root, "/a/b.js"),
            Some(PathBuf::from("/srv/www/a/b.js"))
        );
        assert_eq!(resolve(root, "/../etc/passwd"), None);
        assert_eq!(resolve(root, "/%2e%2e/etc/passwd"), None);
        assert_eq!(resolve(root, "/a%2f..%2f..%2fetc"), None);
        assert_eq!(resolve(root, "/a\\..\\b"), None);
    }
}
