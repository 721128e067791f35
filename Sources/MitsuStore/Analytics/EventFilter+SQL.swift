import GRDB
import MitsuCore

/// An `EventFilter` as a FROM source and a WHERE clause with bound arguments, used as
/// `FROM \(source) \(whereClause)` with `arguments`. An address filter reads its candidates from the
/// address index (`AddressLookup`); CIDR blocks narrow it by a text-prefix range and use the `mitsu_ip_in`
/// SQL function (`AnalyticsFunctions`) for the exact byte test, so aggregates (COUNT, GROUP BY) stay
/// inside SQLite.
struct CompiledFilter: CompiledConditions {
    var conditions: [String]
    var conditionArguments: [(any DatabaseValueConvertible)?]
    var lookup: AddressLookup?

    init(_ f: EventFilter, extra: [String] = []) throws {
        var conditions: [String] = []
        var values: [(any DatabaseValueConvertible)?] = []
        var lookup: AddressLookup?
        func add(_ condition: String, _ args: (any DatabaseValueConvertible)?...) {
            conditions.append(condition)
            values.append(contentsOf: args)
        }
        if let v = f.since { add("ts >= ?", v.millisecondsSince1970) }
        if let v = f.until { add("ts < ?", v.millisecondsSince1970) }
        if let v = f.honeypot { add("honeypot = ?", v) }
        if let v = f.event { add("event = ?", v) }
        if let v = f.session { add("session = ?", v) }
        if let v = f.country { add("country = ?", v.uppercased()) }
        if let v = f.asn { add("asn = ?", v) }
        if let v = f.username { add("username = ?", v) }
        if let v = f.destPort { add("dest_port = ?", v) }
        if let v = f.text, !v.isEmpty {
            // LIKE with an escape character, so % and _ typed by the operator are literal.
            let escaped = v.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
            add("events.json LIKE ? ESCAPE '\\'", "%" + escaped + "%")
        }
        if let v = f.srcIP {
            let filter = try SourceAddressFilter(v, since: f.since?.millisecondsSince1970, until: f.until?.millisecondsSince1970)
            conditions.append(filter.condition)
            values += filter.arguments
            lookup = filter.lookup
            // The exact byte test inside SQLite, so aggregates (COUNT, GROUP BY) need no pass in Swift.
            if let block = filter.block { add("mitsu_ip_in(src_ip, ?)", "\(block.address.text)/\(block.prefixLength)") }
        }
        conditions += extra
        self.conditions = conditions
        conditionArguments = values
        self.lookup = lookup
    }
}
