import GRDB
import MitsuCore
#if canImport(GRDBSQLite)
import GRDBSQLite
#elseif canImport(SQLite3)
import SQLite3
#endif

/// The cached INSERT of `EventsSchema`, bound through SQLite's C API.
///
/// Binding straight from the event's fields (and the JSON bytes, without making a `String` of them)
/// skips the boxing of fourteen `DatabaseValueConvertible`s per row that `StatementArguments` costs:
/// `append` runs this once per stored event. GRDB documents raw use of `sqliteStatement`; the statement
/// is only ever used here, and its bindings are cleared after each row so that no pointer outlives it.
struct EventInsertStatement {
    private let statement: Statement

    init(_ db: Database) throws {
        statement = try db.cachedStatement(sql: EventsSchema.insertSQL)
    }

    /// `source` is the event's `src_ip` as `IPAddress.canonicalText` gives it (the caller has it already).
    /// By pointer: a batch's events are read in place (see `SQLiteEventStore.append`).
    func insert(_ pointer: UnsafePointer<Event>, source: String?, json encoded: [UInt8]? = nil) throws {
        let handle = statement.sqliteStatement
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        sqlite3_bind_int64(handle, 1, pointer.pointee.timestamp.millisecondsSince1970)
        bind(handle, 2, pointer.pointee.kind.rawValue)
        bind(handle, 3, pointer.pointee.honeypot)
        bind(handle, 4, pointer.pointee.session?.rawValue)
        bind(handle, 5, source)
        bind(handle, 6, pointer.pointee.srcPort)
        bind(handle, 7, pointer.pointee.destPort)
        bind(handle, 8, pointer.pointee.protocol)
        bind(handle, 9, pointer.pointee.username)
        bind(handle, 10, pointer.pointee.password)
        bind(handle, 11, pointer.pointee.geoip?.countryCode2)
        bind(handle, 12, pointer.pointee.geoip?.asn)
        bind(handle, 13, pointer.pointee.sha256)
        let json = encoded ?? EventCodec.encode(pointer.pointee)
        let code = json.withUnsafeBufferPointer { bytes in
            // SQLITE_STATIC (nil): the bytes stay valid until the step returns, and are unbound after.
            sqlite3_bind_text(handle, 14, UnsafeRawPointer(bytes.baseAddress)?.assumingMemoryBound(to: CChar.self),
                              Int32(bytes.count), nil)
            return sqlite3_step(handle)
        }
        guard code == SQLITE_DONE else {
            let message = sqlite3_errmsg(sqlite3_db_handle(handle)).map { String(cString: $0) }
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: EventsSchema.insertSQL)
        }
    }

    private func bind(_ handle: OpaquePointer, _ index: Int32, _ value: String?) {
        guard var text = value else {
            sqlite3_bind_null(handle, index)
            return
        }
        // Native Swift strings are contiguous UTF-8; SQLite copies (SQLITE_TRANSIENT) before returning.
        // An empty string may have no base address, and a NULL pointer would bind SQL NULL, not ''.
        _ = text.withUTF8 { utf8 in
            guard let base = utf8.baseAddress, !utf8.isEmpty else {
                return sqlite3_bind_text(handle, index, "", 0, EventInsertStatement.transient)
            }
            return sqlite3_bind_text(handle, index, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self),
                                     Int32(utf8.count), EventInsertStatement.transient)
        }
    }

    private func bind(_ handle: OpaquePointer, _ index: Int32, _ value: Int?) {
        if let value {
            sqlite3_bind_int64(handle, index, Int64(value))
        } else {
            sqlite3_bind_null(handle, index)
        }
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
