import MitsuCore
import NIOCore

extension Endpoints {
    /// IPv4-mapped IPv6 is folded to IPv4, so an attacker has one address whether the listener was
    /// dual-stack or not.
    public init(remote: SocketAddress?, local: SocketAddress?) {
        self.init(srcIP: Endpoints.ip(remote), srcPort: remote?.port ?? 0, destIP: Endpoints.ip(local), destPort: local?.port ?? 0)
    }

    static func ip(_ a: SocketAddress?) -> String {
        guard let text = a?.ipAddress else { return "" }
        return IPText.normalized(text) ?? text
    }
}
