//! Which file system holds the database: SQLite's locks (and so WAL) are unreliable on network
//! file systems, where two writers can corrupt the file. leadbench warns; it does not refuse,
//! since a rep alone on an NFS home directory is usually fine.

use std::path::Path;

/// File system types whose locking SQLite cannot rely on.
const NETWORK_TYPES: &[&str] = &[
    "nfs",
    "nfs4",
    "cifs",
    "smb",
    "smb3",
    "smbfs",
    "ncpfs",
    "afs",
    "9p",
    "ceph",
    "glusterfs",
    "lustre",
    "gpfs",
    "davfs",
    "fuse.sshfs",
    "fuse.davfs2",
    "fuse.rclone",
    "fuse.s3fs",
];

/// The type of the file system that holds `path`, from a `/proc/self/mountinfo` text: the
/// mount with the longest mount point that is a prefix of the path.
pub fn fs_type_in(mountinfo: &str, path: &Path) -> Option<String> {
    let mut best: Option<(usize, String)> = None;
    for line in mountinfo.lines() {
        // Fields: id parent major:minor root mount-point options … - type source options.
        let mut halves = line.splitn(2, " - ");
        let (Some(left), Some(right)) = (halves.next(), halves.next()) else {
            continue;
        };
        let Some(point) = left.split(' ').nth(4) else {
            continue;
        };
        let Some(kind) = right.split(' ').next() else {
            continue;
        };
        let point = unescape(point);
        if path.starts_with(&point) && best.as_ref().is_none_or(|(len, _)| point.len() >= *len) {
            best = Some((point.len(), kind.to_owned()));
        }
    }
    best.map(|(_, kind)| kind)
}

/// mountinfo writes spaces and a few other characters in octal (`\040`).
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('\\') {
        out.push_str(&rest[..i]);
        let code = rest
            .get(i + 1..i + 4)
            .and_then(|o| u8::from_str_radix(o, 8).ok());
        match code {
            Some(b) => {
                out.push(char::from(b));
                rest = &rest[i + 4..];
            }
            None => {
                out.push('\\');
                rest = &rest[i + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether a file system type is a network one.
pub fn is_network(kind: &str) -> bool {
    NETWORK_TYPES.contains(&kind)
}

/// The file system type holding `path` on this machine (Linux; none elsewhere).
pub fn fs_type(path: &Path) -> Option<String> {
    let path = std::fs::canonicalize(path).ok()?;
    let info = std::fs::read_to_string("/proc/self/mountinfo").ok()?;
    fs_type_in(&info, &path)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MOUNTS: &str = "\
22 1 0:21 / / rw,relatime - ext4 /dev/sda1 rw
30 22 0:40 / /home/rep rw,relatime - nfs4 server:/export/rep rw
31 30 0:41 / /home/rep/local\\040disk rw - ext4 /dev/sdb1 rw
";

    #[test]
    fn the_longest_mount_point_decides() {
        let t = |p: &str| fs_type_in(MOUNTS, Path::new(p));
        assert_eq!(t("/var/lib/x.db").as_deref(), Some("ext4"));
        assert_eq!(
            t("/home/rep/.local/share/leadbench/leadbench.db").as_deref(),
            Some("nfs4")
        );
        assert_eq!(t("/home/rep/local disk/lb.db").as_deref(), Some("ext4"));
        assert_eq!(t("/home/reporter/lb.db").as_deref(), Some("ext4"));
        assert!(is_network("nfs4") && is_network("fuse.sshfs") && !is_network("ext4"));
    }
}
