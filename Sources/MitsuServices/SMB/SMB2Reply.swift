/// SMB2/3 response bodies (MS-SMB2 2.2) in the shape a Windows Server 2019 writes them.
enum SMB2Reply {
    static let maxTransact = 8 << 20

    /// Global capabilities by dialect, as Windows Server 2019 answers: DFS for 2.0.2; leasing and
    /// large MTU from 2.1; multichannel and directory leasing from 3.0. Never ENCRYPTION (0x40): the
    /// keys derive from the password, which the honeypot does not know (see SMBSession+SMB2).
    static func capabilities(dialect: UInt16, clientCapabilities: UInt32) -> UInt32 {
        switch dialect {
        case 0x0202: return 0x01
        case 0x0210, SMB2Dialect.wildcard: return 0x07
        default: return 0x2f
        }
    }

    static func negotiate(dialect: UInt16, persona: SMBPersona, systemTime: UInt64, clientCapabilities: UInt32,
                          contexts: [(type: UInt16, data: [UInt8])]) -> [UInt8] {
        let blob = SPNEGO.negotiateToken
        var b: [UInt8] = []
        b.appendLE16(65)
        b.appendLE16(0x01)  // signing enabled, not required: a member server's default
        b.appendLE16(Int(dialect))
        b.appendLE16(dialect == 0x0311 ? contexts.count : 0)
        b += persona.serverGUID.prefix(16)
        b.appendLE32(Int(capabilities(dialect: dialect, clientCapabilities: clientCapabilities)))
        b.appendLE32(maxTransact); b.appendLE32(maxTransact); b.appendLE32(maxTransact)
        b.appendLE64(Int(truncatingIfNeeded: systemTime))
        b.appendLE64(0)  // ServerStartTime: Windows leaves it zero
        b.appendLE16(SMB2Header.length + 64)
        b.appendLE16(blob.count)
        let contextStart = (SMB2Header.length + 64 + blob.count + 7) & ~7
        b.appendLE32(dialect == 0x0311 && !contexts.isEmpty ? contextStart : 0)
        b += blob
        guard dialect == 0x0311, !contexts.isEmpty else { return b }
        for (i, c) in contexts.enumerated() {
            while (SMB2Header.length + b.count) % 8 != 0 { b.append(0) }
            b.appendLE16(Int(c.type)); b.appendLE16(c.data.count); b.appendLE32(0)
            b += c.data
            _ = i
        }
        return b
    }

    static func sessionSetup(flags: UInt16, blob: [UInt8]) -> [UInt8] {
        var b: [UInt8] = []
        b.appendLE16(9); b.appendLE16(Int(flags))
        b.appendLE16(blob.isEmpty ? 0 : SMB2Header.length + 8); b.appendLE16(blob.count)
        return b + (blob.isEmpty ? [0] : blob)
    }

    static func treeConnect(isPipe: Bool) -> [UInt8] {
        var b: [UInt8] = []
        b.appendLE16(16)
        b += [isPipe ? 0x02 : 0x01, 0]
        b.appendLE32(isPipe ? 0x30 : 0x00)
        b.appendLE32(0)
        b.appendLE32(0x001f01ff)
        return b
    }

    static func create(fileID: [UInt8], action: UInt32, time: UInt64, size: Int, directory: Bool) -> [UInt8] {
        var b: [UInt8] = []
        b.appendLE16(89); b += [0, 0]
        b.appendLE32(Int(action))
        for _ in 0..<4 { b.appendLE64(Int(truncatingIfNeeded: time)) }
        b.appendLE64((size + 4095) & ~4095); b.appendLE64(size)
        b.appendLE32(directory ? 0x10 : 0x20); b.appendLE32(0)
        b += fileID
        b.appendLE32(0); b.appendLE32(0)
        return b + [0]
    }

    static func close(flags: UInt16, time: UInt64, size: Int) -> [UInt8] {
        var b: [UInt8] = []
        b.appendLE16(60); b.appendLE16(Int(flags & 1)); b.appendLE32(0)
        let withAttributes = flags & 1 != 0
        for _ in 0..<4 { b.appendLE64(withAttributes ? Int(truncatingIfNeeded: time) : 0) }
        b.appendLE64(withAttributes ? (size + 4095) & ~4095 : 0); b.appendLE64(withAttributes ? size : 0)
        b.appendLE32(withAttributes ? 0x20 : 0)
        return b
    }

    static func write(count: Int) -> [UInt8] {
        var b: [UInt8] = []
        b.appendLE16(17); b.appendLE16(0); b.appendLE32(count); b.appendLE32(0); b.appendLE16(0); b.appendLE16(0)
        return b + [0]
    }

    /// LOGOFF, TREE_DISCONNECT, ECHO, FLUSH: a bare StructureSize 4.
    static let empty: [UInt8] = [4, 0, 0, 0]
    /// The ERROR response (2.2.2).
    static let error: [UInt8] = [9, 0, 0, 0, 0, 0, 0, 0, 0]
}
