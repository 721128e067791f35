import MitsuCore
import MitsuEnrich

/// Which addresses a download may connect to. Checked on every address a name resolves to and on every
/// redirect hop, so neither DNS nor a `Location:` header can steer a fetch into the sensor's own network.
public struct FetchPolicy: Sendable {
    public let config: DownloadsConfig

    public init(config: DownloadsConfig) {
        self.config = config
    }

    /// Special-purpose ranges `allow_private` opens (a lab or a test's loopback); documentation,
    /// multicast, broadcast, reserved and unspecified addresses are never fetched from.
    static let openedByAllowPrivate: Set<String> = ["private", "loopback", "link-local", "shared"]

    /// Nil when `ip` may be contacted, else why not.
    public func refusal(for ip: IPAddress) -> String? {
        guard let label = AddressClassifier.label(for: ip) else { return nil }
        if config.allowPrivate, FetchPolicy.openedByAllowPrivate.contains(label) { return nil }
        return "\(ip) is \(label)"
    }
}
