import Foundation

/// Parses `action proto src sport -> dst dport` into a `Rule`'s header fields.
enum RuleHeaderParser {
    /// Protocols Suricata accepts in a header. Transport names match the event's transport; app-layer
    /// names match the event's `protocol` (set by the honeypot or by protocol detection).
    static let transports: Set<String> = ["ip", "tcp", "udp", "icmp", "icmpv4", "icmpv6", "pkthdr", "tcp-pkt", "tcp-stream", "sctp"]
    static let appLayers: Set<String> = [
        "http", "http1", "http2", "tls", "ssl", "dns", "ftp", "ftp-data", "smb", "dcerpc", "ssh", "smtp", "imap", "pop3",
        "nfs", "ntp", "dhcp", "krb5", "snmp", "sip", "rfb", "mqtt", "rdp", "modbus", "dnp3", "enip", "ike", "ikev2",
        "tftp", "quic", "websocket", "ldap", "pgsql", "telnet", "bittorrent-dht", "http-any", "template", "irc",
    ]
    static let maxListEntries = 256
    static let maxVariableDepth = 8

    static func parse(_ header: Substring, into rule: inout Rule, variables: RuleVariables) throws {
        let tokens = try tokenize(header)
        guard tokens.count == 7 else { throw RuleError.syntax("header needs 7 fields, has \(tokens.count)") }
        guard let action = Rule.Action(rawValue: tokens[0].lowercased()) else { throw RuleError.unsupportedAction(tokens[0]) }
        rule.action = action
        let proto = tokens[1].lowercased()
        guard transports.contains(proto) || appLayers.contains(proto) else { throw RuleError.unsupportedProtocol(proto) }
        rule.proto = proto
        switch tokens[4] {
        case "->": rule.bidirectional = false
        case "<>": rule.bidirectional = true
        default: throw RuleError.syntax("direction must be -> or <>")
        }
        rule.source = try addressSet(tokens[2], variables)
        rule.sourcePorts = try portSet(tokens[3], variables)
        rule.destination = try addressSet(tokens[5], variables)
        rule.destinationPorts = try portSet(tokens[6], variables)
    }

    /// Splits on blanks outside brackets, so `[1.2.3.4, 5.6.7.8]` stays one field.
    static func tokenize(_ s: Substring) throws -> [String] {
        var out: [String] = []
        var cur = ""
        var depth = 0
        for c in s {
            if c == "[" { depth += 1 } else if c == "]" { depth -= 1 }
            guard depth >= 0, depth <= 8 else { throw RuleError.syntax("unbalanced brackets in header") }
            if (c == " " || c == "\t") && depth == 0 {
                if !cur.isEmpty { out.append(cur); cur = "" }
            } else if !(c == " " && depth > 0) {
                cur.append(c)
            }
            guard out.count <= 8 else { throw RuleError.syntax("header has too many fields") }
        }
        if !cur.isEmpty { out.append(cur) }
        guard depth == 0 else { throw RuleError.syntax("unbalanced brackets in header") }
        return out
    }

    /// Parses `[a,![b,c],$VAR]` into an expression, expanding variables; `leaf` parses one entry.
    static func expression<Leaf>(_ text: String, lookup: (String) -> String?, depth: Int, count: inout Int,
                                 leaf: (String) throws -> Leaf) throws -> SetExpr<Leaf> {
        count += 1
        guard depth <= maxVariableDepth, count <= maxListEntries else { throw RuleError.syntax("address or port list too deep or long") }
        var s = Substring(RuleText.trim(text))
        var negations = 0
        while s.first == "!" { negations += 1; s = s.dropFirst() }
        let inner: SetExpr<Leaf>
        if s.first == "$" {
            let name = String(s.dropFirst())
            guard let value = lookup(name) else { throw RuleError.unknownVariable(name) }
            inner = try expression(value, lookup: lookup, depth: depth + 1, count: &count, leaf: leaf)
        } else if s.first == "[" {
            guard s.last == "]" else { throw RuleError.syntax("unbalanced list") }
            let items = splitList(s.dropFirst().dropLast())
            guard !items.isEmpty else { throw RuleError.syntax("empty list") }
            inner = .list(try items.map { try expression($0, lookup: lookup, depth: depth + 1, count: &count, leaf: leaf) })
        } else if s.lowercased() == "any" {
            inner = .any
        } else {
            inner = .leaf(try leaf(String(s)))
        }
        return negations % 2 == 1 ? .not(inner) : inner
    }

    /// Splits a list body on top-level commas.
    static func splitList(_ s: Substring) -> [String] {
        var out: [String] = []
        var cur = ""
        var depth = 0
        for c in s {
            if c == "[" { depth += 1 } else if c == "]" { depth -= 1 }
            if c == "," && depth == 0 { out.append(cur); cur = "" } else { cur.append(c) }
        }
        out.append(cur)
        return out.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func addressSet(_ text: String, _ vars: RuleVariables) throws -> AddressSet {
        var count = 0
        return AddressSet(expr: try expression(text, lookup: { vars.addresses[$0] }, depth: 0, count: &count) { leaf in
            guard let cidr = CIDR(leaf) else { throw RuleError.badAddress(leaf) }
            return cidr
        })
    }

    static func portSet(_ text: String, _ vars: RuleVariables) throws -> PortSet {
        var count = 0
        return PortSet(expr: try expression(text, lookup: { vars.ports[$0] }, depth: 0, count: &count) { leaf in
            if let colon = leaf.firstIndex(of: ":") {
                let lo = leaf[..<colon].isEmpty ? 0 : Int(leaf[..<colon])
                let hi = leaf[leaf.index(after: colon)...].isEmpty ? 65535 : Int(leaf[leaf.index(after: colon)...])
                guard let lo, let hi, lo >= 0, hi <= 65535, lo <= hi else { throw RuleError.badPort(leaf) }
                return lo...hi
            }
            guard let p = Int(leaf), p >= 0, p <= 65535 else { throw RuleError.badPort(leaf) }
            return p...p
        })
    }
}
