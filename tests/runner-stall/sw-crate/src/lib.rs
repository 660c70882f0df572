//! A trivial crate for reproducing a wasm-bindgen-test-runner stall: five tiny JS snippets, so
//! that the generated glue imports five modules (fetched in parallel by the browser).
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/a.js")]
extern "C" { fn a() -> u32; }
#[wasm_bindgen(module = "/js/b.js")]
extern "C" { fn b() -> u32; }
#[wasm_bindgen(module = "/js/c.js")]
extern "C" { fn c() -> u32; }
#[wasm_bindgen(module = "/js/d.js")]
extern "C" { fn d() -> u32; }
#[wasm_bindgen(module = "/js/e.js")]
extern "C" { fn e() -> u32; }

pub fn five() -> u32 { a() + b() + c() + d() + e() }
pub fn two() -> u32 { 2 }
