/// chacha20-poly1305@openssh.com as a packet protection: the 4-byte length is encrypted with the
/// header key, the tag covers encrypted length ‖ encrypted body (PROTOCOL.chacha20poly1305).
public struct ChaChaPolyProtection: InboundPacketProtection, OutboundPacketProtection {
    private let cipher: ChaChaPolyOpenSSH?

    public init(key: [UInt8]) {
        cipher = try? ChaChaPolyOpenSSH(key: key)
    }

    public var lengthPrefixBytes: Int { 4 }

    public mutating func wireLength(prefix: ArraySlice<UInt8>, sequence: UInt32) throws -> Int {
        guard let cipher, let n = try? cipher.decryptLength(prefix, sequenceNumber: sequence) else { throw SSHPacketError.decryptionFailed }
        guard n >= 8, n <= sshMaxPacketLength, n % 8 == 0 else { throw SSHPacketError.badLength(n) }
        return 4 + Int(n) + 16
    }

    public mutating func open(_ wire: ArraySlice<UInt8>, sequence: UInt32) throws -> [UInt8] {
        guard let cipher, let body = try? cipher.open(packet: wire, sequenceNumber: sequence) else { throw SSHPacketError.macMismatch }
        return try PacketPadding.payload(ofBody: body[...])
    }

    public mutating func seal(_ payload: [UInt8], sequence: UInt32) -> [UInt8] {
        let pad = PacketPadding.length(payload: payload.count, block: 8, lengthFieldCounted: false)
        let body = PacketPadding.body(payload: payload, padding: pad, random: true)
        return (try? cipher?.seal(plaintextAfterLength: body, sequenceNumber: sequence)) ?? []
    }
}
