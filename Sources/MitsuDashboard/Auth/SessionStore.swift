import Foundation
import MitsuCore

/// Logged-in browser sessions, in memory: a restart of `mitsu run` logs everyone out, which is the safe
/// direction. The cookie carries a random id; the server keeps only its SHA-256, the user, the CSRF token
/// bound to the session, and a sliding expiry.
public final class SessionStore: @unchecked Sendable {
    public struct Session: Sendable, Equatable {
        public var user: String
        public var csrf: String
        public var expires: Date
    }

    private let lock = Lock()
    private var sessions: [String: Session] = [:]
    private let lifetime: TimeInterval
    /// Caps memory if someone logs in in a loop with valid credentials.
    private let maxSessions = 10_000

    public init(lifetime: TimeInterval) {
        self.lifetime = lifetime
    }

    /// Starts a session; returns the cookie value (shown to the browser only).
    public func create(user: String, now: Date = Date()) -> (cookie: String, session: Session) {
        let id = Secret.token()
        let session = Session(user: user, csrf: Secret.token(), expires: now.addingTimeInterval(lifetime))
        lock.withLock {
            if sessions.count >= maxSessions { sessions = sessions.filter { $0.value.expires > now } }
            if sessions.count >= maxSessions, let oldest = sessions.min(by: { $0.value.expires < $1.value.expires }) {
                sessions[oldest.key] = nil
            }
            sessions[Secret.sha256Hex(id)] = session
        }
        return (id, session)
    }

    /// The live session for a cookie value, its expiry extended; nil when unknown or expired.
    public func session(for cookie: String, now: Date = Date()) -> Session? {
        let key = Secret.sha256Hex(cookie)
        return lock.withLock {
            guard var s = sessions[key] else { return nil }
            guard s.expires > now else {
                sessions[key] = nil
                return nil
            }
            s.expires = now.addingTimeInterval(lifetime)
            sessions[key] = s
            return s
        }
    }

    public func end(_ cookie: String) {
        let key = Secret.sha256Hex(cookie)
        lock.withLock { sessions[key] = nil }
    }

    /// Ends every session of `user` (after a password change or removal).
    public func endAll(user: String) {
        lock.withLock { sessions = sessions.filter { $0.value.user != user } }
    }
}
