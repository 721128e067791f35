import Hummingbird
import MitsuCore
import MitsuStore

/// `GET /live`: a world map of the last hour's source countries and the latest events, then new ones as
/// they are stored (Assets/live.js over the SSE feed `/api/v1/live`, resumed after the newest event shown
/// here so nothing stored in between is lost; each event lights up its country and puts a dot at its
/// GeoIP location; rows and titles are built with textContent only). Without JavaScript it is a static
/// page.
extension Dashboard {
    func addLivePage(to router: Router<DashboardContext>) {
        router.get("/live") { _, context in
            let hour = EventFilter(since: Timestamp.now().adding(milliseconds: -3_600_000))
            let (recent, countries) = try self.query {
                (try self.reader.events(EventFilter(), limit: 50), try self.reader.top(.country, filter: hour, limit: 300))
            }
            var counts: [String: Int] = [:]
            for row in countries { if let cc = row.values.first ?? nil { counts[cc, default: 0] += row.count } }
            let lastID = recent.map(\.id).max() ?? 0
            var h = HTMLBuilder()
            h.raw("<h1>Live feed <span id=\"live-status\" class=\"status\">connecting…</span></h1>")
            h.raw("<section class=\"panel wide\"><h2>Source countries (last hour, then live)</h2>")
            h.raw(WorldMap(title: "Source countries, last hour and live", counts: counts, unit: "events", id: "live-map").render())
            h.raw("</section>")
            h.raw("<div id=\"live\" data-last-id=\"\(lastID)\">")
            h.raw(EventTable.render(recent))
            h.raw("</div>")
            return Responses.html(Layout.page(title: "Live", identity: context.identity, active: "/live", scripts: ["live.js"], body: h.html))
        }
    }
}
