import Crypto

/// What every key exchange gives the transport: the reply to send, the shared secret K in its wire
/// encoding (mpint for classic methods, string for sntrup761x25519), and the exchange hash H.
public struct KexResult: Sendable {
    public var reply: [UInt8]
    public var sharedSecret: [UInt8]
    public var exchangeHash: [UInt8]
    public var hashFunction: KexHash
}

/// Inputs every exchange hash starts with (RFC 4253 §8): V_C, V_S, I_C, I_S, K_S.
public struct KexTranscript: Sendable {
    public var clientVersion: [UInt8]
    public var serverVersion: [UInt8]
    public var clientKexInit: [UInt8]
    public var serverKexInit: [UInt8]
    public var hostKeyBlob: [UInt8]

    func prefix() -> SSHWriter {
        var w = SSHWriter(capacity: 2048)
        w.string(clientVersion)
        w.string(serverVersion)
        w.string(clientKexInit)
        w.string(serverKexInit)
        w.string(hostKeyBlob)
        return w
    }
}

public enum KexHash: Sendable {
    case sha1, sha256, sha384, sha512

    func hash(_ data: [UInt8]) -> [UInt8] {
        switch self {
        case .sha1: return Array(Insecure.SHA1.hash(data: data))
        case .sha256: return Array(SHA256.hash(data: data))
        case .sha384: return Array(SHA384.hash(data: data))
        case .sha512: return Array(SHA512.hash(data: data))
        }
    }
}

public enum KexError: Error, Equatable {
    case unexpectedMessage(UInt8)
    case malformed
    case unsupported(String)
}

/// A server-side key exchange method as a small state machine: it consumes the client's kex messages
/// and either asks for more (`.reply` only) or finishes with a `KexResult`.
public protocol ServerKeyExchange {
    mutating func receive(_ payload: [UInt8], transcript: KexTranscript, sign: ([UInt8]) throws -> [UInt8]) throws -> KexStep
}

public enum KexStep {
    case reply([UInt8])
    case done(KexResult)
}

public enum KexMethods {
    public static let supportedNames = [
        "sntrup761x25519-sha512", "sntrup761x25519-sha512@openssh.com",
        "curve25519-sha256", "curve25519-sha256@libssh.org",
        "ecdh-sha2-nistp256", "ecdh-sha2-nistp384", "ecdh-sha2-nistp521",
        "diffie-hellman-group-exchange-sha256",
        "diffie-hellman-group16-sha512", "diffie-hellman-group18-sha512", "diffie-hellman-group14-sha256",
        "diffie-hellman-group14-sha1", "diffie-hellman-group1-sha1", "diffie-hellman-group-exchange-sha1",
    ]

    public static func make(_ name: String) -> (any ServerKeyExchange)? {
        switch name {
        case "sntrup761x25519-sha512", "sntrup761x25519-sha512@openssh.com": return SNTRUPX25519Exchange()
        case "curve25519-sha256", "curve25519-sha256@libssh.org": return ECDHExchange(curve: .x25519)
        case "ecdh-sha2-nistp256": return ECDHExchange(curve: .p256)
        case "ecdh-sha2-nistp384": return ECDHExchange(curve: .p384)
        case "ecdh-sha2-nistp521": return ECDHExchange(curve: .p521)
        case "diffie-hellman-group14-sha256": return DHExchange(group: .group14, hash: .sha256)
        case "diffie-hellman-group16-sha512": return DHExchange(group: .group16, hash: .sha512)
        case "diffie-hellman-group18-sha512": return DHExchange(group: .group18, hash: .sha512)
        case "diffie-hellman-group14-sha1": return DHExchange(group: .group14, hash: .sha1)
        case "diffie-hellman-group1-sha1": return DHExchange(group: .group1, hash: .sha1)
        case "diffie-hellman-group-exchange-sha256": return DHGroupExchange()
        case "diffie-hellman-group-exchange-sha1": return DHGroupExchange(hash: .sha1)
        default: return nil
        }
    }
}
