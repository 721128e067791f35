#if canImport(MitsuCore)
import MitsuCore
#endif

/// How Asterisk's chan_sip answers each request, without I/O: one parsed request in, the response bytes
/// and events out. UDP and TCP share it; neither keeps dialog state (a honeypot never connects a call),
/// so every request is answered on its own, as chan_sip answers a stranger.
///
/// The extension policy is what makes svwar's enumeration report the configured extensions: a REGISTER
/// (or OPTIONS) for a configured extension is challenged (401) or answered, any other gets
/// "404 Not found" — chan_sip with `alwaysauthreject=no`, the setting that leaks extensions.
public struct SIPPersona: Sendable {
    public struct Settings: Sendable, Equatable {
        /// chan_sip's `useragent`, sent as `Server:` in responses. The Allow list that follows it is the one
        /// nmap's service probes pair with Asterisk.
        public var userAgent = "Asterisk PBX 20.5.2"
        public var realm = "asterisk"
        public var extensions: Set<String> = Set((100...105).map(String.init))

        public init() {}
    }

    /// chan_sip's ALLOWED_METHODS before MESSAGE was added (what nmap-service-probes matches).
    public static let allow = "INVITE, ACK, CANCEL, OPTIONS, BYE, REFER, SUBSCRIBE, NOTIFY, INFO, PUBLISH"

    public let settings: Settings
    let policy: LoginPolicy
    /// chan_sip's nonce: 8 hex digits of `ast_random()`. Injected so tests are deterministic.
    let nonce: @Sendable () -> String
    /// chan_sip's local tag: "as" + 8 hex digits.
    let tag: @Sendable () -> String

    public init(settings: Settings, policy: LoginPolicy,
                nonce: @escaping @Sendable () -> String = { SIPPersona.hex8() },
                tag: @escaping @Sendable () -> String = { "as" + SIPPersona.hex8() }) {
        self.settings = settings
        self.policy = policy
        self.nonce = nonce
        self.tag = tag
    }

    public static func hex8() -> String {
        let s = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        return String(repeating: "0", count: 8 - s.count) + s
    }

    /// The answer to one well-formed request: responses to send (in order) and events.
    /// `payload` turns the raw request into the event's `payload` (nil in fuzzing).
    public func answer(_ r: SIPRequest, context: ServiceContext, payload: PayloadInfo? = nil) -> [ServiceOutput] {
        var out: [ServiceOutput] = []
        var status: Int?
        var credentialEvent: Event?
        let credentials = SIPDigestCredentials.parse(r.header("Authorization") ?? r.header("Proxy-Authorization") ?? "")
        var allowed = false
        if let c = credentials, ["REGISTER", "INVITE", "SUBSCRIBE", "MESSAGE", "PUBLISH", "OPTIONS"].contains(r.method) {
            allowed = verify(c, method: r.method)
            credentialEvent = loginEvent(c, request: r, allowed: allowed, context: context)
        }
        func reply(_ code: Int, _ reason: String, _ extra: [(String, String)] = [], toTag: Bool = true) {
            out.append(.send(response(code, reason, to: r, context: context, extra: extra, toTag: toTag)))
            status = code
        }
        // A fresh nonce per challenge, as chan_sip draws one per dialog.
        func challenge(_ header: String) -> [(String, String)] {
            [(header, "Digest algorithm=MD5, realm=\"\(settings.realm)\", nonce=\"\(nonce())\"")]
        }
        switch r.method {
        case "OPTIONS":
            // A bare domain (nmap's "sip:nm") or a configured extension is served; other users are unknown.
            if let user = Self.user(ofURI: r.uri), !settings.extensions.contains(user) {
                reply(404, "Not found", capabilities(r, context))
            } else {
                reply(200, "OK", capabilities(r, context))
            }
        case "REGISTER":
            let user = Self.user(ofURI: r.header("To") ?? "") ?? ""
            if !settings.extensions.contains(user) {
                reply(404, "Not found")
            } else if credentials == nil {
                reply(401, "Unauthorized", challenge("WWW-Authenticate"))
            } else if allowed {
                let contact = r.header("Contact").map { [("Contact", String($0.prefix(256)) + ";expires=120")] } ?? []
                reply(200, "OK", [("Allow", Self.allow), ("Supported", "replaces, timer"), ("Expires", "120")] + contact)
            } else {
                reply(403, "Forbidden")
            }
        case "INVITE":
            // chan_sip authenticates the caller, whoever is called: 100 Trying, then a proxy challenge.
            reply(100, "Trying", toTag: false)
            if credentials == nil {
                reply(407, "Proxy Authentication Required", challenge("Proxy-Authenticate"))
            } else if allowed {
                // Let in, but the line is busy: the dialled number is on record, no call is ever placed.
                reply(486, "Busy here")
            } else {
                reply(403, "Forbidden")
            }
        case "ACK":
            break  // absorbed: it ends a transaction we answered, or one that never existed
        case "BYE", "CANCEL", "REFER", "INFO", "NOTIFY", "UPDATE", "PRACK":
            reply(481, "Call leg/transaction does not exist")
        case "SUBSCRIBE", "PUBLISH", "MESSAGE":
            reply(404, "Not found")
        default:
            reply(501, "Method Not Implemented", [("Allow", Self.allow)])
        }
        var e = context.event(.sipRequest)
        e.sip = info(r, status: status)
        e.payload = payload
        out.insert(.event(e), at: 0)
        if let c = credentialEvent { out.insert(.event(c), at: 1) }
        return out
    }

    /// The request's identity as events carry it, every string capped.
    func info(_ r: SIPRequest, status: Int?) -> SIPInfo {
        func cap(_ s: String?) -> String? { s.map { String($0.prefix(512)) } }
        let ua = r.header("User-Agent")
        return SIPInfo(method: cap(r.method), uri: cap(r.uri), from: cap(r.header("From")), to: cap(r.header("To")),
                       userAgent: cap(ua), callID: cap(r.header("Call-ID")), scanner: SIPScanner.identify(userAgent: ua),
                       status: status)
    }

    /// Checks a digest answer against the login rules. Only a rule with `*` or an exact password can be
    /// checked (the password never travels); a regex password rule never lets a SIP login in.
    func verify(_ c: SIPDigestCredentials, method: String) -> Bool {
        for rule in policy.rules where rule.user.matches(c.username) {
            switch rule.password {
            case .any: return rule.allow
            case .exact(let p) where c.expectedResponse(password: p, method: method) == c.response.lowercased(): return rule.allow
            default: continue
            }
        }
        return false
    }

    func loginEvent(_ c: SIPDigestCredentials, request r: SIPRequest, allowed: Bool, context: ServiceContext) -> Event {
        var e = context.event(allowed ? .loginSuccess : .loginFailed)
        e.username = c.username
        e.clientVersion = r.header("User-Agent").map { String($0.prefix(256)) }
        var s = info(r, status: nil)
        s.realm = c.realm
        s.nonce = c.nonce
        s.digestURI = c.uri
        s.response = c.response
        e.sip = s
        if let line = c.hashcatLine(server: context.endpoints.destIP, client: context.endpoints.srcIP, method: r.method) {
            e.hashcat = line
            e.hashcatMode = 11400
        }
        return e
    }

    /// Headers chan_sip adds to OPTIONS answers: Allow right after Server (the order nmap matches).
    func capabilities(_ r: SIPRequest, _ context: ServiceContext) -> [(String, String)] {
        [("Allow", Self.allow), ("Supported", "replaces, timer"),
         ("Contact", "<sip:\(contactHost(r, context))>"), ("Accept", "application/sdp")]
    }

    /// Where we are: the address the client reached, or on a wildcard UDP listener the host it asked for.
    func contactHost(_ r: SIPRequest, _ context: ServiceContext) -> String {
        let ip = context.endpoints.destIP
        let host: String
        if ip.isEmpty || ip == "::" || ip == "0.0.0.0" {
            host = Self.host(ofURI: r.uri) ?? "127.0.0.1"
        } else {
            host = ip.contains(":") ? "[\(ip)]" : ip
        }
        return "\(host):\(context.endpoints.destPort)"
    }

    /// The response bytes: Via (top one with received/rport, RFC 3581), From, To (with our tag), Call-ID
    /// and CSeq mirrored, then Server and `extra` as chan_sip orders them.
    func response(_ code: Int, _ reason: String, to r: SIPRequest, context: ServiceContext,
                  extra: [(String, String)], toTag: Bool) -> [UInt8] {
        var lines = ["SIP/2.0 \(code) \(reason)"]
        var first = true
        for v in r.values("Via") {
            lines.append("Via: " + (first ? Self.stamp(via: v, context: context) : v))
            first = false
        }
        lines.append("From: " + r.header("From")!)
        var to = r.header("To")!
        if toTag, !Self.hasTag(to) { to += ";tag=" + tag() }
        lines.append("To: " + to)
        lines.append("Call-ID: " + r.header("Call-ID")!)
        lines.append("CSeq: " + r.header("CSeq")!)
        lines.append("Server: " + settings.userAgent)
        for (name, value) in extra { lines.append("\(name): \(value)") }
        lines.append("Content-Length: 0")
        return Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8)
    }

    /// RFC 3261 §18.2.1 / RFC 3581: `received=` when the sent-by host is not the source address, and a
    /// valueless `rport` filled with the source port (then `received=` always).
    static func stamp(via value: String, context: ServiceContext) -> String {
        // Only the topmost Via of a comma-separated list is ours to stamp.
        let comma = value.firstIndex(of: ",")
        let top = String(value[..<(comma ?? value.endIndex)].trimmingSpaces)
        let rest = comma.map { String(value[$0...]) } ?? ""
        var params = top.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        let sentBy = params[0].split(separator: " ", omittingEmptySubsequences: true).last.map(String.init) ?? ""
        let host = Self.hostPart(sentBy)
        let src = context.endpoints.srcIP
        // chan_sip's order: any `received` and the valueless `rport` are dropped, then `received=` and
        // `rport=` appended at the end (as nmap's Asterisk fingerprints show).
        let wantsRport = params.contains { Substring($0).trimmingSpaces.lowercased() == "rport" }
        params = params.enumerated().filter { i, p in
            let l = Substring(p).trimmingSpaces.lowercased()
            return i == 0 || !(l == "rport" || l.hasPrefix("received="))
        }.map(\.element)
        if wantsRport || host != src { params.append("received=\(src)") }
        if wantsRport { params.append("rport=\(context.endpoints.srcPort)") }
        return params.joined(separator: ";") + rest
    }

    static func hostPart(_ sentBy: String) -> String {
        if sentBy.hasPrefix("["), let close = sentBy.firstIndex(of: "]") {
            return String(sentBy[sentBy.index(after: sentBy.startIndex)..<close])
        }
        return String(sentBy.split(separator: ":", maxSplits: 1).first ?? "")
    }

    static func hasTag(_ header: String) -> Bool {
        // The tag parameter follows the URI (after '>' when the URI is bracketed).
        let params = header.lastIndex(of: ">").map { header[$0...] } ?? header[...]
        return params.lowercased().contains(";tag=")
    }

    /// The URI inside a From/To/Contact value or a bare request URI: `<…>` contents, else up to `;`.
    static func uri(of value: String) -> Substring {
        if let open = value.firstIndex(of: "<"), let close = value[open...].firstIndex(of: ">") {
            return value[value.index(after: open)..<close]
        }
        let v = Substring(value).trimmingSpaces
        return v[..<(v.firstIndex(of: ";") ?? v.endIndex)]
    }

    /// The user part of a sip:/sips: URI (`100` of `sip:100@pbx`), nil when there is none.
    public static func user(ofURI value: String) -> String? {
        let u = uri(of: value)
        guard let colon = u.firstIndex(of: ":"), let at = u.firstIndex(of: "@"), colon < at else { return nil }
        let user = u[u.index(after: colon)..<at]
        // "user:password@host" carries a password in the URI; the user is before it.
        return String(user.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
    }

    static func host(ofURI value: String) -> String? {
        let u = uri(of: value)
        guard let colon = u.firstIndex(of: ":") else { return nil }
        var rest = u[u.index(after: colon)...]
        if let at = rest.firstIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        let end = rest.firstIndex(where: { $0 == ";" || $0 == "?" || $0 == ">" }) ?? rest.endIndex
        let hostPort = String(rest[..<end])
        let host = hostPart(hostPort)
        guard !host.isEmpty, host.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == ":" }) else { return nil }
        return host.contains(":") ? "[\(host)]" : host
    }
}
