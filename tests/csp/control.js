// Tries what the policy forbids; the test expects the page to report violations for both.
try { window.evalResult = eval("1 + 1"); } catch (e) { window.evalError = String(e); }
