import Foundation
import MitsuCore

/// Refuses logins after too many failures, counted both per client address and per account name
/// within a sliding window: the first stops one client guessing many accounts, the second stops many
/// clients (or spoofed tunnels) guessing one account.
public final class LoginRateLimiter: @unchecked Sendable {
    private let lock = Lock()
    private var failures: [String: [Date]] = [:]
    private let limit: Int
    private let window: TimeInterval

    public init(limit: Int, window: TimeInterval = 15 * 60) {
        self.limit = limit
        self.window = window
    }

    /// Seconds until `client`/`user` may try again, or nil when a try is allowed now.
    public func retryAfter(client: String, user: String, now: Date = Date()) -> Int? {
        lock.withLock {
            let waits = ["ip:" + client, "user:" + String(user.prefix(64))].compactMap { key -> TimeInterval? in
                let recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }
                failures[key] = recent.isEmpty ? nil : recent
                guard recent.count >= limit, let oldest = recent.first else { return nil }
                return window - now.timeIntervalSince(oldest)
            }
            return waits.max().map { max(1, Int($0.rounded(.up))) }
        }
    }

    public func recordFailure(client: String, user: String, now: Date = Date()) {
        lock.withLock {
            // Bounded: an address or account never holds more than `limit` timestamps, and the whole
            // table is pruned when it grows large.
            if failures.count > 100_000 { failures = failures.filter { ($0.value.last.map { now.timeIntervalSince($0) < window }) ?? false } }
            for key in ["ip:" + client, "user:" + String(user.prefix(64))] {
                var list = failures[key] ?? []
                list.append(now)
                if list.count > limit { list.removeFirst(list.count - limit) }
                failures[key] = list
            }
        }
    }

    public func recordSuccess(client: String, user: String) {
        lock.withLock { failures["user:" + String(user.prefix(64))] = nil }
    }
}
