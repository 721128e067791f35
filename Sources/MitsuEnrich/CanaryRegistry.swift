import Foundation
#if canImport(MitsuCore)
import MitsuCore
#endif

/// Recognises the install's canary secrets when they come back. MitsuWeb shows them in its leaked
/// `/.env` and `/.git/config` (`canary.leaked`); nobody has them but whoever read a leak, so a login on any
/// honeypot (or an HTTP request) that uses one ties that client to the leak.
///
/// Pure and single-threaded (the collector's writer thread owns it): events in, the same events with
/// `canary` set plus `canary.used` events out. Bounded: the last `maxLeaks` leaks, and one `canary.used`
/// per session and secret among the last `maxReported`.
public struct CanaryRegistry: Sendable {
    public struct Secret: Sendable, Equatable {
        public var name: String
        public var value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// One fetch of a lure that showed the secrets.
    public struct Leak: Sendable, Equatable {
        public var honeypot: String
        public var session: SessionID?
        public var time: Timestamp
        public var srcIP: String?
        public var url: String?
    }

    public private(set) var secrets: [Secret] = []
    public private(set) var leaks: [Leak] = []
    private var reported: Set<String> = []

    public static let maxLeaks = 512
    static let maxReported = 4096
    /// Values shorter than this are not secrets anyone could recognise (and could occur by chance).
    static let minimumLength = 8
    /// Names that count when they are the user name of a login (the rest are passwords, keys, tokens).
    static let userNames: Set<String> = ["db_user", "aws_access_key_id"]

    public init(secrets: [Secret] = []) {
        self.secrets = secrets.filter { $0.value.utf8.count >= Self.minimumLength }
    }

    /// `name=value` lines (MitsuWeb's `DATA/web/canaries.txt`); blank lines and `#` comments skipped.
    public static func parse(_ text: String) -> [Secret] {
        text.split(whereSeparator: \.isNewline).prefix(256).compactMap { line in
            guard !line.hasPrefix("#"), let eq = line.firstIndex(of: "=") else { return nil }
            let name = line[..<eq].trimmingCharacters(in: .whitespaces)
            let value = String(line[line.index(after: eq)...])
            guard !name.isEmpty, value.utf8.count >= minimumLength, value.utf8.count <= 512 else { return nil }
            return Secret(name: String(name.prefix(64)), value: value)
        }
    }

    public mutating func replaceSecrets(_ s: [Secret]) {
        secrets = s.filter { $0.value.utf8.count >= Self.minimumLength }
    }

    /// Remembers a `canary.leaked` event (also used to reload persisted leaks at start).
    public mutating func recordLeak(_ e: Event) {
        guard e.kind == .canaryLeaked else { return }
        leaks.append(Leak(honeypot: e.honeypot, session: e.session, time: e.timestamp, srcIP: e.srcIP,
                          url: e.canary?.leakURL ?? e.url))
        if leaks.count > Self.maxLeaks { leaks.removeFirst(leaks.count - Self.maxLeaks) }
    }

    /// The event, with `canary` and the `canary` attack category when it used a secret, followed by a
    /// `canary.used` event (unless one was already written for that session and secret).
    public mutating func inspect(_ event: Event) -> [Event] {
        var e = event
        return inspect(&e).map { [e, $0] } ?? [e]
    }

    /// In place, for the collector's batches (no copy of an event that uses no secret, which is nearly
    /// every one): sets `canary` on the event when it used a secret and returns the `canary.used` event to
    /// write after it, if one is due.
    public mutating func inspect(_ e: inout Event) -> Event? {
        if e.kind == .canaryLeaked { recordLeak(e); return nil }
        guard !secrets.isEmpty, let secret = match(e) else { return nil }
        let leak = leakFor(srcIP: e.srcIP)
        var info = CanaryInfo(name: secret.name, leakURL: leak?.url)
        if let leak {
            info.leakHoneypot = leak.honeypot
            info.leakSession = leak.session?.description
            info.leakTime = leak.time.iso8601
            info.leakSrcIP = leak.srcIP
        }
        e.canary = info
        var attack = e.attack ?? AttackInfo()
        if !attack.categories.contains("canary") { attack.categories = (attack.categories + ["canary"]).sorted() }
        e.attack = attack
        let key = "\(e.session?.description ?? "-")|\(secret.name)"
        guard !reported.contains(key) else { return nil }
        if reported.count >= Self.maxReported { reported.removeAll() }
        reported.insert(key)
        var used = Event(kind: .canaryUsed, honeypot: e.honeypot, session: e.session, timestamp: e.timestamp)
        used.srcIP = e.srcIP
        used.srcPort = e.srcPort
        used.destIP = e.destIP
        used.destPort = e.destPort
        used.transport = e.transport
        used.protocol = e.protocol
        used.username = e.username
        used.password = e.password
        used.url = e.url
        used.canary = info
        used.attack = AttackInfo(categories: ["canary"])
        used.sensor = e.sensor
        used.geoip = e.geoip
        used.message = "\(secret.name) used in \(e.kind.rawValue) on \(e.honeypot)"
            + (leak.map { " (leaked by \($0.url ?? "a lure") to \($0.srcIP ?? "?") at \($0.time.iso8601))" } ?? "")
        return used
    }

    /// The secret an event uses: a login's password (or user name), or a token anywhere in a request.
    func match(_ e: Event) -> Secret? {
        switch e.kind {
        case .loginFailed, .loginSuccess:
            if let p = e.password, !p.isEmpty {
                if let s = secrets.first(where: { !Self.userNames.contains($0.name) && (p == $0.value || Self.contains(p, $0.value)) }) {
                    return s
                }
            }
            if let u = e.username, !u.isEmpty, let s = secrets.first(where: { Self.userNames.contains($0.name) && u == $0.value }) {
                return s
            }
            return nil
        case .httpRequest:
            // The raw request (capped) when present: target, headers and body as sent.
            var texts: [String] = []
            if let p = e.payload?.printable { texts.append(p) } else {
                if let u = e.http?.uri ?? e.url { texts.append(u) }
                if let h = e.http?.headers { texts += h.values }
            }
            for s in secrets where s.name != "db_user" {
                if texts.contains(where: { Self.contains($0, s.value) }) { return s }
            }
            return nil
        default:
            return nil
        }
    }

    /// Whether `needle` occurs in `text`, byte for byte (see `ByteSearch` for why not `String.contains`).
    static func contains(_ text: String, _ needle: String) -> Bool {
        !needle.isEmpty && ByteSearch.contains(needle, in: text)
    }

    /// The leak a secret most likely came from: the last one to the same address, else the last one.
    func leakFor(srcIP: String?) -> Leak? {
        if let srcIP, let same = leaks.last(where: { $0.srcIP == srcIP }) { return same }
        return leaks.last
    }
}
