/// The ciphers Mitsu implements, with their key and IV sizes, and how to build their protection.
public enum CipherAlgorithm {
    public static let supportedNames = [
        "chacha20-poly1305@openssh.com", "aes128-ctr", "aes192-ctr", "aes256-ctr", "aes128-gcm@openssh.com", "aes256-gcm@openssh.com",
        // Legacy, for personas of older servers (OpenSSH < 7.x offered them; old bots still ask).
        "aes128-cbc", "aes192-cbc", "aes256-cbc", "rijndael-cbc@lysator.liu.se", "3des-cbc",
    ]

    public static func isAEAD(_ name: String) -> Bool { NegotiatedAlgorithms.isAEAD(name) }

    /// (key bytes, IV bytes) for key derivation (RFC 4253 §7.2).
    public static func sizes(_ name: String) -> (key: Int, iv: Int)? {
        switch name {
        case "aes128-ctr": return (16, 16)
        case "aes192-ctr": return (24, 16)
        case "aes256-ctr": return (32, 16)
        case "aes128-gcm@openssh.com": return (16, 12)
        case "aes256-gcm@openssh.com": return (32, 12)
        case "chacha20-poly1305@openssh.com": return (64, 0)
        case "aes128-cbc": return (16, 16)
        case "aes192-cbc": return (24, 16)
        case "aes256-cbc", "rijndael-cbc@lysator.liu.se": return (32, 16)
        case "3des-cbc": return (24, 8)
        default: return nil
        }
    }

    struct Keys {
        var iv: [UInt8]
        var key: [UInt8]
        var macKey: [UInt8]
    }

    static func inbound(cipher: String, mac: String?, keys: Keys) -> (any InboundPacketProtection)? {
        protection(cipher: cipher, mac: mac, keys: keys).map { $0 as any InboundPacketProtection }
    }

    static func outbound(cipher: String, mac: String?, keys: Keys) -> (any OutboundPacketProtection)? {
        protection(cipher: cipher, mac: mac, keys: keys).map { $0 as any OutboundPacketProtection }
    }

    private static func protection(cipher: String, mac: String?, keys: Keys) -> (any InboundPacketProtection & OutboundPacketProtection)? {
        if cipher == "chacha20-poly1305@openssh.com" { return ChaChaPolyProtection(key: keys.key) }
        if cipher.hasSuffix("-gcm@openssh.com") { return AESGCMProtection(key: keys.key, iv: keys.iv) }
        if cipher.hasSuffix("-ctr"), let mac, let m = MACAlgorithm.named(mac) {
            return BlockCipherProtection.ctr(key: keys.key, iv: keys.iv, mac: m, macKey: keys.macKey)
        }
        if cipher == "3des-cbc", let mac, let m = MACAlgorithm.named(mac) {
            return BlockCipherProtection(mode: TripleDESCBCMode(key: keys.key, iv: keys.iv), mac: m, macKey: keys.macKey)
        }
        if cipher.hasSuffix("-cbc") || cipher == "rijndael-cbc@lysator.liu.se", let mac, let m = MACAlgorithm.named(mac) {
            return BlockCipherProtection.cbc(key: keys.key, iv: keys.iv, mac: m, macKey: keys.macKey)
        }
        return nil
    }
}
