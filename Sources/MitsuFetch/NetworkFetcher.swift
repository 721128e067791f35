import MitsuCore
import MitsuEnrich
import MitsuShell
import NIOCore
import NIOSSL

/// The fake host's real downloads (wget, curl, busybox wget): HTTP fetched through SwiftNIO, every
/// address a name resolves to and every redirect hop checked against the `FetchPolicy`, the body capped
/// in bytes and time, a cap on fetches per session. What comes back is stored by the shell (artifacts,
/// `file.download`); nothing fetched is ever executed.
///
/// http, https (certificates not verified), ftp and tftp are fetched; other schemes answer like a host
/// that refuses the connection.
public final class NetworkFetcher: Fetcher, @unchecked Sendable {
    let policy: FetchPolicy
    let group: EventLoopGroup
    private let lock = Lock()
    private var fetchesBySession: [SessionID: Int] = [:]

    public init(config: DownloadsConfig, group: EventLoopGroup) {
        self.policy = FetchPolicy(config: config)
        self.group = group
    }

    var config: DownloadsConfig { policy.config }

    public func fetch(_ request: FetchRequest) async -> FetchOutcome {
        guard config.enabled else { return await OfflineFetcher().fetch(request) }
        guard takeSlot(request.session) else { return .failed(.refused) }
        var url = URLParts(request.url)
        let timeout = TimeAmount.seconds(Int64(config.timeoutSeconds))
        var hops = 0
        while true {
            guard ["http", "https", "ftp", "tftp"].contains(url.scheme) else { return .failed(.refused) }
            let addresses = await Resolver.resolve(url.host, timeout: timeout)
            guard !addresses.isEmpty else { return .failed(.unresolved) }
            // Every address must pass: a name that also points inside the sensor's network is refused whole.
            guard addresses.allSatisfy({ policy.refusal(for: $0) == nil }), let address = addresses.first else {
                return .failed(.refused)
            }
            if url.scheme == "tftp" {
                let file = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
                do {
                    return .fetched(bytes: try await TFTPGet.get(group: group, address: address, port: url.port, file: file,
                                                                 maxBytes: config.maxBytes, timeout: timeout))
                } catch HTTPGet.Failure.timedOut {
                    return .failed(.timedOut)
                } catch {
                    return .failed(.refused)
                }
            }
            if url.scheme == "ftp" {
                let policy = self.policy
                do {
                    return .fetched(bytes: try await FTPGet.get(group: group, address: address, port: url.port,
                                                                path: FTPURL.path(url.path), login: FTPURL.login(request.url),
                                                                maxBytes: config.maxBytes, timeout: timeout,
                                                                allowed: { policy.refusal(for: $0) == nil }))
                } catch FTPGet.Failure.timedOut {
                    return .failed(.timedOut)
                } catch {
                    return .failed(.refused)
                }
            }
            let response: HTTPGet.Response
            do {
                response = try await HTTPGet.get(group: group, address: address, port: url.port, hostHeader: hostHeader(url),
                                                 path: url.path.isEmpty ? "/" : url.path, userAgent: userAgent(request.tool),
                                                 maxBytes: config.maxBytes, timeout: timeout, tls: try tls(for: url))
            } catch HTTPGet.Failure.timedOut {
                return .failed(.timedOut)
            } catch {
                return .failed(.refused)
            }
            if [301, 302, 303, 307, 308].contains(response.status), let location = response.location {
                hops += 1
                guard hops <= config.maxRedirects else { return .failed(.httpStatus(response.status, response.reason)) }
                url = redirect(from: url, to: location)
                continue
            }
            guard (200..<300).contains(response.status) else { return .failed(.httpStatus(response.status, response.reason)) }
            return .fetched(bytes: response.body)
        }
    }

    /// Counts a fetch against the session's budget; the table is dropped when it grows large (sessions
    /// end without telling the fetcher), which at worst grants an old session a fresh budget.
    private func takeSlot(_ session: SessionID) -> Bool {
        lock.withLock {
            if fetchesBySession.count > 10_000 { fetchesBySession.removeAll() }
            let used = fetchesBySession[session, default: 0]
            guard used < config.perSession else { return false }
            fetchesBySession[session] = used + 1
            return true
        }
    }

    private func hostHeader(_ url: URLParts) -> String {
        let host = url.host.contains(":") && !url.host.hasPrefix("[") ? "[\(url.host)]" : url.host
        return url.port == (url.scheme == "https" ? 443 : 80) ? host : "\(host):\(url.port)"
    }

    /// One TLS client context for every https fetch (building one loads the cipher tables).
    private lazy var tlsContext: Result<NIOSSLContext, Error> = Result { try HTTPGet.TLS.makeContext() }

    private func tls(for url: URLParts) throws -> HTTPGet.TLS? {
        guard url.scheme == "https" else { return nil }
        let context = try lock.withLock { try tlsContext.get() }
        let bare = url.host.hasPrefix("[") ? String(url.host.dropFirst().dropLast()) : url.host
        return HTTPGet.TLS(context: context, serverName: IPAddress(bare) == nil ? bare : nil)
    }

    /// What the real tools send, so the attacker's server sees the client the shell claims to run.
    private func userAgent(_ tool: String) -> String {
        switch tool {
        case "curl": return "curl/7.88.1"
        case "busybox": return "Wget"
        default: return "Wget/1.21.3"
        }
    }

    private func redirect(from base: URLParts, to location: String) -> URLParts {
        if location.contains("://") { return URLParts(location) }
        var next = base
        if location.hasPrefix("/") {
            next.path = location
        } else {
            let dir = base.path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
            next.path = dir + "/" + location
        }
        return next
    }
}
