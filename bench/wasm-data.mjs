// The data section of a .wasm (static tables and strings), raw and gzipped, beside the whole
// module gzipped: `node bench/wasm-data.mjs pkg/dist/astro.wasm pkg/dist/v1/astro.wasm`.
// (twiggy shows the data section as one item, `data[0]`; this says how much of the gzipped
// module it is, and how much of it is text: runs of 4+ printable ASCII bytes.)
import fs from "node:fs";
import zlib from "node:zlib";

for (const file of process.argv.slice(2)) {
  const buf = fs.readFileSync(file);
  let p = 8;
  const leb = () => {
    let r = 0;
    let s = 0;
    let b;
    do {
      b = buf[p++];
      r |= (b & 0x7f) << s;
      s += 7;
    } while (b & 0x80);
    return r >>> 0;
  };
  let data = Buffer.alloc(0);
  while (p < buf.length) {
    const id = buf[p++];
    const len = leb();
    if (id === 11) data = buf.subarray(p, p + len);
    p += len;
  }
  const text = (data.toString("latin1").match(/[\x20-\x7e]{4,}/g) ?? []).reduce((a, r) => a + r.length, 0);
  const gz = (b) => zlib.gzipSync(b, { level: 9 }).length;
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  console.log(`${file}: module ${kb(buf.length)} (${kb(gz(buf))} gzip); data section ${kb(data.length)} (${kb(gz(data))} gzip), of which text ${kb(text)}`);
}
