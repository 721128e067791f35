import Foundation
import MitsuCore

/// `DIR/events.jsonl`: every event as one JSON line, for `tail -f`, `jq` and log shippers (Filebeat reads
/// it as it reads T-Pot's logs). Rotated when the UTC day changes: the finished day is gzipped to
/// `events-YYYY-MM-DD.jsonl.gz` and the newest `generations` days are kept. See `RotatedLogFiles`.
///
/// Lines are buffered in memory and written when the buffer passes `flushThreshold` or on `flush()`; the
/// collector flushes at least once a second, so a line reaches the file within a second.
///
/// Errors keep a promise about the events (see `StoreError`): `append` and `flush` throw only when events
/// are not yet on disk, and except for `logBufferFull` those events stay buffered for the next `flush`, so
/// a disk that fills up and is then freed loses nothing. A failure to compress or prune an old day never
/// stops logging; it is kept for `takeMaintenanceError()`.
///
/// Thread-safe: one lock guards the buffer and the file, so a timer may flush while a task appends.
public final class JSONLinesLog: @unchecked Sendable {
    public let directory: String
    /// How many compressed days to keep.
    public let generations: Int
    /// Buffered bytes at which `append` writes without waiting for `flush`.
    public let flushThreshold: Int
    /// Buffered bytes at which `append` refuses new events: bounds memory while the disk is failing.
    public let maxBufferedBytes: Int

    private let files: RotatedLogFiles
    private let now: @Sendable () -> Timestamp
    private let lock = NSLock()
    // Guarded by `lock`.
    private var fd: Int32 = -1
    private var currentDay: String
    private var buffer: [UInt8] = []
    private var maintenanceError: (any Error)?

    /// The file being appended to, `DIR/events.jsonl`.
    public var path: String { files.currentPath }

    /// Opens (creating if needed) `directory/events.jsonl`. An existing file last written on an earlier
    /// UTC day is rotated first, and rotations a crash left unfinished are completed.
    /// - Parameter now: the wall clock; tests inject one to cross midnight.
    public init(
        directory: String, generations: Int = 14, flushThreshold: Int = 256 * 1024,
        maxBufferedBytes: Int = 64 * 1024 * 1024, now: @escaping @Sendable () -> Timestamp = { Timestamp.now() }
    ) throws {
        self.directory = directory
        self.generations = max(0, generations)
        self.flushThreshold = max(1, flushThreshold)
        self.maxBufferedBytes = max(1, maxBufferedBytes)
        self.files = RotatedLogFiles(directory: directory)
        self.now = now
        let today = now().day
        currentDay = today
        buffer.reserveCapacity(self.flushThreshold + 64 * 1024)

        try POSIXFile.createDirectory(directory)
        if (POSIXFile.size(files.currentPath) ?? 0) > 0, let modified = POSIXFile.modificationTime(files.currentPath),
           modified.day < today {
            _ = retireCurrentFile(as: modified.day)
        }
        fd = try POSIXFile.openForAppend(files.currentPath)
        performMaintenance()
    }

    deinit {
        if !buffer.isEmpty { try? writeBuffer() }
        if fd >= 0 { POSIXFile.close(fd) }
    }

    /// Buffers `events`, rotating first if the day changed, and writes the buffer once it passes
    /// `flushThreshold`. If this throws anything but `logBufferFull`, the events were accepted and are
    /// still buffered: call `flush()` to retry, do not append them again.
    public func append(_ events: [Event]) throws {
        try append(lines: events.map { EventCodec.encode($0) })
    }

    /// As `append(_:)`, for events already encoded with `EventCodec.encode` (no trailing newline).
    public func append(lines: [[UInt8]]) throws {
        lock.lock()
        defer { lock.unlock() }
        guard buffer.count < maxBufferedBytes else {
            throw StoreError.logBufferFull(path: path, bufferedBytes: buffer.count, limit: maxBufferedBytes)
        }
        var failure: (any Error)?
        do { try rotateIfNeeded() } catch { failure = error }
        for line in lines {
            buffer.append(contentsOf: line)
            buffer.append(UInt8(ascii: "\n"))
        }
        if failure == nil, buffer.count >= flushThreshold {
            do { try writeBuffer() } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Rotates if the day changed and writes every buffered line. On failure the unwritten bytes stay
    /// buffered (a line cut by a full disk is completed by the next successful flush).
    public func flush() throws {
        lock.lock()
        defer { lock.unlock() }
        try rotateIfNeeded()
        try writeBuffer()
    }

    /// Flushes and closes the file; a later `append` or `flush` reopens it.
    public func close() throws {
        lock.lock()
        defer { lock.unlock() }
        try writeBuffer()
        if fd >= 0 { POSIXFile.close(fd) }
        fd = -1
    }

    /// Bytes of events not yet written to the file.
    public var bufferedByteCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return buffer.count
    }

    /// The last failure to compress or prune rotated files (nil if none since the last call). The
    /// collector turns it into a `sensor.store_error` event; the work is retried at the next rotation.
    public func takeMaintenanceError() -> (any Error)? {
        lock.lock()
        defer { lock.unlock() }
        defer { maintenanceError = nil }
        return maintenanceError
    }

    // MARK: - Under the lock

    private func rotateIfNeeded() throws {
        let today = now().day
        // A clock that went back keeps writing to the current file rather than rotating a day twice.
        guard today > currentDay else { return }
        // Lines buffered before midnight belong to the day that is ending.
        try writeBuffer()
        if (POSIXFile.size(files.currentPath) ?? 0) > 0 {
            // If the rename fails, keep appending to the same file; the next call tries again.
            guard retireCurrentFile(as: currentDay) else { return }
            if fd >= 0 { POSIXFile.close(fd) }
            // Opened now so that `tail -F` sees the new file at once; a failure is retried by the next write.
            fd = (try? POSIXFile.openForAppend(files.currentPath)) ?? -1
        }
        currentDay = today
        performMaintenance()
    }

    /// Renames `events.jsonl` to the waiting file of `day`; false (and the error kept) if it could not.
    private func retireCurrentFile(as day: String) -> Bool {
        do {
            // A waiting file of the same day would be overwritten by the rename: compress it first.
            if POSIXFile.exists(files.pendingPath(day: day)) { try files.compress(day: day) }
            try POSIXFile.rename(files.currentPath, to: files.pendingPath(day: day))
            return true
        } catch {
            maintenanceError = error
            return false
        }
    }

    /// Compresses every waiting day and prunes old generations. Runs inline, under the lock: zlib's
    /// default level does ~140 MB/s here, so even a 1 GB day stalls appends for a few seconds once a
    /// day, which the collector's bounded queue absorbs; a thread of its own is not worth its states.
    private func performMaintenance() {
        do {
            try files.removeTemporaries()
            for day in try files.pendingDays() {
                do { try files.compress(day: day) } catch { maintenanceError = error }
            }
            try files.prune(keeping: generations)
        } catch {
            maintenanceError = error
        }
    }

    private func writeBuffer() throws {
        guard !buffer.isEmpty else { return }
        if fd < 0 {
            do {
                fd = try POSIXFile.openForAppend(files.currentPath)
            } catch StoreError.fileOperationFailed(_, _, let code) {
                throw StoreError.writeFailed(path: path, errno: code, bufferedBytes: buffer.count)
            }
        }
        let (written, failure) = buffer.withUnsafeBytes { POSIXFile.write(fd, $0) }
        if written == buffer.count {
            buffer.removeAll(keepingCapacity: true)
        } else {
            buffer.removeFirst(written)
        }
        if let failure {
            throw StoreError.writeFailed(path: path, errno: failure, bufferedBytes: buffer.count)
        }
    }
}
