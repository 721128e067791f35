import Hummingbird
import NIOCore

/// Per-request state: who the request is from (client address for the login rate limit) and, once the
/// auth middleware has run, who it is authenticated as.
public struct DashboardContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The peer's address as text (no port).
    public let client: String
    public var identity: Identity?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        client = source.channel.remoteAddress?.ipAddress ?? "unknown"
        identity = nil
    }
}

/// An authenticated caller: a browser session (which carries a CSRF token) or an API bearer token.
public struct Identity: Sendable, Equatable {
    public var user: String
    /// The session's CSRF token; nil for bearer-token callers, which carry no ambient credential a
    /// foreign page could make the browser send.
    public var csrf: String?
}
