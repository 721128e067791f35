import Foundation
import MitsuCore

/// Groups requests into web sessions — one client (address + user agent) until it goes quiet for
/// `window` — and labels each group by the worst it has done so far: `benign` < `crawler` < `scanner` <
/// `attacker`. A label only rises: a "Googlebot" that sends SQL injection is an attacker from then on,
/// and so are its later, innocent-looking requests (the point of grouping: the recon before an exploit
/// belongs to the attack). Memory is bounded: at most `maxClients` groups, the stalest dropped first.
public final class ClientLabeler: @unchecked Sendable {
    public enum Label: String, Sendable, Comparable {
        case benign, crawler, scanner, attacker

        var rank: Int {
            switch self {
            case .benign: 0
            case .crawler: 1
            case .scanner: 2
            case .attacker: 3
            }
        }
        public static func < (a: Label, b: Label) -> Bool { a.rank < b.rank }
    }

    public struct Verdict: Sendable, Equatable {
        public var label: Label
        /// Stable for the group's life: `src_ip`, user agent and the group's first request, hashed.
        public var clientSession: String
    }

    public let window: TimeInterval
    public let maxClients: Int
    private let lock = Lock()
    private var groups: [String: Group] = [:]

    private struct Group {
        var id: String
        var label: Label
        var last: TimeInterval
        /// What the user agent alone says (crawler or benign), worked out once per group: the key includes
        /// the user agent, and the token search was 2 % of the web worker's CPU when run per request.
        var agent: Label
    }

    public init(window: TimeInterval = 30 * 60, maxClients: Int = 20_000) {
        self.window = window
        self.maxClients = maxClients
    }

    /// Records one request of `client` with user agent `userAgent` and the classifier's categories.
    public func record(client: String, userAgent: String, categories: [String],
                       at now: TimeInterval = Date().timeIntervalSince1970) -> Verdict {
        let key = client + "\n" + userAgent
        return lock.withLock {
            let known = groups[key]
            var g = known ?? Group(id: "", label: .benign, last: now, agent: Self.agentLabel(userAgent))
            if g.id.isEmpty || now - g.last > window {
                g = Group(id: String(Digests.sha256(Array("\(key)\n\(now)".utf8)).prefix(16)), label: .benign, last: now, agent: g.agent)
            }
            g.label = max(g.label, Self.label(categories: categories, agent: g.agent))
            g.last = now
            if known == nil, groups.count >= maxClients,
               let stalest = groups.min(by: { $0.value.last < $1.value.last })?.key {
                groups[stalest] = nil
            }
            groups[key] = g
            return Verdict(label: g.label, clientSession: g.id)
        }
    }

    /// What one request alone says, given what its user agent says (`agentLabel`). Survey categories (tool
    /// user agents, 404 bursts, `/.env` probes, WordPress and open-proxy checks) make a scanner; any other
    /// attack category an attacker; a known crawler's user agent with no attack a crawler (a user agent can
    /// be forged, but a forged one that attacks is caught above).
    static func label(categories: [String], agent: Label) -> Label {
        if categories.contains(where: { !survey.contains($0) }) { return .attacker }
        if !categories.isEmpty { return .scanner }
        return agent
    }

    private static let survey: Set<String> = ["scanner", "recon", "wordpress", "proxy"]

    /// `crawler` for a known crawler's user agent, else `benign`.
    static func agentLabel(_ userAgent: String) -> Label {
        // Byte searches on the ASCII-lowercased agent: String.contains is Foundation's locale-aware search,
        // and 24 of them per request were a sixth of the web worker's CPU.
        let ua = Decoding.lowercasedASCII(userAgent)
        return crawlerTokens.contains(where: { ByteSearch.contains($0, in: ua) }) ? .crawler : .benign
    }

    /// Search engines, SEO and link-preview bots that announce themselves.
    static let crawlerTokens = [
        "googlebot", "bingbot", "yandexbot", "baiduspider", "duckduckbot", "applebot", "slurp", "petalbot",
        "ahrefsbot", "semrushbot", "mj12bot", "dotbot", "seznambot", "sogou", "exabot", "facebookexternalhit",
        "twitterbot", "linkedinbot", "bytespider", "gptbot", "ccbot", "amazonbot", "dataforseobot", "blexbot",
    ]
}
