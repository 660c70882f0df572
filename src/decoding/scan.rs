//! Byte-level scans of JSON text that need no parser: the nesting depth of a body, and the
//! JSON path of the value at a byte offset (to name where a decode error happened).
//!
//! Both are single passes with an explicit stack (no recursion), tolerant of invalid JSON:
//! they never fail, they only report what they saw.

/// The deepest nesting a 2xx body may have: `JSON.stringify` of the parsed value recurses once
/// per level, and serde_json stops at 128 levels too.
pub const MAX_DEPTH: usize = 128;

/// The byte offset of the first `[` or `{` (outside strings) that opens a level deeper than
/// `max`, if any.
///
/// Strings are skipped as a whole (a `\` escapes the next byte, so `"\""` and `"\\"` end where
/// they should); an unterminated string ends the scan.
pub(crate) fn too_deep(bytes: &[u8], max: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = 0usize;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'"' => i = string_end(bytes, i + 1)?,
            b'[' | b'{' => {
                depth += 1;
                if depth > max {
                    return Some(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}

/// The offset of the `"` that closes a string whose content starts at `from`, or `None` if
/// the string is not closed.
#[inline]
fn string_end(bytes: &[u8], mut from: usize) -> Option<usize> {
    loop {
        let rest = bytes.get(from..)?;
        let p = find_quote_or_backslash(rest)?;
        from += p;
        if bytes.get(from) == Some(&b'"') {
            return Some(from);
        }
        // A backslash: skip it and the byte it escapes.
        from += 2;
    }
}

/// The index of the first `"` or `\\` in `s`, eight bytes at a time.
#[inline]
fn find_quote_or_backslash(s: &[u8]) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    const QUOTES: u64 = LO * b'"' as u64;
    const BACKSLASHES: u64 = LO * b'\\' as u64;
    let mut chunks = s.chunks_exact(8);
    let mut base = 0usize;
    for chunk in chunks.by_ref() {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        let q = x ^ QUOTES;
        let b = x ^ BACKSLASHES;
        // A zero byte in q or b (exact test: no false positives below the first match).
        let found = (q.wrapping_sub(LO) & !q & HI) | (b.wrapping_sub(LO) & !b & HI);
        if found != 0 {
            return Some(base + (found.trailing_zeros() / 8) as usize);
        }
        base += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&c| c == b'"' || c == b'\\')
        .map(|p| base + p)
}

/// One open container on the way to an offset.
enum Frame {
    /// An array: the index of the current element and whether that element has begun.
    Array { index: usize, started: bool },
    /// An object: the byte range of the current key (inside the quotes), once read whole.
    Object { key: Option<(usize, usize)> },
}

/// The JSON path (`deployments[3].workerQueues`) of the value at byte `offset` of `text`:
/// the containers open just before `offset`, each with its current key or index.
///
/// serde_json reports a type error right after the offending scalar (or at the `[`/`{` it
/// refused), so the path is that value's; it reports a missing field right after the `}` of
/// the object missing it, so the path is that object's. Returns `""` at the top level.
pub(crate) fn path_at(text: &str, offset: usize) -> String {
    let bytes = text.as_bytes();
    let end = offset.min(bytes.len());
    let mut stack: Vec<Frame> = Vec::new();
    // Containers opened beyond MAX_DEPTH are only counted (such a body is refused for its
    // depth anyway): the stack and the path stay small whatever the input.
    let mut beyond = 0usize;
    let mut i = 0usize;
    while i < end {
        let Some(&b) = bytes.get(i) else { break };
        match b {
            b'"' => {
                let is_key = matches!(stack.last(), Some(Frame::Object { .. }));
                // A key is a string met in an object before its `:`; a value string in an
                // object comes after the key is set.
                let key_position = match stack.last() {
                    Some(Frame::Object { key }) => key.is_none(),
                    _ => false,
                };
                begin_value(&mut stack);
                match string_end(bytes, i + 1) {
                    Some(close) if close < end => {
                        if is_key && key_position {
                            if let Some(Frame::Object { key }) = stack.last_mut() {
                                *key = Some((i + 1, close));
                            }
                        }
                        i = close;
                    }
                    // The offset is inside this string (or it is never closed).
                    _ => break,
                }
            }
            b'[' | b'{' if beyond > 0 || stack.len() >= MAX_DEPTH => beyond += 1,
            b']' | b'}' if beyond > 0 => beyond -= 1,
            _ if beyond > 0 => {}
            b'[' => {
                begin_value(&mut stack);
                stack.push(Frame::Array {
                    index: 0,
                    started: false,
                });
            }
            b'{' => {
                begin_value(&mut stack);
                stack.push(Frame::Object { key: None });
            }
            b']' | b'}' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array { index, started }) => {
                    *index += 1;
                    *started = false;
                }
                Some(Frame::Object { key }) => *key = None,
                None => {}
            },
            b' ' | b'\t' | b'\n' | b'\r' | b':' => {}
            _ => begin_value(&mut stack),
        }
        i += 1;
    }
    render(text, &stack)
}

/// A value begins: in an array, the current element has begun.
fn begin_value(stack: &mut [Frame]) {
    if let Some(Frame::Array { started, .. }) = stack.last_mut() {
        *started = true;
    }
}

fn render(text: &str, stack: &[Frame]) -> String {
    let mut out = String::new();
    for frame in stack {
        match frame {
            Frame::Array {
                index,
                started: true,
            } => {
                out.push('[');
                out.push_str(&index.to_string());
                out.push(']');
            }
            Frame::Array { .. } | Frame::Object { key: None } => {}
            Frame::Object {
                key: Some((start, end)),
            } => push_key(&mut out, key_text(text, *start, *end).as_ref()),
        }
    }
    out
}

/// The key between `start` and `end` (inside its quotes), with its escapes decoded.
fn key_text(text: &str, start: usize, end: usize) -> std::borrow::Cow<'_, str> {
    let raw = text.get(start..end).unwrap_or("");
    if !raw.contains('\\') {
        return raw.into();
    }
    // (Read as a JSON value, not as a String: a typed read links serde's type-error messages.)
    match text
        .get(start.saturating_sub(1)..end + 1)
        .map(serde_json::from_str::<serde_json::Value>)
    {
        Some(Ok(serde_json::Value::String(decoded))) => decoded.into(),
        _ => raw.into(),
    }
}

/// `.name` for a plain key (letters, digits, `_`, `$`, in any script), `["a.b"]` otherwise.
fn push_key(out: &mut String, key: &str) {
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '$');
    if plain {
        if !out.is_empty() {
            out.push('.');
        }
        out.push_str(key);
    } else {
        out.push('[');
        match serde_json::to_string(key) {
            Ok(quoted) => out.push_str(&quoted),
            Err(_) => out.push_str(&format!("{key:?}")),
        }
        out.push(']');
    }
}

/// The byte offset serde_json means by `line`/`column` (column counts the bytes of the line
/// read so far); `None` when the error has no position (line 0).
pub(crate) fn error_offset(text: &str, line: usize, column: usize) -> Option<usize> {
    let start = match line {
        0 => return None,
        1 => 0,
        n => text.match_indices('\n').nth(n - 2)?.0 + 1,
    };
    Some((start + column).min(text.len()))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn depth_ignores_brackets_in_strings() {
        assert_eq!(too_deep(br#"[[["[[[[\"[["]]]"#, 3), None);
        assert_eq!(too_deep(br#"[[["\\"[]]]"#, 3), Some(7));
        assert_eq!(too_deep(b"[{[", 2), Some(2));
        assert_eq!(too_deep(b"\"[[[", 1), None);
    }

    #[test]
    fn finds_quotes_and_backslashes_at_every_position() {
        for len in 0..20 {
            for at in 0..len {
                for c in [b'"', b'\\'] {
                    let mut s = vec![b'a'; len];
                    s[at] = c;
                    assert_eq!(find_quote_or_backslash(&s), Some(at), "{len} {at}");
                    // Bytes that differ from the needles by one bit are not matches.
                    let mut t = vec![c ^ 1; len];
                    t[at] = c;
                    assert_eq!(find_quote_or_backslash(&t), Some(at));
                    s[at] = 0x80 | c;
                    assert_eq!(find_quote_or_backslash(&s), None);
                }
            }
        }
    }

    #[test]
    fn paths() {
        let t = r#"{"a":[1,{"b":"x"}]}"#;
        assert_eq!(path_at(t, t.find("\"x\"").unwrap() + 3), "a[1].b");
        assert_eq!(path_at(t, t.find('{').unwrap()), "");
        assert_eq!(path_at(t, t.len()), "");
        assert_eq!(path_at(t, t.find("}]").unwrap() + 1), "a[1]");
        assert_eq!(path_at(t, t.find("1,").unwrap()), "a");
        assert_eq!(path_at(t, t.find("1,").unwrap() + 1), "a[0]");
    }

    #[test]
    fn deep_paths_stay_short() {
        let deep = format!("{{\"a\":{}", "[".repeat(100_000));
        let path = path_at(&deep, deep.len());
        assert_eq!(path, format!("a{}", "[0]".repeat(MAX_DEPTH - 2)));
        let t = format!("[{}{},\"x\"]", "[".repeat(500), "]".repeat(500));
        assert_eq!(path_at(&t, t.len() - 1), "[1]");
    }

    #[test]
    fn offsets() {
        assert_eq!(error_offset("ab\ncd", 2, 1), Some(4));
        assert_eq!(error_offset("ab\ncd", 1, 2), Some(2));
        assert_eq!(error_offset("ab", 0, 0), None);
    }
}
