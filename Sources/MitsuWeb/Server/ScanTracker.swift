import Foundation
import MitsuCore

/// Scanner detection by behaviour, across connections: a client that collects many 404s in a short
/// time is walking a wordlist (dirb, gobuster, nikto, nuclei with a changed user agent). Its requests are
/// labelled `scanner` from then on, until it goes quiet for a window. Memory is bounded: at most
/// `maxClients` addresses are tracked, the stalest dropped first.
public final class ScanTracker: @unchecked Sendable {
    public let window: TimeInterval
    public let threshold: Int
    public let maxClients: Int
    private let lock = Lock()
    private var clients: [String: (start: TimeInterval, misses: Int, last: TimeInterval)] = [:]

    public init(window: TimeInterval = 60, threshold: Int = 10, maxClients: Int = 10_000) {
        self.window = window
        self.threshold = threshold
        self.maxClients = maxClients
    }

    /// Records one answered request; true when this client now behaves like a scanner.
    public func record(client: String, status: Int, at now: TimeInterval = Date().timeIntervalSince1970) -> Bool {
        lock.withLock {
            var entry = clients[client] ?? (start: now, misses: 0, last: now)
            if now - entry.last > window { entry = (start: now, misses: 0, last: now) }
            if status == 404 || status == 405 { entry.misses += 1 }
            entry.last = now
            if clients[client] == nil, clients.count >= maxClients {
                // Drop the stalest client; a linear scan, only when the table is full.
                if let stalest = clients.min(by: { $0.value.last < $1.value.last })?.key { clients[stalest] = nil }
            }
            clients[client] = entry
            return entry.misses >= threshold
        }
    }
}
