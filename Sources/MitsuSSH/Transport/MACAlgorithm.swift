import Crypto

/// The MACs of the MAC name-list (RFC 4253 §6.4, RFC 6668, OpenSSH's -etm variants). The MAC input is
/// uint32 sequence number ‖ packet (whole clear packet, or length ‖ ciphertext for -etm).
public struct MACAlgorithm: Sendable {
    public enum Kind: Sendable { case hmacMD5, hmacSHA1, hmacSHA256, hmacSHA512, umac64, umac128 }

    public let name: String
    public let kind: Kind
    public let encryptThenMAC: Bool
    /// The -96 variants send only the first 12 bytes of the HMAC (RFC 4253 §6.4).
    var truncatedTo: Int?

    init(name: String, kind: Kind, encryptThenMAC: Bool, truncatedTo: Int? = nil) {
        self.name = name
        self.kind = kind
        self.encryptThenMAC = encryptThenMAC
        self.truncatedTo = truncatedTo
    }

    public var keyLength: Int {
        switch kind {
        case .hmacMD5: return 16
        case .hmacSHA1: return 20
        case .hmacSHA256: return 32
        case .hmacSHA512: return 64
        case .umac64, .umac128: return 16
        }
    }

    public var tagLength: Int {
        switch kind {
        case .umac64: return 8
        case .umac128: return 16
        default: return truncatedTo ?? keyLength
        }
    }

    public static func named(_ name: String) -> MACAlgorithm? {
        switch name {
        case "hmac-sha1": return MACAlgorithm(name: name, kind: .hmacSHA1, encryptThenMAC: false)
        case "hmac-sha1-96": return MACAlgorithm(name: name, kind: .hmacSHA1, encryptThenMAC: false, truncatedTo: 12)
        case "hmac-md5": return MACAlgorithm(name: name, kind: .hmacMD5, encryptThenMAC: false)
        case "hmac-md5-96": return MACAlgorithm(name: name, kind: .hmacMD5, encryptThenMAC: false, truncatedTo: 12)
        case "hmac-md5-etm@openssh.com": return MACAlgorithm(name: name, kind: .hmacMD5, encryptThenMAC: true)
        case "hmac-sha2-256": return MACAlgorithm(name: name, kind: .hmacSHA256, encryptThenMAC: false)
        case "hmac-sha2-512": return MACAlgorithm(name: name, kind: .hmacSHA512, encryptThenMAC: false)
        case "hmac-sha1-etm@openssh.com": return MACAlgorithm(name: name, kind: .hmacSHA1, encryptThenMAC: true)
        case "hmac-sha2-256-etm@openssh.com": return MACAlgorithm(name: name, kind: .hmacSHA256, encryptThenMAC: true)
        case "hmac-sha2-512-etm@openssh.com": return MACAlgorithm(name: name, kind: .hmacSHA512, encryptThenMAC: true)
        case "umac-64@openssh.com": return MACAlgorithm(name: name, kind: .umac64, encryptThenMAC: false)
        case "umac-128@openssh.com": return MACAlgorithm(name: name, kind: .umac128, encryptThenMAC: false)
        case "umac-64-etm@openssh.com": return MACAlgorithm(name: name, kind: .umac64, encryptThenMAC: true)
        case "umac-128-etm@openssh.com": return MACAlgorithm(name: name, kind: .umac128, encryptThenMAC: true)
        default: return nil
        }
    }

    public static let supportedNames = [
        "umac-64-etm@openssh.com", "umac-128-etm@openssh.com", "umac-64@openssh.com", "umac-128@openssh.com",
        "hmac-sha2-256-etm@openssh.com", "hmac-sha2-512-etm@openssh.com", "hmac-sha1-etm@openssh.com",
        "hmac-sha2-256", "hmac-sha2-512", "hmac-sha1",
        // Legacy, for personas of older servers.
        "hmac-sha1-96", "hmac-md5", "hmac-md5-96", "hmac-md5-etm@openssh.com",
    ]

    /// A keyed MAC for one direction: the HMAC key schedule runs once here, not once per packet.
    func keyed(_ key: [UInt8]) -> MACKey {
        MACKey(algorithm: self, key: key)
    }
}

/// A MAC algorithm with its key: what a packet protection holds per direction. An HMAC is kept as its
/// state after the key (inner and outer pads hashed) and copied for each packet; UMAC keeps a per-key
/// pad cache.
final class MACKey: @unchecked Sendable {
    private enum Keyed {
        case md5(HMAC<Insecure.MD5>)
        case sha1(HMAC<Insecure.SHA1>)
        case sha256(HMAC<SHA256>)
        case sha512(HMAC<SHA512>)
        case umac(UMAC?)
    }

    let algorithm: MACAlgorithm
    private let keyed: Keyed

    init(algorithm: MACAlgorithm, key: [UInt8]) {
        self.algorithm = algorithm
        let symmetric = SymmetricKey(data: key)
        switch algorithm.kind {
        case .hmacMD5: keyed = .md5(HMAC(key: symmetric))
        case .hmacSHA1: keyed = .sha1(HMAC(key: symmetric))
        case .hmacSHA256: keyed = .sha256(HMAC(key: symmetric))
        case .hmacSHA512: keyed = .sha512(HMAC(key: symmetric))
        case .umac64, .umac128: keyed = .umac(try? UMAC(key: key, tagLength: algorithm.tagLength))
        }
    }

    /// The MAC of uint32 sequence ‖ data. OpenSSH's UMAC takes the sequence number as its 8-byte nonce
    /// instead of prefixing it.
    func tag(sequence: UInt32, data: ArraySlice<UInt8>) -> [UInt8] {
        switch keyed {
        case .md5(let h): return Self.tag(h, sequence, data, algorithm.tagLength)
        case .sha1(let h): return Self.tag(h, sequence, data, algorithm.tagLength)
        case .sha256(let h): return Self.tag(h, sequence, data, algorithm.tagLength)
        case .sha512(let h): return Self.tag(h, sequence, data, algorithm.tagLength)
        case .umac(let umac): return umac.flatMap { try? $0.tag(message: data, sequenceNumber: sequence) } ?? []
        }
    }

    private static func tag<H: HashFunction>(_ keyed: HMAC<H>, _ sequence: UInt32, _ data: ArraySlice<UInt8>, _ length: Int) -> [UInt8] {
        var h = keyed
        withUnsafeBytes(of: sequence.bigEndian) { h.update(data: $0) }
        data.withUnsafeBytes { h.update(data: $0) }
        return h.finalize().withUnsafeBytes { Array($0.prefix(length)) }
    }
}

/// Comparison whose time does not depend on where the first difference is.
func constantTimeEqual(_ a: ArraySlice<UInt8>, _ b: [UInt8]) -> Bool {
    guard a.count == b.count else { return false }
    var diff: UInt8 = 0
    for (x, y) in zip(a, b) { diff |= x ^ y }
    return diff == 0
}
