import MitsuCore

/// What the dashboard's explore page and every overview panel filter on. Every field left nil matches
/// everything; set fields are ANDed. Values come from URL query strings (attacker-chosen when an operator
/// follows a crafted link), so they are only ever bound as SQL parameters, never spliced into SQL.
public struct EventFilter: Sendable, Equatable {
    /// Inclusive lower bound on `@timestamp`.
    public var since: Timestamp?
    /// Exclusive upper bound on `@timestamp`.
    public var until: Timestamp?
    public var honeypot: String?
    /// The dotted event kind (`login.failed`); free text so that kinds from newer sensors still filter.
    public var event: String?
    /// An address or CIDR block, IPv4 or IPv6 (`203.0.113.0/24`, `2001:db8::/32`).
    public var srcIP: String?
    public var session: String?
    /// ISO country code as stored in `geoip.country_code2`.
    public var country: String?
    public var asn: Int?
    public var username: String?
    public var destPort: Int?
    /// Substring of the event's JSON line (case-insensitive for ASCII), the "search everything" box.
    public var text: String?

    public init(
        since: Timestamp? = nil, until: Timestamp? = nil, honeypot: String? = nil, event: String? = nil,
        srcIP: String? = nil, session: String? = nil, country: String? = nil, asn: Int? = nil,
        username: String? = nil, destPort: Int? = nil, text: String? = nil
    ) {
        self.since = since
        self.until = until
        self.honeypot = honeypot
        self.event = event
        self.srcIP = srcIP
        self.session = session
        self.country = country
        self.asn = asn
        self.username = username
        self.destPort = destPort
        self.text = text
    }
}
