/// SSH_MSG_KEXINIT (RFC 4253 §7.1): ten name-lists, and what both sides agree on.
public struct KexInit: Sendable, Equatable {
    public var cookie: [UInt8]
    public var kex: [String]
    public var hostKey: [String]
    public var ciphersClientToServer: [String]
    public var ciphersServerToClient: [String]
    public var macsClientToServer: [String]
    public var macsServerToClient: [String]
    public var compressionClientToServer: [String]
    public var compressionServerToClient: [String]
    public var languagesClientToServer: [String] = []
    public var languagesServerToClient: [String] = []
    public var firstKexPacketFollows = false

    public init(cookie: [UInt8], kex: [String], hostKey: [String], ciphers: [String], macs: [String], compression: [String]) {
        self.cookie = cookie
        self.kex = kex
        self.hostKey = hostKey
        ciphersClientToServer = ciphers
        ciphersServerToClient = ciphers
        macsClientToServer = macs
        macsServerToClient = macs
        compressionClientToServer = compression
        compressionServerToClient = compression
    }

    /// Parses a KEXINIT payload (starting with the message number). Nil when malformed.
    public static func parse(_ payload: [UInt8]) -> KexInit? {
        var r = SSHReader(payload)
        guard r.readByte() == SSHMessage.kexInit, let cookie = r.readBytes(16),
              let kex = r.readNameList(), let hk = r.readNameList(),
              let ec = r.readNameList(), let es = r.readNameList(),
              let mc = r.readNameList(), let ms = r.readNameList(),
              let cc = r.readNameList(), let cs = r.readNameList(),
              let lc = r.readNameList(), let ls = r.readNameList(),
              let follows = r.readBool(), r.readUInt32() != nil
        else { return nil }
        var k = KexInit(cookie: cookie, kex: kex, hostKey: hk, ciphers: ec, macs: mc, compression: cc)
        k.ciphersServerToClient = es
        k.macsServerToClient = ms
        k.compressionServerToClient = cs
        k.languagesClientToServer = lc
        k.languagesServerToClient = ls
        k.firstKexPacketFollows = follows
        return k
    }

    public func payload() -> [UInt8] {
        var w = SSHWriter(message: SSHMessage.kexInit)
        w.raw(cookie)
        for list in [kex, hostKey, ciphersClientToServer, ciphersServerToClient, macsClientToServer, macsServerToClient,
                     compressionClientToServer, compressionServerToClient, languagesClientToServer, languagesServerToClient] {
            w.nameList(list)
        }
        w.bool(firstKexPacketFollows)
        w.uint32(0)
        return w.bytes
    }

    /// HASSH: MD5 of "kex;ciphers;macs;compression" (client → server lists), the client fingerprint
    /// honeypot feeds and Salesforce's HASSH database use.
    public var hasshInput: String {
        [kex, ciphersClientToServer, macsClientToServer, compressionClientToServer].map { $0.joined(separator: ",") }.joined(separator: ";")
    }
}

/// The algorithms chosen for a connection (RFC 4253 §7.1: the first client algorithm the server supports).
public struct NegotiatedAlgorithms: Sendable, Equatable {
    public var kex: String
    public var hostKey: String
    public var cipherClientToServer: String
    public var cipherServerToClient: String
    public var macClientToServer: String?
    public var macServerToClient: String?
    public var compressionClientToServer: String
    public var compressionServerToClient: String

    public enum Failure: Error, Equatable { case noMatch(String) }

    /// AEAD ciphers bring their own integrity, so no MAC is negotiated for them.
    public static func isAEAD(_ cipher: String) -> Bool {
        cipher.hasSuffix("-gcm@openssh.com") || cipher == "chacha20-poly1305@openssh.com"
    }

    static func first(_ client: [String], _ server: [String], _ what: String) throws -> String {
        guard let m = client.first(where: { server.contains($0) }) else { throw Failure.noMatch(what) }
        return m
    }

    public static func negotiate(client: KexInit, server: KexInit) throws -> NegotiatedAlgorithms {
        // Pseudo-algorithms (ext-info-c, kex-strict-*) are markers, never chosen.
        let kex = try first(client.kex.filter { !$0.hasPrefix("ext-info-") && !$0.hasPrefix("kex-strict-") }, server.kex, "kex")
        let hk = try first(client.hostKey, server.hostKey, "host key")
        let ec = try first(client.ciphersClientToServer, server.ciphersClientToServer, "cipher")
        let es = try first(client.ciphersServerToClient, server.ciphersServerToClient, "cipher")
        // AEAD ciphers carry their own integrity: the MAC list is not consulted for them.
        let mc = isAEAD(ec) ? nil : try first(client.macsClientToServer, server.macsClientToServer, "MAC")
        let ms = isAEAD(es) ? nil : try first(client.macsServerToClient, server.macsServerToClient, "MAC")
        let cc = try first(client.compressionClientToServer, server.compressionClientToServer, "compression")
        let cs = try first(client.compressionServerToClient, server.compressionServerToClient, "compression")
        return NegotiatedAlgorithms(kex: kex, hostKey: hk, cipherClientToServer: ec, cipherServerToClient: es,
                                    macClientToServer: mc, macServerToClient: ms, compressionClientToServer: cc, compressionServerToClient: cs)
    }
}
