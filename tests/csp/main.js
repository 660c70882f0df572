// Imports the package (its ESM entry, wasm embedded) and makes one call against the emulator.
// The emulator's API base URL and token come from the query string: ?api=...&token=...
import { AstroClient, AstroError } from "/pkg/dist/index.js";

const out = document.getElementById("result");
const params = new URLSearchParams(location.search);
try {
  const astro = new AstroClient({ baseUrl: params.get("api"), token: params.get("token") });
  const page = await astro.listOrganizations({ limit: 10 });
  out.textContent = JSON.stringify({ ok: true, page, isAstroError: AstroError.name === "AstroError" });
  document.body.dataset.state = "done";
} catch (e) {
  out.textContent = JSON.stringify({ ok: false, name: e?.name, message: String(e?.message ?? e) });
  document.body.dataset.state = "error";
}
