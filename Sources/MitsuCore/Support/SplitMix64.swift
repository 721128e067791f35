/// SplitMix64 (Steele, Lea, Flood 2014): a tiny deterministic generator. For what must come out the same
/// from the same seed (a persona's lures and certificate survive restarts without being stored twice;
/// tests replay their "random" input), never for secrets.
public struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// The seed bytes folded into one state (FNV-1a style), so that a longer secret seeds it whole.
    public init(seed: [UInt8]) {
        var s: UInt64 = 0x9E37_79B9_7F4A_7C15
        for b in seed { s = (s ^ UInt64(b)) &* 0x100_0000_01B3 }
        state = s
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
