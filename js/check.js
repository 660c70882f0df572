// The check of a JSON 2xx response body, in JS: UTF-8 (TextDecoder, fatal), JSON.parse, then
// one walk of the parsed value over the schema tables generated from the contract (handed over
// once by loadShapes, from `decoding::response_tables_json`). The rules are the lenient reading
// of the tables, those of the core's `decoding::check_response` (the oracle of the differential
// tests):
// - required fields present and not null (unless nullable); optional fields may be missing or
//   null; unknown fields allowed; enums lenient (any string); integers whole and within i64;
//   numbers finite, anywhere in the body (JSON.parse reads 1e400 as Infinity; the core's
//   parse refuses it); array items never null; map values of their type; "any" anything; a
//   union any object;
// - the body nested at most 128 levels anywhere, unknown fields included (checked without
//   recursion: hostile bodies nest 100,000 levels);
// - an empty (whitespace-only) body is an error, and so is a lone UTF-16 surrogate (a \u
//   escape of U+D800-U+DFFF without its pair) anywhere: the core cannot hold one in a string.
// A failure throws the error's message (a string: "<operation>: <path>: <what>"), or -1 when the
// bytes are not UTF-8 (the wasm layer then finds the offset of the first bad byte).

const MAX_DEPTH = 128;
const EXCERPT_CHARS = 200;
const TWO_63 = 9223372036854775808;

const STRING = 1;
const INTEGER = 2;
const NUMBER = 3;
const BOOLEAN = 4;
const ARRAY = 5;
const OBJECT = 6;
const MAP = 7;
const ANY = 8;
const ANY_OBJECT = 9;

let ops = null;
let secretOps = null;
let decoder = null;

// Integers: JSON.parse cannot tell 1 from 1.0 or -0 from 0 and rounds beyond 2^53, so those
// edge cases (rejected by the typed decode) pass here; see ARCHITECTURE.md.

// Compiles the JSON form of the tables (see `response_shapes_json`): every kind becomes one
// object {t, item, shape}; every shape {name, names, kinds, required, nullable, nRequired,
// index} where index is a null-prototype map from wire name to field number (a "__proto__" or
// "constructor" key of a body finds nothing there).
export function loadShapes(json) {
  const raw = JSON.parse(json);
  const shapes = Object.create(null);
  for (const name of Object.keys(raw.shapes)) {
    shapes[name] = { name, names: [], kinds: [], required: [], nullable: [], nRequired: 0, index: Object.create(null) };
  }
  const kind = (code) => {
    switch (code) {
      case "s":
      case "e":
        return { t: STRING, item: null, shape: null };
      case "i":
        return { t: INTEGER, item: null, shape: null };
      case "n":
        return { t: NUMBER, item: null, shape: null };
      case "b":
        return { t: BOOLEAN, item: null, shape: null };
      case "*":
        return { t: ANY, item: null, shape: null };
      case "o":
        return { t: ANY_OBJECT, item: null, shape: null };
      default:
        if (code[0] === "[") return { t: ARRAY, item: kind(code.slice(1)), shape: null };
        if (code[0] === "{") return { t: MAP, item: kind(code.slice(1)), shape: null };
        if (!(code in shapes)) throw new Error(`schema tables: unknown shape ${code}`);
        return { t: OBJECT, item: null, shape: shapes[code] };
    }
  };
  for (const name of Object.keys(raw.shapes)) {
    const s = shapes[name];
    for (const [field, flags, code] of raw.shapes[name]) {
      s.index[field] = s.names.length;
      s.names.push(field);
      s.kinds.push(kind(code));
      s.required.push((flags & 1) === 1);
      s.nullable.push((flags & 2) === 2);
      if ((flags & 1) === 1) s.nRequired++;
    }
  }
  const compiled = Object.create(null);
  for (const name of Object.keys(raw.ops)) compiled[name] = kind(raw.ops[name]);
  ops = compiled;
  secretOps = new Set(raw.secret ?? []);
}

export function shapesLoaded() {
  return ops !== null;
}

// An error on the way back up: the path is collected in reverse (keys and indices).
class Mismatch {
  constructor(message) {
    this.message = message;
    this.path = [];
  }
}

function typeName(v) {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  switch (typeof v) {
    case "string":
      return "a string";
    case "boolean":
      return "a boolean";
    case "number":
      return `the number ${v}`;
    default:
      return "an object";
  }
}

function expected(kind) {
  switch (kind.t) {
    case STRING:
      return "a string";
    case INTEGER:
      return "an integer (64-bit)";
    case NUMBER:
      return "a number";
    case BOOLEAN:
      return "a boolean";
    case ARRAY:
      return "an array";
    case ANY:
      return "any value";
    default:
      return "an object";
  }
}

// What is wrong in a value no table describes (an unknown field, an "any" value) at nesting
// level `depth` (the body itself is level 1): null, or a Mismatch when it holds anything deeper
// than MAX_DEPTH or a number out of range (JSON.parse reads 1e400 as Infinity; the core's parse
// refuses it, and a typed read could not hold it; `numbers` false looks at the depth only). A
// loop with its own stack: no recursion.
function scanUnchecked(v, depth, numbers = true) {
  if (typeof v === "number") return !numbers || Number.isFinite(v) ? null : outOfRange();
  if (typeof v !== "object" || v === null) return null;
  if (depth > MAX_DEPTH) return deepError();
  const stack = [v];
  const depths = [depth];
  while (stack.length > 0) {
    const c = stack.pop();
    const d = depths.pop();
    const keys = Array.isArray(c) ? null : Object.keys(c);
    const n = keys === null ? c.length : keys.length;
    for (let i = 0; i < n; i++) {
      const x = keys === null ? c[i] : c[keys[i]];
      if (typeof x === "object" && x !== null) {
        if (d + 1 > MAX_DEPTH) return deepError();
        stack.push(x);
        depths.push(d + 1);
      } else if (numbers && typeof x === "number" && !Number.isFinite(x)) {
        return outOfRange();
      }
    }
  }
  return null;
}

function outOfRange() {
  return new Mismatch("a number out of range");
}

function deepError() {
  return new Mismatch(`the body is nested deeper than ${MAX_DEPTH} levels`);
}

// `v` at nesting level `depth` if it is a container.
function checkValue(kind, v, depth) {
  if (typeof v === "number" && !Number.isFinite(v)) return outOfRange();
  switch (kind.t) {
    case STRING:
      if (typeof v === "string") return null;
      break;
    case INTEGER:
      if (typeof v === "number" && Number.isInteger(v) && v >= -TWO_63 && v <= TWO_63) return null;
      break;
    case NUMBER:
      if (typeof v === "number" && Number.isFinite(v)) return null;
      break;
    case BOOLEAN:
      if (typeof v === "boolean") return null;
      break;
    case ARRAY:
      if (Array.isArray(v)) return checkArray(kind.item, v, depth);
      break;
    case ANY:
      return scanUnchecked(v, depth);
    case MAP:
      if (typeof v === "object" && v !== null && !Array.isArray(v)) return checkMap(kind.item, v, depth);
      break;
    case ANY_OBJECT:
      if (typeof v === "object" && v !== null && !Array.isArray(v)) return scanUnchecked(v, depth);
      break;
    default:
      if (typeof v === "object" && v !== null && !Array.isArray(v)) return checkObject(kind.shape, v, depth);
      break;
  }
  return new Mismatch(`expected ${expected(kind)}, got ${typeName(v)}`);
}

function checkArray(item, a, depth) {
  if (depth > MAX_DEPTH) return deepError();
  for (let i = 0; i < a.length; i++) {
    const err = checkValue(item, a[i], depth + 1);
    if (err !== null) {
      err.path.push(i);
      return err;
    }
  }
  return null;
}

function checkMap(item, o, depth) {
  if (depth > MAX_DEPTH) return deepError();
  for (const key in o) {
    const err = checkValue(item, o[key], depth + 1);
    if (err !== null) {
      err.path.push(key);
      return err;
    }
  }
  return null;
}

function checkObject(shape, o, depth) {
  if (depth > MAX_DEPTH) return deepError();
  const { index, kinds, required, nullable } = shape;
  let present = 0;
  for (const key in o) {
    const i = index[key];
    const v = o[key];
    if (i === undefined) {
      // An unknown field: allowed, but it counts for the depth limit and its numbers must be
      // in range.
      const err = scanUnchecked(v, depth + 1);
      if (err !== null) {
        err.path.push(key);
        return err;
      }
      continue;
    }
    if (v === null) {
      if (required[i] && !nullable[i]) {
        const err = new Mismatch(`expected ${expected(kinds[i])}, got null`);
        err.path.push(key);
        return err;
      }
      continue;
    }
    if (required[i]) present++;
    const err = checkValue(kinds[i], v, depth + 1);
    if (err !== null) {
      err.path.push(key);
      return err;
    }
  }
  if (present !== shape.nRequired) {
    for (let i = 0; i < shape.names.length; i++) {
      if (required[i] && !Object.prototype.hasOwnProperty.call(o, shape.names[i])) {
        return new Mismatch(`missing required field "${shape.names[i]}"`);
      }
    }
  }
  return null;
}

function pathText(segments) {
  let out = "";
  for (let i = segments.length - 1; i >= 0; i--) {
    const s = segments[i];
    out += typeof s === "number" ? `[${s}]` : out === "" ? s : `.${s}`;
  }
  return out;
}

function mediaType(contentType) {
  return contentType == null ? "" : contentType.split(";")[0].trim();
}

function excerpt(text) {
  const trimmed = text.trim();
  const chars = Array.from(trimmed.slice(0, EXCERPT_CHARS * 2));
  return JSON.stringify(chars.length > EXCERPT_CHARS || trimmed.length > EXCERPT_CHARS * 2 ? chars.slice(0, EXCERPT_CHARS).join("") + "…" : trimmed);
}

function describeBody(contentType, text) {
  const media = mediaType(contentType);
  return `a ${media === "" ? "non-JSON" : media} body: ${excerpt(text)}`;
}

const BLANK = /^[ \t\n\r]*$/;
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

// Whether a string or key of the parsed body holds a surrogate without its pair (the core's
// parse refuses one: a Rust string cannot hold it). A loop with its own stack: no recursion.
function holdsLoneSurrogate(value) {
  const stack = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === "string") {
      if (LONE_SURROGATE.test(v)) return true;
    } else if (Array.isArray(v)) {
      for (const x of v) stack.push(x);
    } else if (typeof v === "object" && v !== null) {
      for (const k of Object.keys(v)) {
        if (LONE_SURROGATE.test(k)) return true;
        stack.push(v[k]);
      }
    }
  }
  return false;
}

// Checks the body of a 2xx response of `op` (Uint8Array, or a string when the response had
// no stream); returns the parsed value.
export function checkBody(op, status, contentType, body) {
  let text = body;
  if (typeof body !== "string") {
    if (decoder === null) decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
    try {
      text = decoder.decode(body);
    } catch {
      throw -1;
    }
  }
  if (BLANK.test(text)) throw `${op}: expected a JSON body with HTTP ${status}, got an empty body`;
  let value;
  try {
    value = JSON.parse(text);
  } catch (e) {
    // An excerpt could hold the secret the answer carries (a new token's value).
    const media = mediaType(contentType);
    const got = secretOps.has(op) ? `a ${media === "" ? "non-JSON" : media} body (not shown: this answer carries a secret)` : describeBody(contentType, text);
    throw `${op}: the body is not valid JSON (${e && e.message ? e.message : String(e)}); got ${got}`;
  }
  // (Only escapes make lone surrogates: the text itself is well-formed UTF-8.)
  if (SURROGATE_ESCAPE.test(text) && holdsLoneSurrogate(value)) {
    throw `${op}: the body is not valid JSON text (a \\u escape of a lone UTF-16 surrogate)`;
  }
  const kind = ops[op];
  const err = checkValue(kind, value, 1);
  if (err !== null) {
    // A body nested too deep is reported as such, whatever else is wrong with it.
    const deep = scanUnchecked(value, 1, false) !== null;
    const where = deep ? "" : pathText(err.path);
    const what = deep ? deepError().message : err.message;
    throw where === "" ? `${op}: ${what}` : `${op}: ${where}: ${what}`;
  }
  return value;
}
