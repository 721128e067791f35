/// Why a MaxMind database could not be opened or read.
///
/// A database file is untrusted input (downloaded, possibly replaced by anyone who can write the data
/// directory), so every structural problem is reported as one of these instead of trapping.
public enum MMDBError: Error, Equatable, CustomStringConvertible {
    /// `open`, `fstat` or `mmap` failed.
    case cannotOpen(path: String, reason: String)
    /// The file is empty or too large to map.
    case invalidFileSize(Int)
    /// No `\xAB\xCD\xEFMaxMind.com` marker in the last 128 KiB: not an MMDB file.
    case metadataNotFound
    /// The metadata map is missing a field or has a value of the wrong type or range.
    case invalidMetadata(String)
    case unsupportedRecordSize(Int)
    case unsupportedIPVersion(Int)
    case unsupportedFormatVersion(Int)
    /// The search tree as described by the metadata does not fit in the file.
    case searchTreeOutOfBounds(nodeCount: Int, recordSize: Int, fileSize: Int)
    /// The tree walk ended somewhere the format does not allow (e.g. still on a node after 128 bits).
    case invalidSearchTree(String)
    /// A data-section value that cannot be decoded: bad type, size or offset.
    case invalidData(offset: Int, reason: String)
    /// Containers nested (or pointers followed into containers) deeper than the decoder allows.
    case depthLimitExceeded(offset: Int)
    /// A single value would decode into more items than the decoder allows (a hostile "huge map").
    case sizeLimitExceeded(offset: Int)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): return "cannot open MMDB file \(path): \(reason)"
        case .invalidFileSize(let size): return "invalid MMDB file size \(size)"
        case .metadataNotFound: return "MMDB metadata marker not found (not a MaxMind DB file?)"
        case .invalidMetadata(let why): return "invalid MMDB metadata: \(why)"
        case .unsupportedRecordSize(let size): return "unsupported MMDB record size \(size) (expected 24, 28 or 32)"
        case .unsupportedIPVersion(let version): return "unsupported MMDB ip_version \(version) (expected 4 or 6)"
        case .unsupportedFormatVersion(let major): return "unsupported MMDB binary format major version \(major)"
        case .searchTreeOutOfBounds(let nodes, let recordSize, let fileSize):
            return "MMDB search tree of \(nodes) nodes × \(recordSize)-bit records does not fit in \(fileSize) bytes"
        case .invalidSearchTree(let why): return "invalid MMDB search tree: \(why)"
        case .invalidData(let offset, let why): return "invalid MMDB data at offset \(offset): \(why)"
        case .depthLimitExceeded(let offset): return "MMDB data nested too deeply at offset \(offset)"
        case .sizeLimitExceeded(let offset): return "MMDB value too large at offset \(offset)"
        }
    }
}
