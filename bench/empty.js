// An empty ES module: what Node's ESM loader costs before any import.
