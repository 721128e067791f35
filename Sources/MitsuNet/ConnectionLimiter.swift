import MitsuCore

/// Global and per-source-address connection caps, shared by every listener of a worker.
///
/// A honeypot must stay up under floods without becoming an amplifier for them: beyond the caps new
/// connections are closed at once and counted, and the first refusal per address per minute becomes a
/// `session.refused` event (so a flood is visible without writing one event per SYN).
public final class ConnectionLimiter: @unchecked Sendable {
    public enum Refusal: String, Sendable {
        case globalCap = "global connection cap"
        case perIPCap = "per-address connection cap"
    }

    private let lock = Lock()
    private let maxConnections: Int
    private let maxPerIP: Int
    private var open = 0
    private var perIP: [String: Int] = [:]
    private var lastReported: [String: Int64] = [:]
    private var refused = 0
    /// Every refusal since start, reported or not.
    public var refusedTotal: Int { lock.withLock { refused } }

    public init(maxConnections: Int, maxPerIP: Int) {
        self.maxConnections = maxConnections
        self.maxPerIP = maxPerIP
    }

    public convenience init(_ limits: LimitsConfig) {
        self.init(maxConnections: limits.maxConnections, maxPerIP: limits.maxConnectionsPerIP)
    }

    /// Takes a slot for `ip`, or says why not. `shouldReport` is true for the first refusal of an address
    /// in a minute.
    public func acquire(_ ip: String, nowMS: Int64 = Timestamp.now().millisecondsSince1970) -> (refusal: Refusal, shouldReport: Bool)? {
        lock.withLock {
            let current = perIP[ip, default: 0]
            let refusal: Refusal?
            if open >= maxConnections {
                refusal = .globalCap
            } else if current >= maxPerIP {
                refusal = .perIPCap
            } else {
                refusal = nil
            }
            guard let refusal else {
                open += 1
                perIP[ip] = current + 1
                return nil
            }
            refused += 1
            let report = lastReported[ip].map { nowMS &- $0 >= 60_000 } ?? true
            if report {
                if lastReported.count > 10_000 { lastReported.removeAll(keepingCapacity: true) }
                lastReported[ip] = nowMS
            }
            return (refusal, report)
        }
    }

    public func release(_ ip: String) {
        lock.withLock {
            open = max(0, open - 1)
            if let c = perIP[ip] {
                if c <= 1 { perIP[ip] = nil } else { perIP[ip] = c - 1 }
            }
        }
    }

    public var openConnections: Int { lock.withLock { open } }
}
