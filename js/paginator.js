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

// An iterator whose first `next()` rejects with `error` (so `paginate` itself never throws).
export function failedIterator(error) {
  let failed = false;
  const it = {
    next() {
      if (failed) return Promise.resolve({ value: undefined, done: true });
      failed = true;
      return Promise.reject(error);
    },
    return() {
      failed = true;
      return Promise.resolve({ value: undefined, done: true });
    },
    pages() {
      return failedIterator(error);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
  return it;
}
