//! The wasm-bindgen exports of the npm package: deserialize, call the core, serialize.
//!
//! Placeholder: filled in by the npm package work.
