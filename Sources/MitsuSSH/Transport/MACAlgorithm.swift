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

    /// A keyed MAC for one direction (UMAC keeps a per-key pad cache, so it is an object).
    func keyed(_ key: [UInt8]) -> MACKey {
        switch kind {
        case .umac64, .umac128:
            return MACKey(algorithm: self, key: SymmetricKey(data: key), umac: try? UMAC(key: key, tagLength: tagLength))
        default:
            return MACKey(algorithm: self, key: SymmetricKey(data: key), umac: nil)
        }
    }

    func tag(key: SymmetricKey, sequence: UInt32, data: ArraySlice<UInt8>) -> [UInt8] {
        let seq = PacketPadding.bytes(sequence)
        switch kind {
        case .umac64, .umac128:
            return []
        case .hmacMD5:
            var h = HMAC<Insecure.MD5>(key: key)
            h.update(data: seq)
            h.update(data: data)
            return Array(Array(h.finalize()).prefix(tagLength))
        case .hmacSHA1:
            var h = HMAC<Insecure.SHA1>(key: key)
            h.update(data: seq)
            h.update(data: data)
            return Array(Array(h.finalize()).prefix(tagLength))
        case .hmacSHA256:
            var h = HMAC<SHA256>(key: key)
            h.update(data: seq)
            h.update(data: data)
            return Array(h.finalize())
        case .hmacSHA512:
            var h = HMAC<SHA512>(key: key)
            h.update(data: seq)
            h.update(data: data)
            return Array(h.finalize())
        }
    }
}

/// A MAC algorithm with its key: what a packet protection holds per direction.
final class MACKey: @unchecked Sendable {
    let algorithm: MACAlgorithm
    private let key: SymmetricKey
    private let umac: UMAC?

    init(algorithm: MACAlgorithm, key: SymmetricKey, umac: UMAC?) {
        self.algorithm = algorithm
        self.key = key
        self.umac = umac
    }

    /// OpenSSH's UMAC takes the sequence number as its 8-byte nonce instead of prefixing it.
    func tag(sequence: UInt32, data: ArraySlice<UInt8>) -> [UInt8] {
        if let umac { return (try? umac.tag(message: data, sequenceNumber: sequence)) ?? [] }
        return algorithm.tag(key: key, sequence: sequence, data: data)
    }
}

/// Comparison whose time does not depend on where the first difference is.
func constantTimeEqual(_ a: ArraySlice<UInt8>, _ b: [UInt8]) -> Bool {
    guard a.count == b.count else { return false }
    var diff: UInt8 = 0
    for (x, y) in zip(a, b) { diff |= x ^ y }
    return diff == 0
}
