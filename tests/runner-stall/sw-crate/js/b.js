export function b() { return 1; }
