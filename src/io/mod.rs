//! Files in and out: private files written atomically (later: import, export, mail).

pub mod private_file;
