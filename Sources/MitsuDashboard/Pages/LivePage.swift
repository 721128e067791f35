import Hummingbird
import MitsuStore

/// `GET /live`: the latest events, then new ones as they are stored (Assets/live.js over the SSE feed
/// `/api/v1/live`; it builds rows with textContent only). Without JavaScript it is a static list.
extension Dashboard {
    func addLivePage(to router: Router<DashboardContext>) {
        router.get("/live") { _, context in
            let recent = try self.query { try self.reader.events(EventFilter(), limit: 50) }
            var h = HTMLBuilder()
            h.raw("<h1>Live feed <span id=\"live-status\" class=\"status\">connecting…</span></h1>")
            h.raw("<div id=\"live\">")
            h.raw(EventTable.render(recent))
            h.raw("</div>")
            return Responses.html(Layout.page(title: "Live", identity: context.identity, active: "/live", scripts: ["live.js"], body: h.html))
        }
    }
}
