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
