#if canImport(Glibc)
import Glibc

/// Switches a worker that was started as root to an unprivileged user once its ports are bound:
/// attacker-facing parsers never run with root rights.
public enum PrivilegeDrop {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Returns the uid/gid of `user`, or nil when no such user exists.
    public static func lookup(_ user: String) -> (uid: uid_t, gid: gid_t)? {
        guard let pw = getpwnam(user) else { return nil }
        return (pw.pointee.pw_uid, pw.pointee.pw_gid)
    }

    /// Does nothing unless running as root. Order matters: groups and gid before uid, since after setuid
    /// the process may no longer change them.
    @discardableResult
    public static func drop(to user: String) throws -> Bool {
        guard geteuid() == 0 else { return false }
        guard let ids = lookup(user) else { throw Failure(description: "no such user '\(user)' to drop privileges to") }
        guard setgroups(0, nil) == 0 else { throw Failure(description: "setgroups failed: errno \(errno)") }
        guard setgid(ids.gid) == 0 else { throw Failure(description: "setgid(\(ids.gid)) failed: errno \(errno)") }
        guard setuid(ids.uid) == 0 else { throw Failure(description: "setuid(\(ids.uid)) failed: errno \(errno)") }
        guard setuid(0) != 0 else { throw Failure(description: "could regain root after dropping privileges") }
        return true
    }
}
#endif
