// Converts a call's input object to JSON text, rejecting what JSON.stringify would silently
// change or choke on: non-plain objects (Date, Map, Promise, class instances), NaN/Infinity (which
// would become null), BigInt, functions and symbols (which would vanish), circular references,
// very deep nesting and huge strings. Returns the JSON text, or [path, rule, message].

const MAX_DEPTH = 64;
const MAX_STRING = 1048576;

function isPlain(value) {
  const proto = Object.getPrototypeOf(value);
  // Object.prototype of any realm has a null prototype itself.
  return proto === null || Object.getPrototypeOf(proto) === null;
}

function where(path) {
  return path === "" ? "the input" : path;
}

function check(value, path, depth, stack) {
  switch (typeof value) {
    case "number":
      return Number.isFinite(value) ? null : [path, "type", `${where(path)} must be a finite number, not ${value}`];
    case "bigint":
      return [path, "type", `${where(path)} must be a number, not a BigInt`];
    case "string":
      return value.length > MAX_STRING
        ? [path, "maxLength", `${where(path)} is longer than ${MAX_STRING} characters`]
        : null;
    case "function":
    case "symbol":
      // JSON.stringify would drop it silently: refuse instead, so nothing the caller passed is lost.
      return [path, "type", `${where(path)} must be a JSON value, not a ${typeof value}`];
    case "object": {
      if (value === null) return null;
      if (depth > MAX_DEPTH) {
        // Name the top-level field: the full path would be thousands of characters.
        const field = path.split(/[.[]/)[0];
        return [field, "type", `${where(field)} is nested more than ${MAX_DEPTH} levels deep`];
      }
      if (stack.includes(value)) return [path, "type", `${where(path)} is a circular reference`];
      stack.push(value);
      try {
        if (Array.isArray(value)) {
          for (let i = 0; i < value.length; i++) {
            const issue = check(value[i], `${path}[${i}]`, depth + 1, stack);
            if (issue) return issue;
          }
          return null;
        }
        if (!isPlain(value)) {
          // A Date, Map, class instance...: JSON.stringify would turn it into something else
          // (a Date into a string, a Map into {}), so it is refused rather than converted.
          const name = (value.constructor && value.constructor.name) || "object";
          return [path, "type", `${where(path)} must be a plain object, not ${name}`];
        }
        for (const key of Object.keys(value)) {
          const issue = check(value[key], path === "" ? key : `${path}.${key}`, depth + 1, stack);
          if (issue) return issue;
        }
        return null;
      } finally {
        stack.pop();
      }
    }
    default:
      return null;
  }
}

export function inputToJson(input) {
  try {
    const issue = check(input, "", 0, []);
    if (issue) return issue;
    const text = JSON.stringify(input);
    return typeof text === "string" ? text : ["", "type", "the input cannot be converted to JSON"];
  } catch (e) {
    // A throwing getter or toJSON.
    return ["", "type", `the input cannot be read: ${e && e.message ? e.message : String(e)}`];
  }
}
