// Makes the paginators the client returns usable with `for await`: installs
// `[Symbol.asyncIterator]` on the prototype of the (wasm-bindgen) paginator class.
// Imported by the package entry; the wasm layer calls `markAsyncIterable` on each paginator.

function self() {
  return this;
}

export function markAsyncIterable(paginator) {
  const proto = Object.getPrototypeOf(paginator);
  if (proto && !Object.prototype.hasOwnProperty.call(proto, Symbol.asyncIterator)) {
    Object.defineProperty(proto, Symbol.asyncIterator, { value: self, configurable: true, writable: true });
  }
  return paginator;
}
