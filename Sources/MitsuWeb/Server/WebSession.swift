import Foundation
import MitsuCore
import MitsuNet

/// What the whole web honeypot shares between connections: rules, persona, where bodies are stored.
public struct WebContext: Sendable {
    public var classifier: WebClassifier
    /// The classifier's answers for requests seen before, by their bytes.
    public var classifications: ClassificationCache
    public var responder: WebResponder
    public var limits: HTTPLimits
    /// Request bodies and uploaded files go here; nil keeps only their hashes.
    public var artifacts: ArtifactStore?
    /// Scanner detection by behaviour, shared by every connection.
    public var tracker: ScanTracker
    /// Web sessions across connections and their labels.
    public var labeler: ClientLabeler
    /// Fetches URLs found in attacks; nil when `honeypots.web.downloads` is off (they are only recorded).
    public var fetcher: URLFetcher?
    /// Answers command injections with the fake host's output; nil answers them like any request.
    public var shell: InjectedShell?

    public init(classifier: WebClassifier, responder: WebResponder, limits: HTTPLimits = HTTPLimits(), artifacts: ArtifactStore?,
                tracker: ScanTracker = ScanTracker(), labeler: ClientLabeler = ClientLabeler(), fetcher: URLFetcher? = nil,
                shell: InjectedShell? = nil, classifications: ClassificationCache = ClassificationCache()) {
        self.shell = shell
        self.classifier = classifier
        self.classifications = classifications
        self.responder = responder
        self.limits = limits
        self.artifacts = artifacts
        self.tracker = tracker
        self.labeler = labeler
        self.fetcher = fetcher
    }
}

/// One HTTP connection, free of NIO: bytes in → response bytes, events, and whether to close. Requests
/// pipelined in one read are answered in order; a parser failure is answered like nginx answers it
/// (then the connection closes) and recorded as `protocol.error`.
public struct WebSession: Sendable {
    public struct Output: Sendable {
        public var writes: [[UInt8]] = []
        public var events: [Event] = []
        public var close = false
        /// URLs to fetch (only when a fetcher is configured), each with an event of this session to
        /// report the outcome on.
        public var downloads: [(url: String, base: Event)] = []
        /// An injected command to run on the fake host (`InjectedShell`); its answer, and every request
        /// after it, waits until `commandFinished` is called with the output.
        public var command: String?
    }

    /// The request whose answer waits for an injected command's output.
    private struct Pending {
        var keepAlive: Bool
        var keepAliveToken: Bool
        var request: Int
    }
    private var pending: Pending?
    /// Requests parsed while a command runs, answered in order afterwards.
    private var backlog: [HTTPRequestParser.Output] = []
    /// The client closed its side while a command ran: close once its page is written.
    private var closeWhenAnswered = false

    public let id: SessionID
    public let endpoints: Endpoints
    /// `http` or `https`, the event's `protocol`.
    public let scheme: String
    public private(set) var tally: SessionTally
    public private(set) var requests = 0
    private var parser: HTTPRequestParser
    private let context: WebContext
    private var closed = false
    /// Plain HTTP arrived on an HTTPS port: answered like nginx, 400 "The plain HTTP request was sent to
    /// HTTPS port", after the request is parsed (a malformed one gets the ordinary 400).
    public var plainOnTLSPort = false
    /// Clock for the Date header; tests pin it.
    var now: @Sendable () -> Date = { Date() }

    public init(context: WebContext, endpoints: Endpoints, scheme: String, id: SessionID = .next()) {
        self.id = id
        self.endpoints = endpoints
        self.scheme = scheme
        self.context = context
        self.parser = HTTPRequestParser(limits: context.limits)
        self.tally = SessionTally()
    }

    func event(_ kind: EventKind) -> Event {
        var e = Event(kind: kind, honeypot: "web", session: id)
        e.set(endpoints, transport: "tcp")
        e.protocol = scheme
        return e
    }

    public func connectEvent() -> Event { event(.sessionConnect) }

    public func closeEvent(reason: String? = nil) -> Event {
        var t = tally
        if let reason { t.closeReason = reason }
        return t.close(event(.sessionClose))
    }

    /// The scheme's default port: what Apache's error pages name when the Host header has none.
    var defaultPort: Int { scheme == "https" ? 443 : 80 }

    public mutating func received<C: Collection>(_ bytes: C) -> Output where C.Element == UInt8 {
        var out = Output()
        guard !closed else { return out }
        tally.bytesIn += Int64(bytes.count)
        backlog += parser.feed(bytes)
        drain(into: &out)
        return out
    }

    /// Answers parsed requests in order, stopping at one that waits for a command's output.
    private mutating func drain(into out: inout Output) {
        while pending == nil, !backlog.isEmpty {
            let result = backlog.removeFirst()
            switch result {
            case .request(let r):
                handle(r, into: &out)
                if out.close { closed = true; backlog = []; return }
            case .failure(let f):
                fail(f, into: &out)
                backlog = []
                return
            }
        }
    }

    /// The injected command of the waiting request finished: its page is written, then the requests
    /// that arrived meanwhile are answered.
    public mutating func commandFinished(_ result: InjectedShell.Result) -> Output {
        var out = Output()
        guard let p = pending else { return out }
        pending = nil
        out.events += result.events
        let response = HTTPResponse(status: 200, contentType: "text/html; charset=UTF-8", body: InjectedShell.page(result.output))
        write(response.serialize(persona: context.responder.persona, date: now(), keepAlive: p.keepAlive,
                                 keepAliveToken: p.keepAliveToken, request: p.request), into: &out)
        if !p.keepAlive {
            out.close = true
            closed = true
            return out
        }
        drain(into: &out)
        if closeWhenAnswered, pending == nil, !out.close {
            out.close = true
            closed = true
        }
        return out
    }

    /// The client closed its side; an unfinished request becomes a `protocol.error` (nothing is sent).
    public mutating func inputClosed() -> Output {
        var out = Output()
        if pending != nil, !closed {
            closeWhenAnswered = true
            return out
        }
        if !closed, let f = parser.finish() {
            var e = event(.protocolError)
            e.message = "http: \(f.kind.rawValue): \(f.detail)"
            out.events.append(e)
        }
        closed = true
        out.close = true
        return out
    }

    private mutating func fail(_ f: HTTPParseFailure, into out: inout Output) {
        closed = true
        out.close = true
        var e = event(.protocolError)
        e.message = "http: \(f.kind.rawValue): \(f.detail)"
        if let line = f.requestLine { e.input = line }
        out.events.append(e)
        guard let status = f.status else { return }
        let detail: String? = (f.kind == .headerTooLarge || f.kind == .tooManyHeaders) ? "Request Header Or Cookie Too Large" : nil
        // Apache refuses an unknown Transfer-Encoding with 400 where nginx says 501.
        let persona = context.responder.persona
        let answered = persona.flavor == .apache && f.kind != .versionNotSupported && status == 501 ? 400 : status
        // Apache has read the headers before it refuses a body, so its 413 page names the Host.
        let (host, hostPort) = f.kind == .bodyTooLarge ? f.host.map(WebResponder.splitHostPort) ?? (nil, nil) : (nil, nil)
        let response = context.responder.error(answered, detail: detail, host: host, port: hostPort ?? defaultPort, close: true,
                                               method: f.requestLine.flatMap { $0.split(separator: " ").first.map(String.init) } ?? "GET")
        write(response.serialize(persona: context.responder.persona, date: now(), keepAlive: false), into: &out)
    }

    private mutating func write(_ bytes: [UInt8], into out: inout Output) {
        tally.bytesOut += Int64(bytes.count)
        out.writes.append(bytes)
    }

    private mutating func handle(_ r: HTTPRequest, into out: inout Output) {
        requests += 1
        let known = context.classifications.classify(r, with: context.classifier)
        let view = known.view
        var c = known.classification
        let response = plainOnTLSPort
            ? context.responder.error(400, detail: "The plain HTTP request was sent to HTTPS port", port: defaultPort, close: true)
            : context.responder.respond(to: r, view: view, classification: c, port: defaultPort)
        // A login with a secret from our leaked .env or .git/config: someone read the leak and came back.
        if c.credentials.contains(where: { context.responder.canaries.secrets.contains($0.password) }) {
            c.categories = (c.categories + ["canary"]).sorted()
            c.ruleIDs.append("canary-credential")
        }
        if context.tracker.record(client: endpoints.srcIP, status: response.status), !c.categories.contains("scanner") {
            c.categories = (c.categories + ["scanner"]).sorted()
            c.ruleIDs.append("behaviour:404-burst")
        }
        let verdict = context.labeler.record(client: endpoints.srcIP, userAgent: r.header("user-agent") ?? "", categories: c.categories)
        // Apache closes after MaxKeepAliveRequests on one connection.
        let apache = context.responder.persona.flavor == .apache
        let keepAlive = r.keepAlive && !response.close && !(apache && requests >= WebPersona.apacheMaxKeepAliveRequests)
        // A command injection gets what the fake host prints for the command, once it has run.
        if context.shell != nil, !plainOnTLSPort, c.categories.contains("cmd_injection"), view.method != "HEAD",
           let command = InjectedCommand.extract(r, view: view) {
            out.command = command
            pending = Pending(keepAlive: keepAlive, keepAliveToken: r.keepAliveRequested, request: requests)
        } else {
            write(response.serialize(persona: context.responder.persona, date: now(), keepAlive: keepAlive, headOnly: view.method == "HEAD",
                                     keepAliveToken: r.keepAliveRequested, request: requests), into: &out)
        }
        out.events += WebEvents.request(r, recorded: known.recorded, classification: c, status: response.status, client: verdict, base: event(.httpRequest))
        if !response.leakedCanaries.isEmpty, view.method != "HEAD" {
            var e = event(.canaryLeaked)
            e.url = String(r.target.prefix(2048))
            e.canary = CanaryInfo(name: response.leakedCanaries.joined(separator: ","), leakURL: String(r.target.prefix(2048)))
            e.message = "canary secrets shown"
            out.events.append(e)
        }
        out.events += storeBodies(r, view: view)
        if c.isAttack { seenURLs(r, known, classification: c, into: &out) }
        for cred in c.credentials {
            var e = event(.loginFailed)
            e.username = cred.username
            e.password = cred.password
            e.url = String(r.target.prefix(2048))
            e.message = "http \(cred.source) login"
            out.events.append(e)
        }
        if !keepAlive, pending == nil { out.close = true }
    }

    /// `url.seen` for each URL the attack points at, and a download of each fetchable one when allowed.
    /// Only attacks are searched: ordinary requests carry URLs too (links in a query, a Referer).
    private func seenURLs(_ r: HTTPRequest, _ known: ClassificationCache.Entry, classification c: WebClassification, into out: inout Output) {
        for found in context.classifications.urls(in: r, entry: known) where found.source != "header referer" && found.source != "header origin" {
            var e = event(.urlSeen)
            e.url = found.url
            e.message = "in \(found.source)"
            e.attack = AttackInfo(categories: c.categories, cves: c.cves)
            out.events.append(e)
            if context.fetcher != nil, URLFetcher.isFetchable(found.url) { out.downloads.append((found.url, event(.fileDownload))) }
        }
    }

    /// Stores the body (and each uploaded file of a multipart body) as artifacts, one `file.upload` each.
    /// Written synchronously on the event loop: a body is at most `max_body_size` (1 MiB by default) and
    /// an identical sample is not written twice, so this stays short.
    private func storeBodies(_ r: HTTPRequest, view: RequestView) -> [Event] {
        guard !r.body.isEmpty else { return [] }
        var files: [(String?, [UInt8])] = [(nil, r.body)]
        for p in view.parts where p.filename != nil && !p.body.isEmpty { files.append((p.filename, p.body)) }
        var out: [Event] = []
        for (name, bytes) in files {
            var e = event(.fileUpload)
            e.url = String(r.target.prefix(2048))
            e.filename = name.map { String($0.prefix(255)) }
            e.size = Int64(bytes.count)
            context.artifacts.keep(bytes, in: &e)
            out.append(e)
        }
        return out
    }
}

/// The `http.request` event of one request.
public enum WebEvents {
    /// The fields of `http.request` that the request's bytes alone determine.
    public struct Recorded: Sendable {
        /// `http` without `client` and `client_session`.
        let http: HTTPInfo
        /// The raw request (capped), so the IDS matches the bytes exactly as sent.
        let payload: PayloadInfo

        init(_ r: HTTPRequest) {
            var headers: [String: String] = [:]
            for h in r.headers {
                let name = Decoding.lowercasedASCII(h.name)
                headers[name] = headers[name].map { $0 + ", " + h.value } ?? h.value
            }
            http = HTTPInfo(method: r.method, uri: r.target, version: r.version, host: r.header("host"),
                            userAgent: r.header("user-agent"), headers: headers,
                            bodySHA256: r.body.isEmpty ? nil : Digests.sha256(r.body))
            payload = PayloadInfo(captured: r.raw, totalLength: r.rawLength)
        }
    }

    static func request(_ r: HTTPRequest, recorded: Recorded, classification c: WebClassification, status: Int,
                        client: ClientLabeler.Verdict, base: Event) -> [Event] {
        var e = base
        var http = recorded.http
        http.client = client.label.rawValue
        http.clientSession = client.clientSession
        e.http = http
        e.url = r.target
        if c.isAttack { e.attack = AttackInfo(categories: c.categories, cves: c.cves) }
        e.payload = recorded.payload
        e.message = c.ruleIDs.isEmpty ? "status \(status)" : "status \(status); rules \(c.ruleIDs.joined(separator: ","))"
        return [e]
    }
}
