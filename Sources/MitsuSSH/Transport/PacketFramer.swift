/// Cuts the inbound byte stream into packets with whatever protection is active, and seals outbound
/// payloads. Sequence numbers wrap at 2^32 (RFC 4253 §6.4) and restart at zero on NEWKEYS under strict kex.
struct PacketFramer {
    var inbound: any InboundPacketProtection = PlaintextProtection()
    var outbound: any OutboundPacketProtection = PlaintextProtection()
    /// zlib@openssh.com streams, once delayed compression has started in each direction.
    var compressIn: PacketCompression?
    var compressOut: PacketCompression?
    var inboundSequence: UInt32 = 0
    var outboundSequence: UInt32 = 0
    private var buffer: [UInt8] = []
    private var start = 0
    private var pendingWireLength: Int?
    /// Bytes received in total: bounds the identification phase and feeds rekey accounting.
    private(set) var bytesIn: Int64 = 0

    mutating func append<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        if start > 0 && start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        }
        buffer.append(contentsOf: bytes)
        bytesIn += Int64(bytes.count)
    }

    /// Raw unframed bytes (identification phase only).
    var unframed: [UInt8] { Array(buffer[start...]) }

    mutating func consumeUnframed(_ n: Int) {
        start = min(buffer.count, start + n)
    }

    var buffered: Int { buffer.count - start }

    /// The next whole packet's payload, nil when more bytes are needed. Throws on a bad length or MAC.
    mutating func nextPacket() throws -> [UInt8]? {
        if pendingWireLength == nil {
            guard buffered >= inbound.lengthPrefixBytes else { return nil }
            pendingWireLength = try inbound.wireLength(prefix: buffer[start..<(start + inbound.lengthPrefixBytes)], sequence: inboundSequence)
        }
        guard let wire = pendingWireLength, buffered >= wire else { return nil }
        var payload = try inbound.open(buffer[start..<(start + wire)], sequence: inboundSequence)
        if let compressIn {
            do { payload = try compressIn.decompress(payload) } catch { throw SSHPacketError.decryptionFailed }
        }
        start += wire
        pendingWireLength = nil
        inboundSequence &+= 1
        if start > 65_536 {
            buffer.removeFirst(start)
            start = 0
        }
        return payload
    }

    mutating func seal(_ payload: [UInt8]) -> [UInt8] {
        let out = outbound.seal(compressOut.map { $0.compress(payload) } ?? payload, sequence: outboundSequence)
        outboundSequence &+= 1
        return out
    }
}
