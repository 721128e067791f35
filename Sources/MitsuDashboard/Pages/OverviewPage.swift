import Hummingbird
import MitsuCore
import MitsuStore

/// `GET /`: totals, the two time charts and every top-N panel for the chosen range, rendered on the
/// server (no JavaScript). `refresh=N` reloads the page every N seconds via a meta refresh.
extension Dashboard {
    /// The overview's tables, in page order.
    static let overviewPanels: [(title: String, dimension: Dimension, headers: [String])] = [
        ("Per honeypot", .honeypot, ["honeypot"]),
        ("Top countries", .country, ["country", "name"]),
        ("Top source addresses", .srcIP, ["address", "country", "ASN"]),
        ("Top ASNs", .asn, ["ASN", "organisation"]),
        ("Top usernames", .username, ["username"]),
        ("Top passwords", .password, ["password"]),
        ("Top credential pairs", .credentials, ["username", "password"]),
        ("Top commands", .command, ["command"]),
        ("IDS signatures", .signature, ["signature"]),
        ("IDS categories", .alertCategory, ["category"]),
        ("CVEs", .cve, ["CVE"]),
        ("Top destination ports", .destPort, ["port"]),
    ]

    func addOverviewPage(to router: Router<DashboardContext>) {
        router.get("/") { request, context in
            let fq = try self.filterQuery(request, defaultRange: "24h")
            let refresh = request.queryDictionary["refresh"].flatMap { Int($0) }.map { min(max($0, 5), 3600) }
            let body = try self.query { try self.overviewBody(fq) }
            return Responses.html(Layout.page(title: "Overview", identity: context.identity, active: "/", refreshSeconds: refresh, body: body))
        }
    }

    func overviewBody(_ fq: FilterQuery) throws -> String {
        let f = fq.filter
        let range = fq.range ?? TimeRange(name: "24h", since: Timestamp.now().adding(milliseconds: -86_400_000), until: .now())
        var h = HTMLBuilder()
        h.raw(rangePicker(fq))
        let totals = try reader.totals(f)
        h.raw("<section class=\"totals\"><div class=\"total\"><span class=\"figure\" id=\"total-events\">\(totals.events)</span> events</div>")
        h.raw("<div class=\"total\"><span class=\"figure\" id=\"total-attackers\">\(totals.attackers)</span> attacker addresses</div>")
        h.raw("<div class=\"total\"><span class=\"figure\">\(totals.sessions)</span> sessions</div></section>")
        let w = range.bucketMilliseconds
        h.raw("<section class=\"panel wide\"><h2>Events over time by honeypot</h2>")
        h.raw(StackedBarChart(title: "Events over time by honeypot", buckets: range.buckets,
                              points: try reader.series(.honeypot, filter: f, bucketMilliseconds: w)).render())
        h.raw("</section><section class=\"panel wide\"><h2>Connections by destination port</h2>")
        h.raw(StackedBarChart(title: "Connections by destination port", buckets: range.buckets,
                              points: try reader.series(.destPort, filter: f, bucketMilliseconds: w)).render())
        h.raw("</section>")
        let base = fq.queryString(replacing: [])
        h.raw(try countryMapPanel(f, base: base))
        h.raw("<div class=\"grid\">")
        for panel in Dashboard.overviewPanels {
            var table = TopTable(title: panel.title, headers: panel.headers, rows: try reader.top(panel.dimension, filter: f, limit: 10))
            switch panel.dimension {
            case .srcIP: table.link[0] = { "/attackers/" + HTMLText.urlComponent($0) }
            case .honeypot: table.link[0] = { "/honeypots/\(HTMLText.urlComponent($0))?\(base)" }
            case .country:
                table.link[0] = { "/explore?\(base)&country=" + HTMLText.urlComponent($0) }
                // The name from the map's Natural Earth data, where the code is on the map.
                table.rows = table.rows.map { r in TopEntry([r.values.first ?? nil, (r.values.first ?? nil).flatMap { WorldMap.byCode[$0]?.name }], count: r.count) }
            case .asn: table.link[0] = { "/explore?\(base)&asn=" + HTMLText.urlComponent($0) }
            case .username: table.link[0] = { "/explore?\(base)&username=" + HTMLText.urlComponent($0) }
            default: break
            }
            h.raw(table.render())
        }
        h.raw(try capturedFilesPanel(try reader.capturedFiles(f, limit: 10), filter: f))
        h.raw("</div>")
        return h.html
    }

    /// The choropleth of events per source country in the range (every country, not only the top 10).
    func countryMapPanel(_ f: EventFilter, base: String) throws -> String {
        var counts: [String: Int] = [:]
        for row in try reader.top(.country, filter: f, limit: 300) {
            if let cc = row.values.first ?? nil { counts[cc, default: 0] += row.count }
        }
        let map = WorldMap(title: "Events by source country", counts: counts, unit: "events",
                           link: { "/explore?\(base)&country=" + HTMLText.urlComponent($0) }, id: "country-map")
        return "<section class=\"panel wide\"><h2>Events by source country</h2>" + map.render() + "</section>"
    }

    /// The range links, the custom range form and the auto-refresh link for a page at `path` (a path of
    /// our own, already URL-encoded: "/" or "/honeypots/ssh").
    func rangePicker(_ fq: FilterQuery, path: String = "/") -> String {
        var h = HTMLBuilder()
        h.raw("<form class=\"range\" method=\"get\" action=\"")
        h.text(path)
        h.raw("\"><span>Range:</span>")
        for p in TimeRange.presets {
            let current = fq.range?.name == p.name
            h.raw("<a href=\"")
            h.text(path)
            h.raw("?range=\(p.name)\"\(current ? " class=\"active\"" : "")>\(p.name)</a>")
        }
        h.raw("<input type=\"hidden\" name=\"range\" value=\"custom\"><label>from <input type=\"datetime-local\" name=\"since\" value=\"")
        if fq.range?.name == "custom", let r = fq.range { h.text(String(r.since.iso8601.prefix(16))) }
        h.raw("\"></label><label>to <input type=\"datetime-local\" name=\"until\" value=\"")
        if fq.range?.name == "custom", let r = fq.range { h.text(String(r.until.iso8601.prefix(16))) }
        h.raw("\"></label><button type=\"submit\">Apply</button>")
        let q = fq.queryString()
        h.raw(" <a href=\"")
        h.text(path + "?" + q)
        h.raw("&amp;refresh=60\">auto-refresh 60 s</a></form>")
        return h.html
    }

    /// Captured files with first/last seen, count and every source URL (up to five per file, newest first).
    func capturedFilesPanel(_ files: [CapturedFile], filter: EventFilter) throws -> String {
        let sources = try reader.sourceURLs(of: files.map(\.sha256), filter: filter)
        var h = HTMLBuilder()
        h.raw("<section class=\"panel\"><h2>Captured files</h2>")
        guard !files.isEmpty else { return h.html + "<p class=\"empty\">No data in this range.</p></section>" }
        h.raw("<table><thead><tr><th>SHA-256</th><th>first seen</th><th>last seen</th><th>source URLs</th><th class=\"num\">count</th></tr></thead><tbody>")
        for f in files {
            h.raw("<tr><td class=\"hash\"><a href=\"/files/\(HTMLText.escape(f.sha256))\" title=\"download (malware!)\">")
            h.text(String(f.sha256.prefix(16)))
            h.raw("…</a></td><td>")
            h.text(f.firstSeen.iso8601)
            h.raw("</td><td>")
            h.text(f.lastSeen.iso8601)
            h.raw("</td><td class=\"attacker\">")
            let urls = sources[f.sha256] ?? f.url.map { [$0] } ?? []
            for (i, u) in urls.enumerated() {
                if i > 0 { h.raw("<br>") }
                h.text(u)
            }
            h.raw("</td><td class=\"num\">\(f.count)</td></tr>")
        }
        h.raw("</tbody></table></section>")
        return h.html
    }
}
