//! Typed client for the Astro Platform API (v1beta1).
#![forbid(unsafe_code)]
