import MitsuCore

/// The overview's time window: a preset (`1h`, `24h`, `7d`, `30d`) ending now, or a custom
/// `since`/`until` pair, and the bucket width its charts use (about 30–60 bars whatever the span).
public struct TimeRange: Sendable, Equatable {
    public var name: String
    public var since: Timestamp
    public var until: Timestamp

    public static let presets: [(name: String, milliseconds: Int64)] = [
        ("1h", 3_600_000), ("24h", 86_400_000), ("7d", 7 * 86_400_000), ("30d", 30 * 86_400_000),
    ]

    public init(name: String, since: Timestamp, until: Timestamp) {
        self.name = name
        self.since = since
        self.until = until
    }

    /// `range` a preset name, or `custom` with ISO 8601 `since`/`until`; nil `range` means `fallback`.
    public static func parse(range: String?, since: String?, until: String?, fallback: String = "24h",
                             now: Timestamp = .now()) throws -> TimeRange {
        let name = range ?? ((since != nil || until != nil) ? "custom" : fallback)
        // A bad time is an error even where a preset makes it unused: a typo must not pass silently.
        for (key, text) in [("since", since), ("until", until)] {
            if let text, Timestamp(iso8601: text.uppercased()) == nil, dateOnly(text) == nil {
                throw QueryError("\(key) must be an ISO 8601 time such as 2026-11-27T10:00:00Z")
            }
        }
        if let preset = presets.first(where: { $0.name == name }) {
            return TimeRange(name: name, since: now.adding(milliseconds: -preset.milliseconds), until: now.adding(milliseconds: 1))
        }
        guard name == "custom" else { throw QueryError("range must be one of 1h, 24h, 7d, 30d or custom") }
        let u = try until.map { text -> Timestamp in
            guard let t = Timestamp(iso8601: text.uppercased()) ?? dateOnly(text) else { throw QueryError("until must be an ISO 8601 time") }
            return t
        } ?? now.adding(milliseconds: 1)
        // A custom range without a start covers the day before its end.
        let s = try since.map { text -> Timestamp in
            guard let t = Timestamp(iso8601: text.uppercased()) ?? dateOnly(text) else {
                throw QueryError("since must be an ISO 8601 time such as 2026-11-27T10:00:00Z")
            }
            return t
        } ?? u.adding(milliseconds: -86_400_000)
        // since ≥ until is an empty window, not an error (it matches nothing).
        return TimeRange(name: "custom", since: s, until: u)
    }

    /// `2026-11-27` or the `datetime-local` form a browser sends (`2026-11-27T10:00`), read as UTC.
    private static func dateOnly(_ text: String) -> Timestamp? {
        if text.count == 10 { return Timestamp(iso8601: text + "T00:00:00.000Z") }
        if text.count == 16 { return Timestamp(iso8601: text + ":00.000Z") }
        if text.count == 19 { return Timestamp(iso8601: text + ".000Z") }
        return nil
    }

    /// A round bucket width giving at most ~60 bars.
    public var bucketMilliseconds: Int64 {
        let span = max(1, until.millisecondsSince1970 - since.millisecondsSince1970)
        let steps: [Int64] = [60_000, 300_000, 600_000, 1_800_000, 3_600_000, 3 * 3_600_000, 6 * 3_600_000, 12 * 3_600_000, 86_400_000, 7 * 86_400_000]
        return steps.first { span / $0 <= 60 } ?? 30 * 86_400_000
    }

    /// Bucket starts covering the range, for charts that must show empty buckets too.
    public var buckets: [Timestamp] {
        let w = bucketMilliseconds
        var t = (since.millisecondsSince1970 / w) * w
        var out: [Timestamp] = []
        while t < until.millisecondsSince1970, out.count < 200 {
            out.append(Timestamp(millisecondsSince1970: t))
            t += w
        }
        return out
    }
}

public struct QueryError: Error, CustomStringConvertible {
    public var description: String
    public init(_ d: String) { description = d }
}
