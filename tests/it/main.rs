//! The one integration-test binary: store, CLI, screen and pseudo-terminal tests.

mod cli;
mod layers;
mod pty;
mod store_basics;
mod store_queue;
mod support;
mod ui_checks;
mod ui_fixture;
mod ui_snapshots;
mod readme;
mod app;
