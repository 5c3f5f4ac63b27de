//! Files in and out: private files written atomically (later: import, export, mail).

pub mod events;
pub mod export;
pub mod fs_kind;
pub mod handoff;
pub mod import;
pub mod leftover;
pub mod log;
pub mod mail;
pub mod private_file;
