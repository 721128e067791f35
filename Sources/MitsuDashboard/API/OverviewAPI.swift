import Hummingbird
import MitsuCore
import MitsuStore

/// `/api/v1/overview/…`: the overview's panels as JSON, one endpoint per kind of panel, all taking the
/// common filter parameters (docs/openapi.yaml).
extension Dashboard {
    func addOverviewAPI(to router: Router<DashboardContext>) {
        let group = router.group("/api/v1/overview")
        group.get("/totals") { request, _ in
            let fq = try self.filterQuery(request, defaultRange: "24h")
            let t = try self.query { try self.reader.totals(fq.filter) }
            return Responses.json(.object([("range", fq.range?.json ?? .null), ("events", .int(t.events)),
                                           ("attackers", .int(t.attackers)), ("sessions", .int(t.sessions))]))
        }
        group.get("/series") { request, _ in
            let fq = try self.filterQuery(request, defaultRange: "24h")
            let dimension = try Dashboard.dimension(request, allowed: [.honeypot, .destPort, .event, .country], fallback: .honeypot)
            let range = fq.range ?? TimeRange(name: "24h", since: Timestamp.now().adding(milliseconds: -86_400_000), until: .now())
            let points = try self.query { try self.reader.series(dimension, filter: fq.filter, bucketMilliseconds: range.bucketMilliseconds) }
            return Responses.json(.object([
                ("range", range.json), ("by", .string(dimension.rawValue)),
                ("points", .array(points.map { .object([("bucket", .string($0.bucket.iso8601)), ("key", .string($0.key)), ("count", .int($0.count))]) })),
            ]))
        }
        group.get("/top") { request, _ in
            let fq = try self.filterQuery(request, defaultRange: "24h")
            let dimension = try Dashboard.dimension(request, allowed: Dimension.allCases, fallback: nil)
            let limit = try Dashboard.intParameter(request, "limit", default: 10, in: 1...1000)
            let rows = try self.query { try self.reader.top(dimension, filter: fq.filter, limit: limit) }
            return Responses.json(.object([("range", fq.range?.json ?? .null), ("by", .string(dimension.rawValue)),
                                           ("columns", .array(dimension.columns.map { .string($0) })),
                                           ("rows", .array(rows.map { $0.json(dimension) }))]))
        }
        group.get("/files") { request, _ in
            let fq = try self.filterQuery(request, defaultRange: "24h")
            let limit = try Dashboard.intParameter(request, "limit", default: 20, in: 1...1000)
            let (files, sources) = try self.query {
                let files = try self.reader.capturedFiles(fq.filter, limit: limit)
                return (files, try self.reader.sourceURLs(of: files.map(\.sha256), filter: fq.filter))
            }
            return Responses.json(.object([("range", fq.range?.json ?? .null), ("files", .array(files.map { f in
                .object([("sha256", .string(f.sha256)), ("first_seen", .string(f.firstSeen.iso8601)), ("last_seen", .string(f.lastSeen.iso8601)),
                         ("count", .int(f.count)), ("url", .string(f.url)), ("urls", .array((sources[f.sha256] ?? []).map { .string($0) })),
                         ("size", f.size.map { .int($0) } ?? .null)])
            }))]))
        }
    }

    static func dimension(_ request: Request, allowed: [Dimension], fallback: Dimension?) throws -> Dimension {
        guard let text = request.queryDictionary["by"] else {
            if let fallback { return fallback }
            throw HTTPError(.badRequest, message: "by is required: one of \(allowed.map(\.rawValue).joined(separator: ", "))")
        }
        guard let d = Dimension(rawValue: text), allowed.contains(d) else {
            throw HTTPError(.badRequest, message: "by must be one of \(allowed.map(\.rawValue).joined(separator: ", "))")
        }
        return d
    }

    static func intParameter(_ request: Request, _ name: String, default value: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let text = request.queryDictionary[name] else { return value }
        guard let n = Int(text), range.contains(n) else {
            throw HTTPError(.badRequest, message: "\(name) must be an integer in \(range.lowerBound)...\(range.upperBound)")
        }
        return n
    }
}
