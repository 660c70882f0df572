export function d() { return 1; }
