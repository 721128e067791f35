#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes of a database: a read-only memory mapping of the file, or a private heap copy.
///
/// Mapping rather than reading keeps a 60 MB City database out of the process's private memory (the page
/// cache is shared by every worker that opens it) and makes opening instantaneous. The bytes never change
/// while this object lives, which is what makes sharing the raw pointer across threads sound.
///
/// Replace a database by writing a new file and renaming it over the old one: truncating a mapped file in
/// place makes reads of the lost pages fault (SIGBUS), as with every mmap-based MMDB reader.
final class MMDBStorage: @unchecked Sendable {
    let bytes: UnsafeRawBufferPointer
    private let ownership: Ownership

    private enum Ownership {
        case mapped(length: Int)
        case allocated
    }

    /// Maps `path` read-only.
    init(mapping path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw MMDBError.cannotOpen(path: path, reason: MMDBStorage.errnoText()) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw MMDBError.cannotOpen(path: path, reason: MMDBStorage.errnoText()) }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw MMDBError.cannotOpen(path: path, reason: "not a regular file")
        }
        let size = Int(info.st_size)
        // mmap of zero bytes fails; an empty file is simply not a database.
        guard size > 0 else { throw MMDBError.invalidFileSize(size) }
        let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0)
        guard let address, address != MAP_FAILED else {
            throw MMDBError.cannotOpen(path: path, reason: "mmap: " + MMDBStorage.errnoText())
        }
        bytes = UnsafeRawBufferPointer(start: UnsafeRawPointer(address), count: size)
        ownership = .mapped(length: size)
    }

    /// Unmaps the pages read so far (the file stays in the shared page cache; a later read maps its page
    /// again with a minor fault). Building the IPv4 jump table walks the top of the search tree, about
    /// 20 MB of a City database; without this the collector would hold those pages in its RSS while idle
    /// though no lookup needs most of them. A heap copy is left alone.
    func releaseResidentPages() {
        guard case .mapped(let length) = ownership, let base = bytes.baseAddress else { return }
        _ = madvise(UnsafeMutableRawPointer(mutating: base), length, MADV_DONTNEED)
    }

    /// Copies `source` into memory owned by this object (for in-memory databases, tests and fuzzing).
    init<Bytes: Collection>(copying source: Bytes) throws where Bytes.Element == UInt8 {
        guard !source.isEmpty else { throw MMDBError.invalidFileSize(0) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: source.count, alignment: 16)
        _ = buffer.initializeMemory(as: UInt8.self, from: source)
        bytes = UnsafeRawBufferPointer(buffer)
        ownership = .allocated
    }

    deinit {
        switch ownership {
        case .mapped(let length):
            if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), length) }
        case .allocated:
            bytes.deallocate()
        }
    }

    private static func errnoText() -> String {
        guard let text = strerror(errno) else { return "errno \(errno)" }
        return String(cString: text)
    }
}
