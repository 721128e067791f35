import Crypto
import Foundation
import _CryptoExtras

/// A server host key: its public blob (RFC 4253 §6.6) and signatures over the exchange hash.
public protocol HostKey: Sendable {
    /// Key type as it appears in the blob (`ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa`).
    var keyType: String { get }
    /// Signature algorithms this key serves (RSA serves rsa-sha2-512 and rsa-sha2-256).
    var algorithms: [String] { get }
    var publicKeyBlob: [UInt8] { get }
    func signature(over data: [UInt8], algorithm: String) throws -> [UInt8]
}

public struct Ed25519HostKey: HostKey {
    let key: Curve25519.Signing.PrivateKey
    public var keyType: String { "ssh-ed25519" }
    public var algorithms: [String] { ["ssh-ed25519"] }

    public var publicKeyBlob: [UInt8] {
        var w = SSHWriter()
        w.string("ssh-ed25519")
        w.string(Array(key.publicKey.rawRepresentation))
        return w.bytes
    }

    public func signature(over data: [UInt8], algorithm: String) throws -> [UInt8] {
        var w = SSHWriter()
        w.string("ssh-ed25519")
        w.string(Array(try key.signature(for: data)))
        return w.bytes
    }
}

public struct ECDSAP256HostKey: HostKey {
    let key: P256.Signing.PrivateKey
    public var keyType: String { "ecdsa-sha2-nistp256" }
    public var algorithms: [String] { ["ecdsa-sha2-nistp256"] }

    public var publicKeyBlob: [UInt8] {
        var w = SSHWriter()
        w.string("ecdsa-sha2-nistp256")
        w.string("nistp256")
        w.string(Array(key.publicKey.x963Representation))
        return w.bytes
    }

    /// RFC 5656 §3.1.2: the signature blob holds mpint r and mpint s.
    public func signature(over data: [UInt8], algorithm: String) throws -> [UInt8] {
        let raw = Array(try key.signature(for: data).rawRepresentation)
        var inner = SSHWriter()
        inner.mpint(unsigned: Array(raw[0..<32]))
        inner.mpint(unsigned: Array(raw[32..<64]))
        var w = SSHWriter()
        w.string("ecdsa-sha2-nistp256")
        w.string(inner.bytes)
        return w.bytes
    }
}

public struct RSAHostKey: HostKey {
    let key: _RSA.Signing.PrivateKey
    public var keyType: String { "ssh-rsa" }
    /// ssh-rsa (SHA-1) only for personas of older servers; the default persona does not offer it.
    public var algorithms: [String] { ["rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"] }

    public var publicKeyBlob: [UInt8] {
        var w = SSHWriter()
        w.string("ssh-rsa")
        if let p = try? key.publicKey.getKeyPrimitives() {
            w.mpint(unsigned: Array(p.publicExponent))
            w.mpint(unsigned: Array(p.modulus))
        }
        return w.bytes
    }

    /// RFC 8332: PKCS#1 v1.5 over SHA-512 or SHA-256 of the exchange hash; RFC 4253's ssh-rsa over SHA-1.
    public func signature(over data: [UInt8], algorithm: String) throws -> [UInt8] {
        let sig: _RSA.Signing.RSASignature
        if algorithm == "rsa-sha2-256" {
            sig = try key.signature(for: SHA256.hash(data: data), padding: .insecurePKCS1v1_5)
        } else if algorithm == "ssh-rsa" {
            sig = try key.signature(for: Insecure.SHA1.hash(data: data), padding: .insecurePKCS1v1_5)
        } else {
            sig = try key.signature(for: SHA512.hash(data: data), padding: .insecurePKCS1v1_5)
        }
        var w = SSHWriter()
        w.string(algorithm)
        w.string(Array(sig.rawRepresentation))
        return w.bytes
    }
}

/// The host keys of an install: generated on first start (RSA 3072 like OpenSSH), stored under
/// `DIR` with mode 0600, and loaded on every later start so the fingerprint never changes.
public struct HostKeySet: Sendable {
    public let keys: [any HostKey]

    public init(keys: [any HostKey]) { self.keys = keys }

    public func key(for algorithm: String) -> (any HostKey)? {
        keys.first { $0.algorithms.contains(algorithm) }
    }

    public static func loadOrCreate(directory: String) throws -> HostKeySet {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        func file(_ name: String, create: () throws -> String) throws -> String {
            let path = directory + "/" + name
            if let text = try? String(contentsOfFile: path, encoding: .utf8), !text.isEmpty { return text }
            let text = try create()
            _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
            return text
        }
        let rsaPEM = try file("ssh_host_rsa_key.pem") { try _RSA.Signing.PrivateKey(keySize: .bits3072).pemRepresentation }
        let ecdsaPEM = try file("ssh_host_ecdsa_key.pem") { P256.Signing.PrivateKey().pemRepresentation }
        let edText = try file("ssh_host_ed25519_key.b64") { Curve25519.Signing.PrivateKey().rawRepresentation.base64EncodedString() }
        guard let edRaw = Data(base64Encoded: edText.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw CocoaError(.fileReadCorruptFile)
        }
        return HostKeySet(keys: [
            RSAHostKey(key: try _RSA.Signing.PrivateKey(pemRepresentation: rsaPEM)),
            ECDSAP256HostKey(key: try P256.Signing.PrivateKey(pemRepresentation: ecdsaPEM)),
            Ed25519HostKey(key: try Curve25519.Signing.PrivateKey(rawRepresentation: edRaw)),
        ])
    }
}
