import MitsuCore
import MitsuStore

/// The events table of the explore, attacker and session pages: one row per event, the most telling
/// field of each kind in the summary column, every value escaped.
enum EventTable {
    static func summary(_ e: Event) -> String {
        if let i = e.input { return i }
        if let h = e.http { return [h.method, h.uri].compactMap { $0 }.joined(separator: " ") }
        if let a = e.alert { return a.signature }
        if let u = e.url { return u }
        if let f = e.filename { return f }
        if let p = e.payload { return p.printable }
        if let c = e.clientVersion { return c }
        return e.message ?? ""
    }

    static func render(_ events: [StoredEvent], showSession: Bool = true) -> String {
        var h = HTMLBuilder()
        guard !events.isEmpty else { return "<p class=\"empty\">No events match.</p>" }
        h.raw("<table class=\"events\"><thead><tr><th>time</th><th>event</th><th>honeypot</th><th>source</th><th>port</th><th>user</th><th>password</th><th>detail</th>")
        if showSession { h.raw("<th>session</th>") }
        h.raw("</tr></thead><tbody>")
        for s in events {
            let e = s.event
            h.raw("<tr><td><a href=\"/events/\(s.id)\">")
            h.text(e.timestamp.iso8601.replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: ""))
            h.raw("</a></td><td>")
            h.text(e.kind.rawValue)
            h.raw("</td><td>")
            h.text(e.honeypot)
            h.raw("</td><td>")
            if let ip = e.srcIP {
                h.raw("<a href=\"/attackers/")
                h.text(HTMLText.urlComponent(ip))
                h.raw("\">")
                h.text(ip)
                h.raw("</a>")
                if let cc = e.geoip?.countryCode2 { h.raw(" <span class=\"cc\">"); h.text(cc); h.raw("</span>") }
            }
            h.raw("</td><td>")
            h.text(e.destPort.map(String.init))
            h.raw("</td><td class=\"attacker\">")
            h.text(e.username)
            h.raw("</td><td class=\"attacker\">")
            h.text(e.password)
            h.raw("</td><td class=\"attacker detail\">")
            h.text(String(summary(e).prefix(200)))
            h.raw("</td>")
            if showSession {
                h.raw("<td>")
                if let sid = e.session?.rawValue {
                    h.raw("<a href=\"/sessions/")
                    h.text(HTMLText.urlComponent(sid))
                    h.raw("\">")
                    h.text(String(sid.prefix(8)))
                    h.raw("</a>")
                }
                h.raw("</td>")
            }
            h.raw("</tr>")
        }
        h.raw("</tbody></table>")
        return h.html
    }
}
