import Foundation
import Hummingbird
import MitsuCore
import MitsuStore

/// `/api/v1/events` (filtered pages), `/api/v1/events/{id}`, `/api/v1/export` (CSV, JSON, NDJSON),
/// `/api/v1/attackers/{ip}` and `/api/v1/sessions/{id}`.
extension Dashboard {
    static let exportLimit = 100_000

    func addEventsAPI(to router: Router<DashboardContext>) {
        let api = router.group("/api/v1")
        api.get("/events") { request, _ in
            let fq = try self.filterQuery(request, defaultRange: nil)
            let limit = try Dashboard.intParameter(request, "limit", default: 50, in: 1...1000)
            let offset = try Dashboard.intParameter(request, "offset", default: 0, in: 0...10_000_000)
            let (events, total) = try self.query {
                (try self.reader.events(fq.filter, limit: limit, offset: offset), try self.reader.count(fq.filter))
            }
            return Responses.json(.object([("total", .int(total)), ("offset", .int(offset)), ("limit", .int(limit)),
                                           ("events", .array(events.map(\.apiJSON)))]))
        }
        api.get("/events/{id}") { _, context in
            guard let id = context.parameters.get("id").flatMap({ Int64($0) }) else { throw HTTPError(.badRequest, message: "id must be a number") }
            guard let e = try self.query({ try self.reader.event(id: id) }) else { throw HTTPError(.notFound, message: "no event \(id)") }
            return Responses.json(e.apiJSON)
        }
        api.get("/export") { request, _ in
            let fq = try self.filterQuery(request, defaultRange: nil)
            let format = request.queryDictionary["format"] ?? "ndjson"
            let limit = try Dashboard.intParameter(request, "limit", default: 10_000, in: 1...Dashboard.exportLimit)
            let events = try self.query { try self.reader.events(fq.filter, limit: limit, newestFirst: false) }
            let (body, type): (String, String)
            switch format {
            case "csv": (body, type) = (Exporter.csv(events), "text/csv; charset=utf-8")
            case "json": (body, type) = (Exporter.jsonArray(events), "application/json")
            case "ndjson": (body, type) = (Exporter.ndjson(events), "application/x-ndjson")
            default: throw HTTPError(.badRequest, message: "format must be csv, json or ndjson")
            }
            var r = Responses.text(body, contentType: type)
            r.headers[.contentDisposition] = "attachment; filename=\"mitsu-events.\(format)\""
            return r
        }
        api.get("/attackers/{ip}") { _, context in
            let ip = try Dashboard.addressParameter(context)
            let f = EventFilter(srcIP: ip)
            let (totals, first, last, tops) = try self.query {
                (try self.reader.totals(f), try self.reader.events(f, limit: 1, newestFirst: false).first,
                 try self.reader.events(f, limit: 1).first,
                 try [Dimension.honeypot, .event, .username, .password, .command, .destPort].map { ($0, try self.reader.top($0, filter: f, limit: 20)) })
            }
            var members: [(String, JSONValue)] = [
                ("ip", .string(ip)), ("events", .int(totals.events)), ("sessions", .int(totals.sessions)),
                ("first_seen", .string(first?.event.timestamp.iso8601)), ("last_seen", .string(last?.event.timestamp.iso8601)),
                ("country", .string(last?.event.geoip?.countryCode2)), ("asn", last?.event.geoip?.asn.map { .int($0) } ?? .null),
                ("as_org", .string(last?.event.geoip?.asOrg)),
            ]
            for (d, rows) in tops { members.append(("top_" + d.rawValue, .array(rows.map { $0.json(d) }))) }
            return Responses.json(.object(members))
        }
        api.get("/sessions/{id}") { _, context in
            let sid = try Dashboard.sessionParameter(context)
            let events = try self.query { try self.reader.events(EventFilter(session: sid), limit: 10_000, newestFirst: false) }
            guard !events.isEmpty else { throw HTTPError(.notFound, message: "no session \(sid)") }
            return Responses.json(.object([("session", .string(sid)), ("recordings", .array(self.recordings(of: sid).map { .string($0) })),
                                           ("events", .array(events.map(\.apiJSON)))]))
        }
        api.get("/sessions/{id}/recording") { request, context in
            let sid = try Dashboard.sessionParameter(context)
            let names = self.recordings(of: sid)
            let index = try Dashboard.intParameter(request, "n", default: 0, in: 0...1000)
            guard index < names.count, let data = FileManager.default.contents(atPath: self.settings.ttyDir + "/" + names[index]) else {
                throw HTTPError(.notFound, message: "no recording for session \(sid)")
            }
            return Response(status: .ok, headers: [.contentType: "application/x-asciicast"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }

    /// Session ids are generated by Mitsu (`SessionID`); anything else is refused before it can reach
    /// a file name.
    static func sessionParameter(_ context: DashboardContext) throws -> String {
        guard let sid = context.parameters.get("id"), SessionID(sid) != nil else { throw HTTPError(.badRequest, message: "not a session id") }
        return sid
    }

    static func addressParameter(_ context: DashboardContext) throws -> String {
        guard let ip = context.parameters.get("ip")?.removingPercentEncoding, let canonical = IPText.normalized(ip) else {
            throw HTTPError(.badRequest, message: "not an IP address")
        }
        return canonical
    }

    /// Recording file names of a session (`SESSION.cast`, `SESSION-1.cast`, …) in DATA/tty.
    func recordings(of sid: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: settings.ttyDir)) ?? []
        return names.filter { $0 == "\(sid).cast" || ($0.hasPrefix("\(sid)-") && $0.hasSuffix(".cast")) }.sorted { a, b in
            a.count != b.count ? a.count < b.count : a < b
        }
    }
}
