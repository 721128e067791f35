import MitsuCore
import NIOCore

/// A honeypot family as a worker runs it: bind listeners, serve until stopped. Every honeypot module
/// implements this; the runtime creates them by family name.
public protocol Honeypot: AnyObject, Sendable {
    var name: String { get }
    /// Connections (for TFTP: transfer requests) refused by the family's caps since start, for `/metrics`:
    /// only the first refusal per address and minute becomes a `session.refused` event.
    var refusedConnections: Int { get }
    /// Binds every configured listener; ports that cannot be bound are returned, the rest keep serving.
    func start(group: EventLoopGroup) async -> [Listeners.BindFailure]
    func stop() async
}
