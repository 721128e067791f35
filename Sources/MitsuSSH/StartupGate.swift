import MitsuCore

/// OpenSSH's MaxStartups 10:30:100: with more than 10 connections not yet authenticated, each new one
/// is dropped with a probability rising from 30 % to 100 % at 100 (sshd closes it before the banner).
/// A honeypot that never drops under a brute-force storm would stand out — and would let one scanner
/// hold every slot.
public final class StartupGate: @unchecked Sendable {
    let start: Int
    let rate: Int
    let full: Int
    private let lock = Lock()
    private var unauthenticated = 0
    private var dropped = 0
    /// Connections dropped by the gate since start.
    public var droppedTotal: Int { lock.withLock { dropped } }

    public init(start: Int = 10, rate: Int = 30, full: Int = 100) {
        self.start = start
        self.rate = rate
        self.full = full
    }

    /// A uniform number in 0..<100 for `admit`, from the pooled generator (no system call per connection).
    public static func roll() -> Int {
        var random = PooledRandomNumberGenerator()
        return Int.random(in: 0..<100, using: &random)
    }

    /// Admits a new connection or says to drop it. `roll` is a uniform random number in 0..<100.
    public func admit(roll: Int = StartupGate.roll()) -> Bool {
        lock.withLock {
            let n = unauthenticated
            let drop: Bool
            if n < start {
                drop = false
            } else if n >= full {
                drop = true
            } else {
                // Linear from `rate` % at `start` to 100 % at `full`, as sshd computes it.
                let p = rate + (100 - rate) * (n - start) / (full - start)
                drop = roll < p
            }
            if drop { dropped += 1 } else { unauthenticated += 1 }
            return !drop
        }
    }

    /// The connection authenticated or went away: it no longer counts.
    public func release() {
        lock.withLock { unauthenticated = max(0, unauthenticated - 1) }
    }

    public var pending: Int { lock.withLock { unauthenticated } }
}
