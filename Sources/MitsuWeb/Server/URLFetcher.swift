import Foundation
import MitsuCore

/// Fetches the URLs found in attacks (`url.seen`) into artifacts, through the same capped, policy-checked
/// downloader as the fake shell (`honeypots.web.downloads`; off by default). The downloader itself is
/// injected as `fetch` so MitsuWeb does not depend on MitsuFetch; `HoneypotFactory` plugs it in.
///
/// Botnets spray one dropper URL at every host they scan, so a URL fetched once is not fetched again
/// for `memory` (the `url.seen` event is still written each time), and at most `maxConcurrent` fetches
/// run at once — beyond that a URL is skipped with `file.download.failed` "busy".
public final class URLFetcher: @unchecked Sendable {
    public enum Outcome: Sendable, Equatable {
        case fetched([UInt8])
        case failed(String)
    }

    /// Fetches `url` for `session`; the implementation enforces the address policy and the caps.
    public typealias Fetch = @Sendable (_ url: String, _ session: SessionID) async -> Outcome

    /// Schemes the downloader can bring back; JNDI callbacks (ldap, rmi, dns …) are only recorded.
    public static let fetchableSchemes: Set<String> = ["http", "https", "ftp", "tftp"]

    private let fetch: Fetch
    private let artifacts: ArtifactStore?
    let memory: TimeInterval
    let maxConcurrent: Int
    private let lock = Lock()
    private var recent: [String: TimeInterval] = [:]
    private var running = 0
    static let maxRemembered = 4096

    public init(fetch: @escaping Fetch, artifacts: ArtifactStore?, memory: TimeInterval = 3600, maxConcurrent: Int = 4) {
        self.fetch = fetch
        self.artifacts = artifacts
        self.memory = memory
        self.maxConcurrent = maxConcurrent
    }

    public static func isFetchable(_ url: String) -> Bool {
        guard let colon = url.firstIndex(of: ":") else { return false }
        return fetchableSchemes.contains(url[..<colon].lowercased())
    }

    /// Starts fetching `url` unless it was fetched recently or too many fetches run; `base` is an event
    /// of the session that saw it (endpoints, session id), turned into `file.download` or
    /// `file.download.failed` and handed to `emit` when the fetch ends.
    public func start(_ url: String, base: Event, emit: @escaping @Sendable (Event) -> Void) {
        switch admit(url) {
        case .recent: return
        case .busy:
            emit(Self.failure(url, base: base, message: "busy: \(maxConcurrent) fetches running"))
            return
        case .go: break
        }
        Task {
            let outcome = await fetch(url, base.session ?? SessionID.next())
            emit(finish(url, outcome: outcome, base: base))
        }
    }

    enum Admission { case go, recent, busy }

    func admit(_ url: String, now: TimeInterval = Date().timeIntervalSince1970) -> Admission {
        lock.withLock {
            if let at = recent[url], now - at < memory { return .recent }
            guard running < maxConcurrent else { return .busy }
            if recent.count >= Self.maxRemembered {
                recent = recent.filter { now - $0.value < memory }
                if recent.count >= Self.maxRemembered { recent.removeAll() }
            }
            recent[url] = now
            running += 1
            return .go
        }
    }

    func finish(_ url: String, outcome: Outcome, base: Event) -> Event {
        lock.withLock { running -= 1 }
        switch outcome {
        case .failed(let why):
            return Self.failure(url, base: base, message: why)
        case .fetched(let bytes):
            var e = base
            e.kind = .fileDownload
            e.url = url
            e.size = Int64(bytes.count)
            e.filename = Self.filename(url)
            artifacts.keep(bytes, in: &e)
            return e
        }
    }

    static func failure(_ url: String, base: Event, message: String) -> Event {
        var e = base
        e.kind = .fileDownloadFailed
        e.url = url
        e.message = message
        return e
    }

    /// The URL's last path segment, as wget would name the file (never used as a path here: event data only).
    static func filename(_ url: String) -> String? {
        let path = url.split(separator: "?", maxSplits: 1).first.map(String.init) ?? url
        guard let slash = path.range(of: "://").map({ path[$0.upperBound...] })?.firstIndex(of: "/") else { return nil }
        let name = path[path.index(after: slash)...].split(separator: "/").last.map(String.init) ?? ""
        return name.isEmpty ? nil : String(name.prefix(255))
    }
}
