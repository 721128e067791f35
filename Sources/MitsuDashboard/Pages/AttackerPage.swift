import Hummingbird
import MitsuCore
import MitsuStore

/// `GET /attackers/{ip}`: everything one source address did: totals, where it is, which honeypots it
/// touched, what it tried, and its latest events.
extension Dashboard {
    func addAttackerPage(to router: Router<DashboardContext>) {
        router.get("/attackers/{ip}") { _, context in
            let ip = try Dashboard.addressParameter(context)
            let f = EventFilter(srcIP: ip)
            var h = HTMLBuilder()
            try self.query {
                let totals = try self.reader.totals(f)
                let first = try self.reader.events(f, limit: 1, newestFirst: false).first
                let recent = try self.reader.events(f, limit: 100)
                h.raw("<h1>Attacker <span id=\"attacker-ip\">")
                h.text(ip)
                h.raw("</span></h1><dl class=\"facts\">")
                let geo = recent.first?.event.geoip
                let facts: [(String, String?)] = [
                    ("events", String(totals.events)), ("sessions", String(totals.sessions)),
                    ("first seen", first?.event.timestamp.iso8601), ("last seen", recent.first?.event.timestamp.iso8601),
                    ("country", [geo?.countryCode2, geo?.countryName].compactMap { $0 }.joined(separator: " ")),
                    ("ASN", geo?.asn.map { "AS\($0) " + (geo?.asOrg ?? "") }),
                ]
                for (k, v) in facts { h.raw("<dt>\(k)</dt><dd>"); h.text(v ?? "–"); h.raw("</dd>") }
                h.raw("</dl><p><a href=\"/explore?src_ip=")
                h.text(HTMLText.urlComponent(ip))
                h.raw("\">all events in Explore</a></p><div class=\"grid\">")
                let panels: [(String, Dimension, [String])] = [("Honeypots", .honeypot, ["honeypot"]), ("Event kinds", .event, ["event"]),
                                                               ("Usernames", .username, ["username"]), ("Passwords", .password, ["password"]),
                                                               ("Commands", .command, ["command"]), ("Ports", .destPort, ["port"])]
                for (title, d, headers) in panels {
                    h.raw(TopTable(title: title, headers: headers, rows: try self.reader.top(d, filter: f, limit: 10)).render())
                }
                h.raw("</div><h2>Latest events</h2>")
                h.raw(EventTable.render(recent))
            }
            return Responses.html(Layout.page(title: "Attacker \(ip)", identity: context.identity, active: "", body: h.html))
        }
    }
}
