//! leadbench: a terminal workbench for inside-sales reps.
//!
//! Layers (see the README): `domain` ← `store`, `io`, `config` ← `app` ← `ui` ← `tui`;
//! `cli` uses domain, store, io and config and never the terminal UI.

pub mod app;
pub mod cli;
pub mod config;
pub mod demo;
pub mod domain;
pub mod io;
pub mod ops;
pub mod store;
pub mod tui;
pub mod ui;
