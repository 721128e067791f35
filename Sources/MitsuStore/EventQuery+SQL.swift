import GRDB
import MitsuCore

/// An `EventQuery` turned into SQL: conditions over the indexed columns and a source-address filter
/// (`SourceAddressFilter`). When that filter's condition only narrows a CIDR block, `network` is the
/// block, and the rows found are checked against it in Swift.
struct CompiledEventQuery: CompiledConditions {
    var conditions: [String]
    var conditionArguments: [(any DatabaseValueConvertible)?]
    var lookup: AddressLookup?
    /// Non-nil when rows must be checked in Swift; SQL `LIMIT` cannot be used then.
    var network: IPNetwork?

    init(_ query: EventQuery) throws {
        var conditions: [String] = []
        var values: [(any DatabaseValueConvertible)?] = []
        if let since = query.since {
            conditions.append("ts >= ?")
            values.append(since.millisecondsSince1970)
        }
        if let until = query.until {
            conditions.append("ts < ?")
            values.append(until.millisecondsSince1970)
        }
        if let honeypot = query.honeypot {
            conditions.append("honeypot = ?")
            values.append(honeypot)
        }
        if let kind = query.kind {
            conditions.append("event = ?")
            values.append(kind.rawValue)
        }
        if let session = query.session {
            conditions.append("session = ?")
            values.append(session.rawValue)
        }
        if let srcIP = query.srcIP {
            let filter = try SourceAddressFilter(srcIP, since: query.since?.millisecondsSince1970,
                                                 until: query.until?.millisecondsSince1970)
            conditions.append(filter.condition)
            values += filter.arguments
            lookup = filter.lookup
            network = filter.block
        } else {
            lookup = nil
            network = nil
        }
        self.conditions = conditions
        conditionArguments = values
    }

    func orderClause(newestFirst: Bool) -> String {
        // id breaks ties between events of the same millisecond, in insertion order.
        newestFirst ? "ORDER BY ts DESC, events.id DESC" : "ORDER BY ts ASC, events.id ASC"
    }
}

/// What both compiled forms of a filter (`CompiledEventQuery`, `CompiledFilter`) give their SQL: used as
/// `FROM \(source) \(whereClause)` with `arguments`, or as `orderedEvents` for a page in time order.
protocol CompiledConditions {
    /// The conditions over `events`' columns, ANDed (an address filter's own included).
    var conditions: [String] { get }
    var conditionArguments: [(any DatabaseValueConvertible)?] { get }
    /// Where the candidates of an address filter come from (`AddressLookup`); nil: every event is one.
    var lookup: AddressLookup? { get }
}

extension CompiledConditions {
    var source: String { lookup?.source.sql ?? "events" }
    var whereClause: String { conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ") }
    /// The source's arguments, then the WHERE clause's: the order in which they appear in the SQL.
    var arguments: StatementArguments { StatementArguments((lookup?.source.arguments ?? []) + conditionArguments) }

    /// `SELECT id, json` of the matching events in time order (id breaks ties between events of the same
    /// millisecond, in insertion order); the caller appends LIMIT (and OFFSET).
    func orderedEvents(newestFirst: Bool) -> (sql: String, arguments: StatementArguments) {
        let direction = newestFirst ? "DESC" : "ASC"
        guard let lookup else {
            return ("SELECT id, json FROM events \(whereClause) ORDER BY ts \(direction), id \(direction)",
                    StatementArguments(conditionArguments))
        }
        let page = lookup.orderedPage(conditions: conditions.joined(separator: " AND "), arguments: conditionArguments,
                                      newestFirst: newestFirst)
        return ("SELECT id, json FROM (\(page.sql))", StatementArguments(page.arguments))
    }
}
