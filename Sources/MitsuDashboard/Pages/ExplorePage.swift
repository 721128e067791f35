import Foundation
import Hummingbird
import MitsuCore
import MitsuStore

/// `GET /explore`: a filter form over every indexed field plus free text, a paged table, and export
/// links for the same filter; `GET /events/{id}`: one event as JSON.
extension Dashboard {
    static let pageSize = 50

    func addExplorePages(to router: Router<DashboardContext>) {
        router.get("/explore") { request, context in
            let fq = try self.filterQuery(request, defaultRange: nil)
            let offset = try Dashboard.intParameter(request, "offset", default: 0, in: 0...10_000_000)
            let (events, total) = try self.query {
                (try self.reader.events(fq.filter, limit: Dashboard.pageSize, offset: offset), try self.reader.count(fq.filter))
            }
            var h = HTMLBuilder()
            h.raw(self.filterForm(fq))
            h.raw("<p class=\"count\"><span id=\"match-count\">\(total)</span> matching events")
            if total > 0 { h.raw(", showing \(offset + 1)–\(offset + events.count)") }
            h.raw(". Export: ")
            for format in ["csv", "json", "ndjson"] {
                h.raw("<a class=\"export\" href=\"/api/v1/export?")
                h.text(fq.queryString(replacing: [("format", format)]))
                h.raw("\">\(format.uppercased())</a> ")
            }
            h.raw("</p>")
            h.raw(EventTable.render(events))
            h.raw("<nav class=\"pager\">")
            if offset > 0 {
                h.raw("<a rel=\"prev\" href=\"/explore?")
                h.text(fq.queryString(replacing: [("offset", String(max(0, offset - Dashboard.pageSize)))]))
                h.raw("\">← newer</a> ")
            }
            if offset + events.count < total {
                h.raw("<a rel=\"next\" id=\"next-page\" href=\"/explore?")
                h.text(fq.queryString(replacing: [("offset", String(offset + Dashboard.pageSize))]))
                h.raw("\">older →</a>")
            }
            h.raw("</nav>")
            return Responses.html(Layout.page(title: "Explore", identity: context.identity, active: "/explore", body: h.html))
        }
        router.get("/events/{id}") { _, context in
            guard let id = context.parameters.get("id").flatMap({ Int64($0) }) else { throw HTTPError(.badRequest, message: "id must be a number") }
            guard let s = try self.query({ try self.reader.event(id: id) }) else { throw HTTPError(.notFound, message: "no event \(id)") }
            var h = HTMLBuilder()
            h.raw("<h1>Event \(id)</h1><p><a href=\"/api/v1/events/\(id)\">as JSON</a>")
            if let sid = s.event.session?.rawValue { h.raw(" · <a href=\"/sessions/\(sid)\">session \(sid)</a>") }
            if let ip = s.event.srcIP { h.raw(" · <a href=\"/attackers/"); h.text(HTMLText.urlComponent(ip)); h.raw("\">"); h.text(ip); h.raw("</a>") }
            h.raw("</p><pre class=\"json attacker\" id=\"event-json\">")
            h.text(Dashboard.prettyJSON(s.json))
            h.raw("</pre>")
            return Responses.html(Layout.page(title: "Event \(id)", identity: context.identity, active: "/explore", body: h.html))
        }
    }

    static func prettyJSON(_ line: String) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)),
              let data = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        else { return line }
        return String(decoding: data, as: UTF8.self)
    }

    func filterForm(_ fq: FilterQuery) -> String {
        let values = Dictionary(fq.parameters, uniquingKeysWith: { a, _ in a })
        var h = HTMLBuilder()
        h.raw("<form class=\"filters\" method=\"get\" action=\"/explore\" id=\"filters\">")
        let fields: [(String, String)] = [("range", "range (1h 24h 7d 30d all custom)"), ("since", "since"), ("until", "until"),
                                          ("honeypot", "honeypot"), ("event", "event"), ("src_ip", "source IP or CIDR"),
                                          ("country", "country"), ("asn", "ASN"), ("username", "username"), ("dest_port", "port"),
                                          ("session", "session"), ("q", "free text")]
        for (name, label) in fields {
            h.raw("<label>\(label) <input name=\"\(name)\" id=\"f-\(name)\" value=\"")
            h.text(values[name] ?? "")
            h.raw("\"></label>")
        }
        h.raw("<button type=\"submit\" id=\"apply\">Filter</button></form>")
        return h.html
    }
}
