import MitsuCore

/// What an SSH server presents before authentication: banner and algorithm name-lists, in order. The
/// default is a stock Debian 12 sshd (OpenSSH 9.2p1), read off one on this kind of machine; a list
/// names only what Mitsu implements (an unimplemented algorithm would make a client fail later).
public struct SSHPersona: Sendable, Equatable {
    public var banner: String
    public var kex: [String]
    public var hostKeys: [String]
    public var ciphers: [String]
    public var macs: [String]
    public var compression: [String]
    /// server-sig-algs in EXT_INFO.
    public var serverSigAlgs: [String]
    /// Methods listed in USERAUTH_FAILURE.
    public var authMethods: [String]
    /// How the server behaves around the algorithm lists, where OpenSSH and Dropbear differ visibly.
    public var style: Style = .openSSH

    public enum Style: Sendable, Equatable {
        /// sshd: KEXINIT after the client's identification line; a bad line gets
        /// "Invalid SSH identification string." or "Protocol major versions differ." before the close.
        case openSSH
        /// Dropbear: KEXINIT right behind the banner, before the client says anything (a scanner that
        /// only connects and reads sees it); a bad identification line is closed on without a word.
        case dropbear
    }

    public static let openSSH92Debian = SSHPersona(
        banner: "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10",
        kex: [
            "sntrup761x25519-sha512", "sntrup761x25519-sha512@openssh.com", "curve25519-sha256", "curve25519-sha256@libssh.org",
            "ecdh-sha2-nistp256", "ecdh-sha2-nistp384", "ecdh-sha2-nistp521", "diffie-hellman-group-exchange-sha256",
            "diffie-hellman-group16-sha512", "diffie-hellman-group18-sha512", "diffie-hellman-group14-sha256",
            "kex-strict-s-v00@openssh.com",
        ],
        hostKeys: ["rsa-sha2-512", "rsa-sha2-256", "ecdsa-sha2-nistp256", "ssh-ed25519"],
        ciphers: [
            "chacha20-poly1305@openssh.com", "aes128-ctr", "aes192-ctr", "aes256-ctr", "aes128-gcm@openssh.com", "aes256-gcm@openssh.com",
        ],
        macs: [
            "umac-64-etm@openssh.com", "umac-128-etm@openssh.com", "hmac-sha2-256-etm@openssh.com", "hmac-sha2-512-etm@openssh.com",
            "hmac-sha1-etm@openssh.com", "umac-64@openssh.com", "umac-128@openssh.com", "hmac-sha2-256", "hmac-sha2-512", "hmac-sha1",
        ],
        compression: ["none", "zlib@openssh.com"],
        serverSigAlgs: [
            "ssh-ed25519", "sk-ssh-ed25519@openssh.com", "ssh-rsa", "rsa-sha2-256", "rsa-sha2-512", "ssh-dss", "ecdsa-sha2-nistp256",
            "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "sk-ecdsa-sha2-nistp256@openssh.com", "webauthn-sk-ecdsa-sha2-nistp256@openssh.com",
        ],
        authMethods: ["publickey", "password"]
    )

    /// Dropbear 2022.83 as Debian 12's dropbear-bin presents itself (read off one on loopback; the
    /// interop tests compare with a running dropbear).
    public static let dropbear202283 = SSHPersona(
        banner: "SSH-2.0-dropbear_2022.83",
        kex: [
            "curve25519-sha256", "curve25519-sha256@libssh.org", "ecdh-sha2-nistp521", "ecdh-sha2-nistp384", "ecdh-sha2-nistp256",
            "diffie-hellman-group14-sha256", "diffie-hellman-group14-sha1", "kexguess2@matt.ucc.asn.au", "kex-strict-s-v00@openssh.com",
        ],
        // The three host keys Debian's dropbear package generates on install.
        hostKeys: ["ssh-ed25519", "ecdsa-sha2-nistp256", "rsa-sha2-256", "ssh-rsa"],
        ciphers: ["chacha20-poly1305@openssh.com", "aes128-ctr", "aes256-ctr"],
        macs: ["hmac-sha1", "hmac-sha2-256"],
        compression: ["zlib@openssh.com", "none"],
        serverSigAlgs: ["ssh-ed25519", "ecdsa-sha2-nistp256", "rsa-sha2-256", "ssh-rsa"],
        authMethods: ["publickey", "password"],
        style: .dropbear
    )

    /// Names in a kex list that are markers, not methods (strict kex; Dropbear's guess extension).
    static let kexMarkers: Set<String> = ["kex-strict-s-v00@openssh.com", "kexguess2@matt.ucc.asn.au"]
    static let hostKeyAlgorithms = ["rsa-sha2-512", "rsa-sha2-256", "ssh-rsa", "ecdsa-sha2-nistp256", "ssh-ed25519"]
    static let compressionMethods = ["none", "zlib@openssh.com"]

    /// The persona restricted to what this build implements (order kept).
    public func implemented() -> SSHPersona {
        var p = self
        p.kex = kex.filter { KexMethods.supportedNames.contains($0) || SSHPersona.kexMarkers.contains($0) }
        p.ciphers = ciphers.filter { CipherAlgorithm.supportedNames.contains($0) }
        p.macs = macs.filter { MACAlgorithm.supportedNames.contains($0) }
        p.compression = compression.filter { $0 == "none" || $0 == "zlib@openssh.com" }
        return p
    }
}

extension SSHPersona {
    /// The persona a config asks for: a built-in one by name, or a persona file whose every algorithm
    /// must be implemented (the error names the file, line and list of the first one that is not).
    public static func resolve(_ config: SSHConfig) throws -> SSHPersona {
        if let spec = config.personaSpec { return try SSHPersona(spec: spec) }
        switch config.persona {
        case "dropbear-2022.83": return dropbear202283
        default: return openSSH92Debian.implemented()
        }
    }

    public init(spec: SSHPersonaSpec) throws {
        func check(_ key: String, _ names: [String], _ known: [String], markers: Set<String> = []) throws {
            for name in names where !known.contains(name) && !markers.contains(name) {
                throw spec.unsupported(key, name, known: known)
            }
        }
        try check("kex", spec.kex, KexMethods.supportedNames, markers: SSHPersona.kexMarkers)
        try check("host_keys", spec.hostKeys, SSHPersona.hostKeyAlgorithms)
        try check("ciphers", spec.ciphers, CipherAlgorithm.supportedNames)
        try check("macs", spec.macs, MACAlgorithm.supportedNames)
        try check("compression", spec.compression, SSHPersona.compressionMethods)
        self.init(banner: spec.banner, kex: spec.kex, hostKeys: spec.hostKeys, ciphers: spec.ciphers, macs: spec.macs,
                  compression: spec.compression, serverSigAlgs: spec.serverSigAlgs, authMethods: spec.authMethods)
    }
}
