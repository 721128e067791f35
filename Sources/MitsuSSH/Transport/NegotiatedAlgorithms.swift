
/// When the server rekeys by itself (OpenSSH's RekeyLimit). `nil` bytes: the cipher's default limit.
public struct RekeyLimit: Sendable, Equatable {
    public var bytes: UInt64?
    public var seconds: Int?

    public init(bytes: UInt64? = nil, seconds: Int? = nil) {
        self.bytes = bytes
        self.seconds = seconds
    }

    /// OpenSSH's default: 2^(2·blocksize) blocks for 16-byte blocks (AES), else 1 GiB
    /// (chacha20-poly1305 counts as an 8-byte block cipher there).
    static func cipherDefault(_ cipher: String) -> UInt64 {
        cipher.hasPrefix("aes") ? (UInt64(1) << 32) * 16 : UInt64(1) << 30
    }
}
