// Vite's client types (CSS imports, import.meta.env), without pulling in Node's.
/// <reference types="vite/client" />
