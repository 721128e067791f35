import Foundation

/// The metadata map at the end of every MMDB file.
public struct MMDBMetadata: Sendable, Equatable {
    public var nodeCount: Int
    /// Bits per search-tree record: 24, 28 or 32.
    public var recordSize: Int
    /// 4 for an IPv4-only tree, 6 for an IPv6 tree (which holds IPv4 under `::/96`).
    public var ipVersion: Int
    /// E.g. `GeoLite2-City`, `GeoLite2-ASN`, `DBIP-City-Lite`, `ipinfo_lite.mmdb`.
    public var databaseType: String
    public var languages: [String]
    public var binaryFormatMajorVersion: Int
    public var binaryFormatMinorVersion: Int
    /// Seconds since 1970 when the database was built.
    public var buildEpoch: UInt64
    /// Language code → description.
    public var description: [String: String]

    public init(nodeCount: Int, recordSize: Int, ipVersion: Int, databaseType: String, languages: [String] = [],
                binaryFormatMajorVersion: Int = 2, binaryFormatMinorVersion: Int = 0, buildEpoch: UInt64 = 0,
                description: [String: String] = [:]) {
        self.nodeCount = nodeCount
        self.recordSize = recordSize
        self.ipVersion = ipVersion
        self.databaseType = databaseType
        self.languages = languages
        self.binaryFormatMajorVersion = binaryFormatMajorVersion
        self.binaryFormatMinorVersion = binaryFormatMinorVersion
        self.buildEpoch = buildEpoch
        self.description = description
    }

    public var buildDate: Date { Date(timeIntervalSince1970: TimeInterval(buildEpoch)) }

    /// The marker that precedes the metadata map.
    static let marker: [UInt8] = [0xAB, 0xCD, 0xEF] + Array("MaxMind.com".utf8)
    /// The specification caps the metadata (marker included) at 128 KiB, so the search stops there.
    static let maxSearchLength = 128 * 1024

    /// The offset of the last metadata marker in `bytes`, searching backwards over the last 128 KiB: the
    /// data section may itself contain the marker's bytes, the metadata is always last.
    static func markerOffset(in bytes: UnsafeRawBufferPointer) -> Int? {
        let m = marker.count
        guard bytes.count >= m else { return nil }
        let lowest = max(0, bytes.count - maxSearchLength)
        var start = bytes.count - m
        while start >= lowest {
            if bytes.load(fromByteOffset: start, as: UInt8.self) == 0xAB {
                var matched = true
                for i in 1..<m where bytes.load(fromByteOffset: start + i, as: UInt8.self) != marker[i] {
                    matched = false
                    break
                }
                if matched { return start }
            }
            start -= 1
        }
        return nil
    }

    /// Validates and converts the decoded metadata map.
    init(_ value: MMDBValue) throws {
        guard case .map(let map) = value else { throw MMDBError.invalidMetadata("not a map") }

        func integer(_ key: String) throws -> UInt64 {
            guard let field = map[key] else { throw MMDBError.invalidMetadata("missing \(key)") }
            guard let number = field.unsignedValue else { throw MMDBError.invalidMetadata("\(key) is not an unsigned integer") }
            return number
        }
        func small(_ key: String, max: UInt64) throws -> Int {
            let number = try integer(key)
            guard number <= max else { throw MMDBError.invalidMetadata("\(key) \(number) out of range") }
            return Int(number)
        }

        let major = try small("binary_format_major_version", max: 0xFFFF)
        guard major == 2 else { throw MMDBError.unsupportedFormatVersion(major) }
        let recordSize = try small("record_size", max: 0xFFFF)
        guard [24, 28, 32].contains(recordSize) else { throw MMDBError.unsupportedRecordSize(recordSize) }
        let ipVersion = try small("ip_version", max: 0xFFFF)
        guard ipVersion == 4 || ipVersion == 6 else { throw MMDBError.unsupportedIPVersion(ipVersion) }
        // Records hold node numbers, so no tree can have more nodes than a record can count.
        let nodeCount = try small("node_count", max: UInt64(UInt32.max))
        guard nodeCount > 0 else { throw MMDBError.invalidMetadata("node_count is 0") }
        guard let databaseType = map["database_type"]?.stringValue else {
            throw MMDBError.invalidMetadata("missing database_type")
        }

        self.init(
            nodeCount: nodeCount,
            recordSize: recordSize,
            ipVersion: ipVersion,
            databaseType: databaseType,
            languages: map["languages"]?.arrayValue?.compactMap(\.stringValue) ?? [],
            binaryFormatMajorVersion: major,
            binaryFormatMinorVersion: (try? small("binary_format_minor_version", max: 0xFFFF)) ?? 0,
            buildEpoch: (try? integer("build_epoch")) ?? 0,
            description: map["description"]?.mapValue?.compactMapValues(\.stringValue) ?? [:]
        )
    }
}
