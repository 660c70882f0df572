export function e() { return 1; }
