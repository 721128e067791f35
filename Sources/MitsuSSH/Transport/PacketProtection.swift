// Fuzz/run.sh compiles this file into its target together with MitsuCore's RandomBytes.swift.
#if canImport(MitsuCore)
import MitsuCore
#endif

/// What the binary packet protocol (RFC 4253 §6) needs from a cipher + MAC pair, one direction each.
/// Every algorithm plugs in behind these two protocols; the packet framer knows none of them.
public enum SSHPacketError: Error, Equatable {
    /// OpenSSH logs "Bad packet length N." and closes without a reply.
    case badLength(UInt32)
    case badPadding
    /// "message authentication code incorrect"
    case macMismatch
    case decryptionFailed
}

/// Largest packet OpenSSH accepts (PACKET_MAX_SIZE).
public let sshMaxPacketLength = 256 * 1024

public protocol InboundPacketProtection {
    /// Bytes needed before the packet's total size on the wire is known.
    var lengthPrefixBytes: Int { get }
    /// Total size on the wire (length field + packet + MAC/tag) of the packet starting with `prefix`.
    mutating func wireLength(prefix: ArraySlice<UInt8>, sequence: UInt32) throws -> Int
    /// Authenticates and decrypts one whole packet; returns its payload (padding removed).
    mutating func open(_ wire: ArraySlice<UInt8>, sequence: UInt32) throws -> [UInt8]
}

public protocol OutboundPacketProtection {
    mutating func seal(_ payload: [UInt8], sequence: UInt32) -> [UInt8]
}

/// Padding rules shared by every algorithm: at least 4 bytes, total a multiple of the block size, where
/// AEAD and encrypt-then-MAC modes leave the clear length field out of the count (RFC 4253 §6, PROTOCOL).
enum PacketPadding {
    static func length(payload: Int, block: Int, lengthFieldCounted: Bool) -> Int {
        let base = (lengthFieldCounted ? 4 : 0) + 1 + payload
        var pad = block - base % block
        if pad < 4 { pad += block }
        return pad
    }

    /// padding_length ‖ payload ‖ padding, ready to encrypt (without the length field).
    static func body(payload: [UInt8], padding: Int, random: Bool) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(1 + payload.count + padding)
        out.append(UInt8(padding))
        out.append(contentsOf: payload)
        if random {
            out.append(contentsOf: RandomPool.shared.bytes(padding))
        } else {
            out.append(contentsOf: repeatElement(0, count: padding))
        }
        return out
    }

    /// Splits a decrypted body (padding_length ‖ payload ‖ padding) into the payload.
    static func payload(ofBody body: ArraySlice<UInt8>) throws -> [UInt8] {
        guard let padLength = body.first.map(Int.init), padLength >= 4, padLength + 1 <= body.count else {
            throw SSHPacketError.badPadding
        }
        return Array(body[(body.startIndex + 1)..<(body.endIndex - padLength)])
    }

    static func uint32(_ b: ArraySlice<UInt8>) -> UInt32 {
        var v: UInt32 = 0
        for byte in b.prefix(4) { v = v << 8 | UInt32(byte) }
        return v
    }

    static func bytes(_ v: UInt32) -> [UInt8] {
        [UInt8(truncatingIfNeeded: v >> 24), UInt8(truncatingIfNeeded: v >> 16), UInt8(truncatingIfNeeded: v >> 8), UInt8(truncatingIfNeeded: v)]
    }
}

/// Before the first NEWKEYS: no encryption, no MAC, 8-byte blocks. OpenSSH pads these packets with
/// zeros, Dropbear with random bytes; a scanner reading the KEXINIT sees which.
public struct PlaintextProtection: InboundPacketProtection, OutboundPacketProtection {
    public var randomPadding: Bool

    public init(randomPadding: Bool = false) { self.randomPadding = randomPadding }
    public var lengthPrefixBytes: Int { 4 }

    public mutating func wireLength(prefix: ArraySlice<UInt8>, sequence: UInt32) throws -> Int {
        let n = PacketPadding.uint32(prefix)
        guard n >= 5, n <= sshMaxPacketLength, (4 + Int(n)) % 8 == 0 else { throw SSHPacketError.badLength(n) }
        return 4 + Int(n)
    }

    public mutating func open(_ wire: ArraySlice<UInt8>, sequence: UInt32) throws -> [UInt8] {
        try PacketPadding.payload(ofBody: wire.dropFirst(4))
    }

    public mutating func seal(_ payload: [UInt8], sequence: UInt32) -> [UInt8] {
        let pad = PacketPadding.length(payload: payload.count, block: 8, lengthFieldCounted: true)
        let body = PacketPadding.body(payload: payload, padding: pad, random: randomPadding)
        return PacketPadding.bytes(UInt32(body.count)) + body
    }
}
