//! Structural comparison.
