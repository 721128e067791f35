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

    /// The persona restricted to what this build implements (order kept).
    public func implemented() -> SSHPersona {
        var p = self
        p.kex = kex.filter { KexMethods.supportedNames.contains($0) || $0 == "kex-strict-s-v00@openssh.com" }
        p.ciphers = ciphers.filter { CipherAlgorithm.supportedNames.contains($0) }
        p.macs = macs.filter { MACAlgorithm.supportedNames.contains($0) }
        p.compression = compression.filter { $0 == "none" || $0 == "zlib@openssh.com" }
        return p
    }
}
