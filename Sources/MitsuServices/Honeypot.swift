import MitsuCore
import MitsuNet
import NIOCore

/// A honeypot family as a worker runs it: bind listeners, serve until stopped.
public protocol Honeypot: AnyObject, Sendable {
    var name: String { get }
    /// Binds every configured listener; ports that cannot be bound are returned, the rest keep serving.
    func start(group: EventLoopGroup) async -> [Listeners.BindFailure]
    func stop() async
}

/// Creates the honeypot of a worker family.
public enum HoneypotFactory {
    public static func make(family: String, config: MitsuConfig, portOffset: Int, sink: EventSink) -> Honeypot? {
        switch family {
        case "trap": return TrapHoneypot(config: config.trap, portOffset: portOffset, sink: sink)
        default: return nil
        }
    }
}
