// Installs one method per operation on the client class: `listDeployments(input, options)` is
// `request(<index of listDeployments>, input, options)`. The names come from the wasm module
// (the registry generated from the contract), so the methods are exactly the operations of the
// module's API version. Called once by the package entry.
export function installOperations(Client) {
  const names = Client.operationNames();
  for (let i = 0; i < names.length; i++) {
    const index = i;
    Object.defineProperty(Client.prototype, names[i], {
      value: function (input, options) {
        return this.request(index, input, options);
      },
      writable: true,
      configurable: true,
    });
  }
  return Client;
}
