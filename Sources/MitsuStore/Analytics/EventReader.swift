import Foundation
import GRDB
import MitsuCore

/// A read-only view of `mitsu.sqlite` for the dashboard: its own reader connections, so page queries
/// never queue behind the collector's writes (WAL lets both proceed) and can never modify the store.
///
/// Thread-safe. The database must exist (the collector creates it before the dashboard starts).
public final class EventReader: Sendable {
    public let path: String
    let pool: DatabasePool

    public init(path: String, maximumReaders: Int = 4) throws {
        self.path = path
        var configuration = Configuration()
        configuration.label = "MitsuStore.reader"
        configuration.readonly = true
        configuration.busyMode = .timeout(5)
        configuration.maximumReaderCount = maximumReaders
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA cache_size = -16384")
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
            AnalyticsFunctions.install(on: db)
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw SQLiteEventStore.storeError(error, path: path)
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.read(body)
        } catch {
            throw SQLiteEventStore.storeError(error, path: path)
        }
    }

    func decode(_ json: String?, rowID: Int64) throws -> Event {
        do {
            return try EventCodec.decode(Array((json ?? "").utf8))
        } catch {
            throw StoreError.undecodableEvent(path: path, rowID: rowID, detail: "\(error)")
        }
    }
}

/// An event with the row id the store gave it: the handle for the detail view and for "newer than" polls.
public struct StoredEvent: Sendable, Equatable {
    public var id: Int64
    public var event: Event
    /// The stored JSON line, byte for byte (what export and the detail view show).
    public var json: String
}
