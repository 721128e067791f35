import Foundation

/// Reads a MaxMind DB (format v2) file: GeoLite2, GeoIP2, DB-IP Lite, IPinfo Lite, or any custom MMDB.
///
/// Immutable after `init`, so one reader is shared by every thread. Lookups never allocate except for the
/// values they return; `recordOffset(for:)` is the allocation-free fast path that `GeoIPResolver` builds on.
///
/// The file is untrusted: every structural problem is an `MMDBError`, never a trap, and decoding is
/// bounded in depth, items and bytes (see `MMDBDecoder`).
public final class MMDBReader: Sendable {
    public let metadata: MMDBMetadata
    let tree: MMDBSearchTree
    /// The data section: from 16 bytes after the tree to the metadata marker.
    let data: MMDBDecoder
    /// Keeps the bytes that `tree` and `data` point into alive.
    private let storage: MMDBStorage

    /// Opens `path`, memory-mapped.
    public convenience init(path: String) throws {
        try self.init(storage: MMDBStorage(mapping: path))
    }

    /// A database held in memory (copied): for tests, fuzzing and databases that arrive over the network.
    public convenience init(bytes: [UInt8]) throws {
        try self.init(storage: MMDBStorage(copying: bytes))
    }

    public convenience init(data: Data) throws {
        try self.init(storage: MMDBStorage(copying: data))
    }

    /// `ipv4TableMinimumNodes` lets tests force the IPv4 jump table onto small trees.
    init(storage: MMDBStorage, ipv4TableMinimumNodes: Int = MMDBSearchTree.ipv4TableMinimumNodes) throws {
        let bytes = storage.bytes
        guard let markerOffset = MMDBMetadata.markerOffset(in: bytes) else { throw MMDBError.metadataNotFound }
        let metadataStart = markerOffset + MMDBMetadata.marker.count
        let metadataBytes = UnsafeRawBufferPointer(rebasing: bytes[metadataStart...])
        let metadata = try MMDBMetadata(MMDBDecoder(section: metadataBytes).decode(at: 0))
        let tree = try MMDBSearchTree(bytes: bytes, limit: markerOffset, metadata: metadata,
                                      ipv4TableMinimumNodes: ipv4TableMinimumNodes)
        self.storage = storage
        self.metadata = metadata
        self.tree = tree
        data = MMDBDecoder(section: UnsafeRawBufferPointer(rebasing: bytes[(tree.byteSize + 16)..<markerOffset]))
        storage.releaseResidentPages()
    }

    /// The data-section offset of the record for `ip`, or nil when the database has no data for it.
    ///
    /// Records are shared between networks (every address of a country without city data points at the
    /// same record), so the offset is a good cache key for whatever is decoded from it.
    public func recordOffset(for ip: IPAddress) throws -> Int? {
        try recordOffsetAndPrefix(for: ip)?.offset
    }

    /// The record's offset and the prefix length of the network it was found under (in IPv4 terms for
    /// IPv4 addresses).
    public func recordOffsetAndPrefix(for ip: IPAddress) throws -> (offset: Int, prefixLength: Int)? {
        guard let (record, prefixLength) = tree.walk(ip) else { return nil }
        if record == tree.nodeCount { return nil }
        guard record > tree.nodeCount else {
            throw MMDBError.invalidSearchTree("walk for \(ip) ended on node \(record) after \(prefixLength) bits")
        }
        // Records count from the start of the 16-byte separator that precedes the data section.
        let offset = record - tree.nodeCount - 16
        guard offset >= 0, offset < data.count else {
            throw MMDBError.invalidSearchTree("record \(record) for \(ip) points outside the data section")
        }
        return (offset, prefixLength)
    }

    /// The decoded record for `ip`, or nil when the database has no data for it.
    public func lookup(_ ip: IPAddress) throws -> MMDBValue? {
        guard let offset = try recordOffset(for: ip) else { return nil }
        return try data.decode(at: offset)
    }

    /// The value at a data-section offset, e.g. one returned by `recordOffset(for:)`.
    public func value(atOffset offset: Int) throws -> MMDBValue {
        try data.decode(at: offset)
    }
}
