import Foundation

/// Every failure of a store, worded for the operator: each names the file concerned, so that a
/// `sensor.store_error` event or a log line is enough to act on without a debugger.
///
/// For `JSONLinesLog` the cases also carry a promise about the events: every error thrown by `append` or
/// `flush` except `logBufferFull` means the events were accepted and are still held in memory, to be
/// written by the next `flush`; `logBufferFull` means the events given to that call were refused.
public enum StoreError: Error, CustomStringConvertible, Sendable {
    /// The SQLite file is not a database at all, or some of its pages are damaged.
    case corruptDatabase(path: String, detail: String)
    /// Any other SQLite failure (disk full, permissions, locked by another process, …).
    case database(path: String, detail: String)
    /// A stored row whose `json` column no longer decodes as an event.
    case undecodableEvent(path: String, rowID: Int64, detail: String)
    /// A query that cannot be run as written, e.g. a malformed CIDR.
    case invalidQuery(String)
    /// Writing buffered lines failed; `bufferedBytes` bytes are kept for the next attempt.
    case writeFailed(path: String, errno: Int32, bufferedBytes: Int)
    /// The in-memory buffer reached its cap (the disk has been failing for a while): new events are refused.
    case logBufferFull(path: String, bufferedBytes: Int, limit: Int)
    /// A file-system call other than a write failed (open, rename, remove, list).
    case fileOperationFailed(path: String, operation: String, errno: Int32)
    /// Gzip compression of a rotated log failed; the uncompressed file is kept and retried later.
    case compressionFailed(path: String, detail: String)

    public var description: String {
        switch self {
        case .corruptDatabase(let path, let detail):
            return "database \(path) is corrupt or not an SQLite database (\(detail)); "
                + "stop Mitsu and move the file aside to start a new store"
        case .database(let path, let detail):
            return "database \(path): \(detail)"
        case .undecodableEvent(let path, let rowID, let detail):
            return "database \(path): row \(rowID) of table events holds an undecodable event (\(detail))"
        case .invalidQuery(let why):
            return "invalid event query: \(why)"
        case .writeFailed(let path, let code, let buffered):
            return "cannot write \(path): \(StoreError.text(ofErrno: code)); "
                + "\(buffered) bytes of events stay buffered and will be written by the next flush"
        case .logBufferFull(let path, let buffered, let limit):
            return "event log \(path) is not being written (\(buffered) bytes buffered, limit \(limit)); "
                + "new events are refused until a flush succeeds"
        case .fileOperationFailed(let path, let operation, let code):
            return "cannot \(operation) \(path): \(StoreError.text(ofErrno: code))"
        case .compressionFailed(let path, let detail):
            return "cannot gzip \(path): \(detail); the uncompressed file is kept and retried later"
        }
    }

    static func text(ofErrno code: Int32) -> String {
        "\(String(cString: strerror(code))) (errno \(code))"
    }
}
