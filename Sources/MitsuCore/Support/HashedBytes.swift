/// Bytes hashed once, in bulk, to key a dictionary by a whole request or payload.
///
/// `[UInt8]` as a key hashes byte by byte, and a cache miss hashes its key twice (to look up, then to
/// store); this hashes the bytes once as one block and compares them only when the hashes agree. Used by
/// the caches that remember what a repeated request or payload gave (MitsuWeb's classification, the IDS's
/// content verdicts): bots repeat theirs byte for byte.
public struct HashedBytes: Hashable, Sendable {
    public let bytes: [UInt8]
    public let hash: Int

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var h = Hasher()
        bytes.withUnsafeBytes { h.combine(bytes: $0) }
        hash = h.finalize()
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(hash) }

    public static func == (a: HashedBytes, b: HashedBytes) -> Bool {
        a.hash == b.hash && a.bytes == b.bytes
    }
}
