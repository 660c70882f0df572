// Imports the package's v1 entry (its ESM form, wasm embedded) and makes the calls every
// environment test makes (tests/js/support/exercise.mjs, served at /support/) against the
// emulator's v1 API. Query string: ?api=<v1 base URL>&token=...&tag=<x-test-id>
import * as pkg from "/pkg/dist/v1/index.js";
import { exercise } from "/support/exercise.mjs";

const out = document.getElementById("result");
const params = new URLSearchParams(location.search);
exercise(pkg, { entry: "v1", baseUrl: params.get("api"), token: params.get("token"), tag: params.get("tag") }).then(
  (result) => {
    out.textContent = JSON.stringify({ ok: true, result });
    document.body.dataset.state = "done";
  },
  (e) => {
    out.textContent = JSON.stringify({ ok: false, name: e?.name, message: String(e?.message ?? e) });
    document.body.dataset.state = "error";
  },
);
