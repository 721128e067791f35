import GRDB
import MitsuCore

/// An `EventQuery` turned into SQL: conditions over the indexed columns, the address index's part of a
/// source-address filter (`AddressLookup`), plus, for CIDR blocks, the network that each candidate row's
/// `src_ip` must still fall in (a text prefix narrows the scan, but only a byte comparison is exact for
/// every prefix length and for IPv6's compressed spelling).
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
        network = nil
        lookup = nil
        if let srcIP = query.srcIP {
            if !srcIP.contains("/") {
                conditions.append("src_ip = ?")
                values.append(IPAddress.canonicalText(srcIP))
                lookup = AddressLookup(address: IPAddress.canonicalText(srcIP))
            } else {
                guard let block = IPNetwork(srcIP) else {
                    throw StoreError.invalidQuery("src_ip filter \(srcIP.prefix(80)) is neither an address nor a CIDR block")
                }
                if block.isSingleAddress {
                    conditions.append("src_ip = ?")
                    values.append(block.address.text)
                    lookup = AddressLookup(address: block.address.text)
                } else if let prefix = block.textPrefix {
                    conditions.append("src_ip >= ? AND src_ip < ?")
                    values.append(prefix)
                    values.append(IPNetwork.upperBound(ofPrefix: prefix))
                    lookup = AddressLookup(from: prefix, below: IPNetwork.upperBound(ofPrefix: prefix))
                    network = block
                } else {
                    // /0 to /7 (IPv4) or a block starting with a zero group (IPv6): no fixed text prefix,
                    // so scan the family; canonical IPv6 always has a colon and IPv4 never does.
                    conditions.append(block.address.isIPv4 ? "instr(src_ip, ':') = 0" : "instr(src_ip, ':') > 0")
                    network = block
                }
            }
        }
        lookup?.since = query.since?.millisecondsSince1970
        lookup?.until = query.until?.millisecondsSince1970
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
