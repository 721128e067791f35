import Foundation
import MitsuCore

/// The few POSIX file calls the log needs, with errno turned into `StoreError`.
///
/// Plain file descriptors rather than `FileHandle`: a write must report exactly how many bytes reached the
/// file when the disk fills up, so that the rest can stay buffered, and `FileHandle` hides partial writes.
enum POSIXFile {
    static func openForAppend(_ path: String) throws -> Int32 {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw StoreError.fileOperationFailed(path: path, operation: "open", errno: errno) }
        return fd
    }

    static func openForReading(_ path: String) throws -> Int32 {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw StoreError.fileOperationFailed(path: path, operation: "open", errno: errno) }
        return fd
    }

    static func createTruncating(_ path: String) throws -> Int32 {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw StoreError.fileOperationFailed(path: path, operation: "create", errno: errno) }
        return fd
    }

    /// Writes as much of `bytes` as the file takes. Returns the count written and, if it stopped short,
    /// the errno that stopped it.
    static func write(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> (written: Int, errno: Int32?) {
        guard let base = bytes.baseAddress else { return (0, nil) }
        var offset = 0
        while offset < bytes.count {
            let n = Foundation.write(fd, base + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                return (offset, errno)
            }
            // A zero-byte write of a non-empty range only happens when the file cannot grow.
            if n == 0 { return (offset, ENOSPC) }
            offset += n
        }
        return (offset, nil)
    }

    /// Writes all of `bytes` or throws `fileOperationFailed(operation: "write")`.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
        let (_, failure) = write(fd, bytes)
        if let failure { throw StoreError.fileOperationFailed(path: path, operation: "write", errno: failure) }
    }

    /// Reads up to `count` bytes; 0 means end of file.
    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, path: String) throws -> Int {
        while true {
            let n = Foundation.read(fd, buffer.baseAddress, buffer.count)
            if n >= 0 { return n }
            if errno != EINTR { throw StoreError.fileOperationFailed(path: path, operation: "read", errno: errno) }
        }
    }

    static func close(_ fd: Int32) {
        _ = Foundation.close(fd)
    }

    static func sync(_ fd: Int32, path: String) throws {
        guard fsync(fd) == 0 else { throw StoreError.fileOperationFailed(path: path, operation: "fsync", errno: errno) }
    }

    static func rename(_ from: String, to: String) throws {
        guard Foundation.rename(from, to) == 0 else {
            throw StoreError.fileOperationFailed(path: from, operation: "rename to \(to)", errno: errno)
        }
    }

    static func remove(_ path: String) throws {
        guard unlink(path) == 0 || errno == ENOENT else {
            throw StoreError.fileOperationFailed(path: path, operation: "remove", errno: errno)
        }
    }

    static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    static func size(_ path: String) -> Int? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int(info.st_size)
    }

    /// The file's last modification time, to the millisecond.
    static func modificationTime(_ path: String) -> Timestamp? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let date = attributes[.modificationDate] as? Date
        else { return nil }
        return Timestamp(date)
    }

    static func listDirectory(_ path: String) throws -> [String] {
        guard let dir = opendir(path) else {
            throw StoreError.fileOperationFailed(path: path, operation: "list", errno: errno)
        }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// `mkdir -p`.
    static func createDirectory(_ path: String) throws {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/" + component
            if mkdir(prefix, 0o750) != 0 && errno != EEXIST {
                throw StoreError.fileOperationFailed(path: prefix, operation: "create directory", errno: errno)
            }
        }
    }
}
