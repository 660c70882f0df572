export function c() { return 1; }
