//! Flyte wire types (generated).
