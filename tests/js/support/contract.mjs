// The contracts in spec/, read here independently of the client (the `yaml` package), to drive
// table-driven tests: the operations of a version with their method, path template and
// parameters, and sample values built from the schemas (every property set, enums' first
// value, numbers within their bounds, a union's first variant with its selector).
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import YAML from "yaml";

const here = path.dirname(fileURLToPath(import.meta.url));

/** The contract file `name` (`astro-v1.yaml`), from the copy of spec/ beside the tests. */
export function loadContract(name) {
  const candidates = [path.resolve(here, "../../spec", name), path.resolve(here, "../../../spec", name)];
  for (const file of candidates) {
    try {
      return YAML.parse(readFileSync(file, "utf8"));
    } catch (e) {
      if (e.code !== "ENOENT") throw e;
    }
  }
  throw new Error(`contract ${name} not found (looked in ${candidates.join(", ")})`);
}

export function resolve(doc, node) {
  let n = node;
  for (let i = 0; i < 16 && n && n.$ref; i++) {
    n = n.$ref
      .slice(2)
      .split("/")
      .reduce((o, k) => o[k.replace(/~1/g, "/").replace(/~0/g, "~")], doc);
  }
  return n;
}

/** `ListDeployments` or `listDeployments` -> `listDeployments`. */
export function methodName(operationId) {
  return operationId[0].toLowerCase() + operationId.slice(1);
}

/** Every operation: {name, method, path, op, params: {path, query, header}, body, success, response}. */
export function operations(doc) {
  const out = [];
  for (const [p, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!["get", "post", "put", "patch", "delete"].includes(method)) continue;
      const params = (op.parameters ?? []).map((x) => resolve(doc, x));
      const body = op.requestBody ? resolve(doc, op.requestBody).content["application/json"].schema : null;
      const [success, response] = Object.entries(op.responses).find(([code]) => code.startsWith("2"));
      const content = resolve(doc, response).content ?? null;
      out.push({
        name: methodName(op.operationId),
        method: method.toUpperCase(),
        path: p,
        op,
        params: {
          path: params.filter((x) => x.in === "path"),
          query: params.filter((x) => x.in === "query"),
          header: params.filter((x) => x.in === "header"),
        },
        body,
        success: Number(success),
        response: content,
      });
    }
  }
  return out;
}

function dateTime(i) {
  return `2026-0${1 + (i % 9)}-1${i % 10}T10:${10 + (i % 50)}:00Z`;
}

/**
 * A value of `schema`: every property set (optional ones too, unless `required` only), the
 * first enum value, integers at their minimum (or 3), strings of a safe length, arrays of
 * `items` items (at least minItems, no duplicates), a union's first variant (its selector set).
 */
export function sample(doc, schema, { seed = 0, requiredOnly = false, depth = 0 } = {}) {
  const s = resolve(doc, schema);
  if (s.oneOf) {
    const disc = s.discriminator;
    const [value, ref] = Object.entries(disc.mapping)[seed % Object.keys(disc.mapping).length];
    const v = sample(doc, { $ref: ref }, { seed, requiredOnly, depth });
    v[disc.propertyName] = value;
    return v;
  }
  if (s.enum) return s.enum[seed % s.enum.length];
  switch (s.type) {
    case "string":
      if (s.format === "date-time") return dateTime(seed);
      return `s${seed}-${"x".repeat(Math.max(0, Math.min((s.minLength ?? 1) - 1, 8)))}`.slice(0, s.maxLength ?? 64);
    case "integer": {
      const lo = s.minimum ?? 0;
      const hi = s.maximum ?? lo + 10;
      return Math.min(hi, lo + 3);
    }
    case "number":
      return 2.5;
    case "boolean":
      return seed % 2 === 0;
    case "array": {
      const n = Math.max(s.minItems ?? 0, 1);
      const items = [];
      for (let i = 0; items.length < n && i < n * 4; i++) {
        const v = sample(doc, s.items, { seed: seed + i, requiredOnly, depth: depth + 1 });
        if (!items.some((x) => JSON.stringify(x) === JSON.stringify(v))) items.push(v);
      }
      return items;
    }
    case "object":
    default: {
      if (s.additionalProperties && !s.properties) {
        const inner = typeof s.additionalProperties === "object" && Object.keys(s.additionalProperties).length > 0 ? s.additionalProperties : { type: "string" };
        return { key: sample(doc, inner, { seed, requiredOnly, depth: depth + 1 }) };
      }
      const out = {};
      const required = new Set(s.required ?? []);
      for (const [name, prop] of Object.entries(s.properties ?? {})) {
        if (requiredOnly && !required.has(name)) continue;
        if (depth > 6 && !required.has(name)) continue;
        out[name] = sample(doc, prop, { seed: seed + name.length, requiredOnly, depth: depth + 1 });
      }
      for (const c of s["x-checks"] ?? []) {
        if (typeof out[c.notLess] === "number" && typeof out[c.than] === "number" && out[c.notLess] < out[c.than]) {
          out[c.notLess] = out[c.than];
        }
      }
      return out;
    }
  }
}

/** The request an input should become: {method, path, query: [[k, v]...], body}. */
export function expectedRequest(entry, input) {
  const pathText = entry.path.replace(/\{([^}]+)\}/g, (_, name) => encodeURIComponent(input[name]));
  const query = [];
  for (const p of entry.params.query) {
    const v = input[p.name];
    if (v === undefined) continue;
    for (const item of Array.isArray(v) ? v : [v]) query.push([p.name, String(item)]);
  }
  let body = null;
  if (entry.body) {
    body = { ...input };
    for (const p of [...entry.params.path, ...entry.params.query, ...entry.params.header]) delete body[p.name];
  }
  return { method: entry.method, path: pathText, query, body };
}
