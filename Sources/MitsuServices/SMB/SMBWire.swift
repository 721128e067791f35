/// Wire primitives the SMB, NTLMSSP and SPNEGO code share: little-endian 64-bit reads, UTF-16LE text,
/// Windows FILETIME, NT status codes.
extension ByteReader {
    mutating func u64le() -> UInt64? {
        guard let lo = u32le(), let hi = u32le() else { return nil }
        return UInt64(lo) | UInt64(hi) << 32
    }
}

enum UTF16LE {
    static func encode(_ s: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf16.count * 2)
        for u in s.utf16 { out += [UInt8(truncatingIfNeeded: u), UInt8(truncatingIfNeeded: u >> 8)] }
        return out
    }

    /// Decodes attacker bytes (odd lengths and lone surrogates become U+FFFD), at most `max` characters.
    static func decode<C: Collection>(_ bytes: C, max: Int = 1024) -> String where C.Element == UInt8 {
        var units: [UInt16] = []
        var it = bytes.makeIterator()
        while units.count < max, let lo = it.next() {
            guard let hi = it.next() else { break }
            units.append(UInt16(lo) | UInt16(hi) << 8)
        }
        return String(decoding: units, as: UTF16.self)
    }
}

/// 100-ns intervals since 1601-01-01, the clock in SMB and NTLM.
enum FileTime {
    static let unixEpoch: UInt64 = 116_444_736_000_000_000

    static func from(unixSeconds: Double) -> UInt64 {
        guard unixSeconds > 0 else { return unixEpoch }
        return unixEpoch &+ UInt64(unixSeconds * 10_000_000)
    }
}

/// The NT status codes the persona answers with.
enum NTStatus {
    static let success: UInt32 = 0
    static let moreProcessingRequired: UInt32 = 0xC000_0016
    static let notImplemented: UInt32 = 0xC000_0002
    static let invalidHandle: UInt32 = 0xC000_0008
    static let invalidParameter: UInt32 = 0xC000_000D
    static let invalidDeviceRequest: UInt32 = 0xC000_0010
    static let accessDenied: UInt32 = 0xC000_0022
    static let objectNameNotFound: UInt32 = 0xC000_0034
    static let logonFailure: UInt32 = 0xC000_006D
    static let notSupported: UInt32 = 0xC000_00BB
    static let badNetworkName: UInt32 = 0xC000_00CC
    static let fileClosed: UInt32 = 0xC000_0128
    static let userSessionDeleted: UInt32 = 0xC000_0203
    static let insuffServerResources: UInt32 = 0xC000_0205
    static let noMoreFiles: UInt32 = 0x8000_0006
    static let diskFull: UInt32 = 0xC000_007F
    static let fsDriverRequired: UInt32 = 0xC000_019C
}
