import Glibc

extension RandomNumberGenerator {
    /// `count` random bytes, eight per `next()`. With `SystemRandomNumberGenerator` every `next()` is a
    /// getrandom(2) call, so `UInt8.random(in:using:)` byte by byte cost one system call per byte: 50 per
    /// SSH login (packet padding, the KEXINIT cookie), ~10 % of the handshake's CPU.
    public mutating func bytes(_ count: Int) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(count + 7)
        while out.count < count {
            let word = next()
            for shift in stride(from: 0, to: 64, by: 8) where out.count < count {
                out.append(UInt8(truncatingIfNeeded: word >> UInt64(shift)))
            }
        }
        return out
    }
}

/// Bytes from the kernel's CSPRNG, fetched by getentropy(3) (getrandom(2)) 256 at a time and handed out
/// once each: an SSH login draws ~150 bytes in a dozen small pieces (KEXINIT cookie, every packet's
/// padding), each of which was a system call of its own. Handed-out bytes are zeroed in the pool.
/// Workers are started by exec, never by a bare fork, so no two processes share a pool's contents.
public final class RandomPool: @unchecked Sendable {
    public static let shared = RandomPool()

    /// getentropy's limit per call.
    private static let capacity = 256
    private let lock = Lock()
    private var pool = [UInt8](repeating: 0, count: RandomPool.capacity)
    /// Bytes before this index are used up.
    private var used = RandomPool.capacity

    public init() {}

    public func bytes(_ count: Int) -> [UInt8] {
        guard count > 0 else { return [] }
        guard count <= Self.capacity / 4 else { return Self.fresh(count) }
        return lock.withLock {
            if used + count > pool.count {
                pool = Self.fresh(Self.capacity)
                used = 0
            }
            let start = used
            used += count
            return pool.withUnsafeMutableBufferPointer { p in
                let out = Array(p[start..<(start + count)])
                p[start..<(start + count)].update(repeating: 0)
                return out
            }
        }
    }

    /// `count` bytes straight from the kernel, 256 per call.
    private static func fresh(_ count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        out.withUnsafeMutableBytes { buffer in
            var filled = 0
            while filled < count {
                let n = min(capacity, count - filled)
                if getentropy(buffer.baseAddress! + filled, n) != 0 {
                    // Only on kernels before 3.17 (no getrandom): Swift's generator reads /dev/urandom.
                    var rng = SystemRandomNumberGenerator()
                    for i in filled..<(filled + n) { buffer[i] = UInt8(truncatingIfNeeded: rng.next()) }
                }
                filled += n
            }
        }
        return out
    }
}

/// A generator that draws from `RandomPool.shared`, for the small numbers a connection needs (the
/// answer delay after a failed password, sshd's MaxStartups roll): with `SystemRandomNumberGenerator`
/// each was a getrandom(2) call of its own, one or two per SSH login.
public struct PooledRandomNumberGenerator: RandomNumberGenerator {
    public init() {}

    public mutating func next() -> UInt64 {
        RandomPool.shared.bytes(8).reduce(0) { $0 << 8 | UInt64($1) }
    }
}
