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

    func insert(_ event: Event, json encoded: [UInt8]? = nil) throws {
        let handle = statement.sqliteStatement
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        sqlite3_bind_int64(handle, 1, event.timestamp.millisecondsSince1970)
        bind(handle, 2, event.kind.rawValue)
        bind(handle, 3, event.honeypot)
        bind(handle, 4, event.session?.rawValue)
        bind(handle, 5, event.srcIP.map(IPAddress.canonicalText))
        bind(handle, 6, event.srcPort)
        bind(handle, 7, event.destPort)
        bind(handle, 8, event.protocol)
        bind(handle, 9, event.username)
        bind(handle, 10, event.password)
        bind(handle, 11, event.geoip?.countryCode2)
        bind(handle, 12, event.geoip?.asn)
        bind(handle, 13, event.sha256)
        let json = encoded ?? EventCodec.encode(event)
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
