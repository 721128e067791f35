import Foundation
import GRDB
#if canImport(GRDBSQLite)
import GRDBSQLite
#elseif canImport(SQLite3)
import SQLite3
#endif

/// Copies the WAL back into the database file on a background thread.
///
/// SQLite's automatic checkpoint runs inside the commit that crosses the threshold, so one `append` in
/// every few dozen stalled for ~150 ms (copying 64 MiB and two fsyncs): measured as 20% of the append
/// time of a 200,000-event run. Here the writer's commit hook only signals a thread that checkpoints on a
/// connection of its own (PASSIVE: it never blocks the writer or the readers), so the bulk of the copy
/// overlaps the next batches; the commit after that pass copies the few frames added meanwhile, so that
/// the WAL starts over. A synchronous checkpoint in the commit remains as a backstop in case that thread
/// falls far behind, so the WAL stays bounded whatever happens.
final class WALCheckpointer: @unchecked Sendable {
    /// WAL size after which the background checkpoint is started: 256 MiB. The random-key src_ip index
    /// dirties ~1,700 pages in every 5,000-event batch under load (one per distinct address), so a 64 MiB
    /// WAL held about two batches and the checkpoint copied each of those pages about every other batch;
    /// at 256 MiB one copy serves ~8 batches (bench/ingest over 2 M events: collector CPU −5 %, ~+7 %
    /// events/s). The price is a WAL file of up to ~450 MB on disk.
    let backgroundThresholdBytes: Int
    /// WAL size after which the committing connection checkpoints by itself: 1 GiB.
    let inlineThresholdBytes: Int
    /// The same in pages of the store (SQLite's hook counts pages), set by `install` before any commit.
    private(set) var backgroundThreshold: Int32 = .max
    private(set) var inlineThreshold: Int32 = .max

    private let path: String
    private let queue = DispatchQueue(label: "MitsuStore.WALCheckpointer", qos: .utility)
    private let lock = NSLock()
    // Guarded by `lock`.
    private var scheduled = false
    /// A background pass finished since the writer last checkpointed inline.
    private var bulkCopied = false
    // Only touched on `queue`.
    private var connection: OpaquePointer?

    init(path: String, backgroundThresholdBytes: Int = 256 << 20, inlineThresholdBytes: Int = 1 << 30) {
        self.path = path
        self.backgroundThresholdBytes = backgroundThresholdBytes
        self.inlineThresholdBytes = max(inlineThresholdBytes, backgroundThresholdBytes)
    }

    deinit {
        // The queue holds `self` while it works, so nothing runs on `connection` any more.
        if let connection { sqlite3_close_v2(connection) }
    }

    /// Replaces SQLite's autocheckpoint hook on the writer connection. The hook holds `self` unretained:
    /// the store keeps the checkpointer for as long as its pool, whose writer is the only caller.
    func install(on db: Database) throws {
        let pageSize = max(512, try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 4096)
        backgroundThreshold = Int32(clamping: max(1, backgroundThresholdBytes / pageSize))
        inlineThreshold = Int32(clamping: max(1, inlineThresholdBytes / pageSize))
        let context = Unmanaged.passUnretained(self).toOpaque()
        sqlite3_wal_hook(db.sqliteConnection, { context, handle, name, pages in
            guard let context else { return SQLITE_OK }
            let checkpointer = Unmanaged<WALCheckpointer>.fromOpaque(context).takeUnretainedValue()
            if pages >= checkpointer.inlineThreshold || (pages >= checkpointer.backgroundThreshold && checkpointer.takeBulkCopied()) {
                // Inline after a background pass: only the frames committed during that pass are left to
                // copy, and once they are the next commit starts the WAL from its beginning. Under
                // back-to-back commits a background pass alone never catches up: the WAL grew to the
                // backstop and ext4 zeroed each block it was extended by (~9 % of the collector's CPU).
                sqlite3_wal_checkpoint_v2(handle, name, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
            } else if pages >= checkpointer.backgroundThreshold {
                checkpointer.schedule()
            }
            return SQLITE_OK
        }, context)
    }

    /// Starts one background checkpoint unless one is already pending.
    func schedule() {
        lock.lock()
        defer { lock.unlock() }
        guard !scheduled else { return }
        scheduled = true
        queue.async { [self] in
            checkpoint()
            lock.lock()
            scheduled = false
            lock.unlock()
        }
    }

    /// True once after each finished background pass.
    func takeBulkCopied() -> Bool {
        lock.withLock {
            defer { bulkCopied = false }
            return bulkCopied
        }
    }

    /// Blocks until the scheduled checkpoint, if any, is done (for tests).
    func waitUntilIdle() {
        queue.sync {}
    }

    private func checkpoint() {
        if connection == nil {
            var handle: OpaquePointer?
            guard sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE, nil) == SQLITE_OK else {
                // A failure here is retried at the next threshold; the inline backstop bounds the WAL.
                sqlite3_close_v2(handle)
                return
            }
            sqlite3_exec(handle, "PRAGMA synchronous = NORMAL", nil, nil, nil)
            connection = handle
        }
        sqlite3_wal_checkpoint_v2(connection, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
        lock.withLock { bulkCopied = true }
    }
}
