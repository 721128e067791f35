import Hummingbird
import MitsuCore
import MitsuStore

/// `GET /honeypots/{name}` and `GET /api/v1/honeypots/{name}`: one honeypot's totals, login success
/// rate, activity by event kind, and the panels that matter for its family (credentials and clients
/// for SSH/Telnet, requests for web, commands for the service honeypots, payloads for the trap).
extension Dashboard {
    static func honeypotPanels(_ name: String) -> [(title: String, dimension: Dimension, headers: [String])] {
        switch name {
        case "ssh", "telnet":
            return [("Usernames", .username, ["username"]), ("Passwords", .password, ["password"]),
                    ("Credential pairs", .credentials, ["username", "password"]), ("Client versions", .clientVersion, ["client version"]),
                    ("HASSH", .hassh, ["hassh"]), ("Commands", .command, ["command"]), ("Source addresses", .srcIP, ["address", "country", "ASN"])]
        case "web":
            return [("URIs", .httpURI, ["uri"]), ("Methods", .httpMethod, ["method"]), ("User agents", .userAgent, ["user agent"]),
                    ("Attack categories", .attackCategory, ["category"]), ("CVEs", .cve, ["CVE"]), ("Source addresses", .srcIP, ["address", "country", "ASN"])]
        case "trap":
            return [("Ports", .destPort, ["port"]), ("Payloads", .payloadSHA256, ["sha256", "printable preview"]),
                    ("Source addresses", .srcIP, ["address", "country", "ASN"])]
        default:
            return [("Usernames", .username, ["username"]), ("Passwords", .password, ["password"]),
                    ("Commands", .input, ["command"]), ("Ports", .destPort, ["port"]), ("Source addresses", .srcIP, ["address", "country", "ASN"])]
        }
    }

    static func honeypotParameter(_ context: DashboardContext) throws -> String {
        guard let name = context.parameters.get("name"), !name.isEmpty, name.utf8.count <= 64,
              name.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") })
        else { throw HTTPError(.badRequest, message: "not a honeypot name") }
        return name
    }

    /// Successful logins and all login attempts (success rate = success / attempts).
    func loginSuccessRate(_ f: EventFilter) throws -> (success: Int, attempts: Int) {
        var ok = f, failed = f
        ok.event = "login.success"
        failed.event = "login.failed"
        let s = try reader.count(ok)
        return (s, s + (try reader.count(failed)))
    }

    func addHoneypotRoutes(to router: Router<DashboardContext>) {
        router.get("/honeypots/{name}") { request, context in
            let name = try Dashboard.honeypotParameter(context)
            var fq = try self.filterQuery(request, defaultRange: "24h")
            fq.filter.honeypot = name
            let range = fq.range ?? TimeRange(name: "24h", since: Timestamp.now().adding(milliseconds: -86_400_000), until: .now())
            let refresh = request.queryDictionary["refresh"].flatMap { Int($0) }.map { min(max($0, 5), 3600) }
            var h = HTMLBuilder()
            try self.query {
                let totals = try self.reader.totals(fq.filter)
                let logins = try self.loginSuccessRate(fq.filter)
                h.raw("<h1>Honeypot <span id=\"honeypot-name\">")
                h.text(name)
                h.raw("</span></h1>")
                h.raw(self.rangePicker(fq, path: "/honeypots/" + HTMLText.urlComponent(name)))
                h.raw("<section class=\"totals\"><div class=\"total\"><span class=\"figure\">\(totals.events)</span> events</div>")
                h.raw("<div class=\"total\"><span class=\"figure\">\(totals.attackers)</span> attacker addresses</div>")
                h.raw("<div class=\"total\"><span class=\"figure\">\(totals.sessions)</span> sessions</div>")
                if logins.attempts > 0 {
                    h.raw("<div class=\"total\"><span class=\"figure\" id=\"success-rate\">\(logins.success * 100 / logins.attempts)%</span> of \(logins.attempts) logins succeeded</div>")
                }
                h.raw("</section><section class=\"panel wide\"><h2>Events over time by kind</h2>")
                h.raw(StackedBarChart(title: "Events over time by kind", buckets: range.buckets,
                                      points: try self.reader.series(.event, filter: fq.filter, bucketMilliseconds: range.bucketMilliseconds)).render())
                h.raw("</section><div class=\"grid\">")
                for panel in Dashboard.honeypotPanels(name) {
                    var table = TopTable(title: panel.title, headers: panel.headers, rows: try self.reader.top(panel.dimension, filter: fq.filter, limit: 10))
                    if panel.dimension == .srcIP { table.link[0] = { "/attackers/" + HTMLText.urlComponent($0) } }
                    h.raw(table.render())
                }
                if name == "trap" {
                    // By content, not port: what each port's payloads actually spoke (trap protocol detection).
                    h.raw(TopTable(title: "Protocol spoken vs port", headers: ["protocol", "port"],
                                   rows: try self.reader.protocolsByPort(fq.filter, limit: 20)).render())
                }
                h.raw(try self.capturedFilesPanel(try self.reader.capturedFiles(fq.filter, limit: 10), filter: fq.filter))
                h.raw("</div>")
            }
            return Responses.html(Layout.page(title: "Honeypot \(name)", identity: context.identity, active: "", refreshSeconds: refresh, body: h.html))
        }
        router.get("/api/v1/honeypots/{name}") { request, context in
            let name = try Dashboard.honeypotParameter(context)
            var fq = try self.filterQuery(request, defaultRange: "24h")
            fq.filter.honeypot = name
            let json: JSONValue = try self.query {
                let totals = try self.reader.totals(fq.filter)
                let logins = try self.loginSuccessRate(fq.filter)
                var members: [(String, JSONValue)] = [
                    ("honeypot", .string(name)), ("range", fq.range?.json ?? .null), ("events", .int(totals.events)),
                    ("attackers", .int(totals.attackers)), ("sessions", .int(totals.sessions)),
                    ("logins", .object([("success", .int(logins.success)), ("attempts", .int(logins.attempts))])),
                ]
                var panels: [(String, JSONValue)] = []
                for panel in Dashboard.honeypotPanels(name) {
                    panels.append((panel.dimension.rawValue, .array(try self.reader.top(panel.dimension, filter: fq.filter, limit: 10).map { $0.json(panel.dimension) })))
                }
                members.append(("top", .object(panels)))
                if name == "trap" {
                    members.append(("protocol_ports", .array(try self.reader.protocolsByPort(fq.filter, limit: 20).map { row in
                        let port: JSONValue = row.values[1].flatMap { Int64($0) }.map { .int($0) } ?? .null
                        return .object([("protocol", row.values[0].map { .string($0) } ?? .null), ("port", port), ("count", .int(Int64(row.count)))])
                    })))
                }
                return .object(members)
            }
            return Responses.json(json)
        }
    }
}
