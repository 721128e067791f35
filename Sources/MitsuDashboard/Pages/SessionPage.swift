import Foundation
import Hummingbird
import MitsuCore
import MitsuStore

/// `GET /sessions/{id}`: a session's events in order and, when the shell recorded it, an in-page player
/// for the asciicast (Assets/player.js; the page lists the events without JavaScript). `GET /files/{sha256}`:
/// a captured file, only ever as an opaque attachment.
extension Dashboard {
    func addSessionPages(to router: Router<DashboardContext>) {
        router.get("/sessions/{id}") { _, context in
            let sid = try Dashboard.sessionParameter(context)
            let events = try self.query { try self.reader.events(EventFilter(session: sid), limit: 10_000, newestFirst: false) }
            var h = HTMLBuilder()
            h.raw("<h1>Session <code>\(sid)</code></h1>")
            if let first = events.first?.event {
                h.raw("<p>")
                h.text("\(first.honeypot) · \(first.timestamp.iso8601)")
                if let ip = first.srcIP { h.raw(" · from <a href=\"/attackers/"); h.text(HTMLText.urlComponent(ip)); h.raw("\">"); h.text(ip); h.raw("</a>") }
                h.raw("</p>")
            }
            let recordings = self.recordings(of: sid)
            if !recordings.isEmpty {
                h.raw("<section class=\"panel wide\"><h2>Terminal recording</h2>")
                for i in recordings.indices {
                    h.raw("<div class=\"player\" data-src=\"/api/v1/sessions/\(sid)/recording?n=\(i)\"><noscript>Replay needs JavaScript; ")
                    h.raw("<a href=\"/api/v1/sessions/\(sid)/recording?n=\(i)\">download the asciicast</a>.</noscript></div>")
                }
                h.raw("</section>")
            }
            h.raw("<h2>Events</h2>")
            h.raw(EventTable.render(events, showSession: false))
            let files = Set(events.compactMap { $0.event.sha256 }).sorted()
            if !files.isEmpty {
                h.raw("<h2>Captured files</h2><p class=\"warning\">These are attacker files, possibly live malware. They download as opaque attachments; never run them.</p><ul>")
                for f in files { h.raw("<li><a href=\"/files/\(HTMLText.escape(f))\">"); h.text(f); h.raw("</a></li>") }
                h.raw("</ul>")
            }
            return Responses.html(Layout.page(title: "Session \(sid)", identity: context.identity, active: "",
                                              scripts: recordings.isEmpty ? [] : ["player.js"], body: h.html))
        }
        router.get("/files/{sha256}") { _, context in
            guard let sha = context.parameters.get("sha256"), sha.utf8.count == 64,
                  sha.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) else {
                throw HTTPError(.badRequest, message: "not a SHA-256")
            }
            let path = "\(self.settings.artifactsDir)/sha256/\(sha.prefix(2))/\(sha)"
            guard let data = FileManager.default.contents(atPath: path) else { throw HTTPError(.notFound, message: "file not stored") }
            return Response(status: .ok, headers: [
                .contentType: "application/octet-stream",
                .contentDisposition: "attachment; filename=\"\(sha).bin\"",
                .init("X-Mitsu-Warning")!: "attacker-supplied file, possibly malware; do not execute",
            ], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }
}
