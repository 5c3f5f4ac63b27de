//! Files in and out: private files written atomically (later: import, export, mail).

pub mod events;
pub mod export;
pub mod handoff;
pub mod import;
pub mod mail;
pub mod private_file;
