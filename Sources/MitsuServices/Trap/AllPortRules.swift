import MitsuCore

/// The iptables rules of all-port mode: every inbound TCP connection to a port that no honeypot (and no
/// excluded admin port) serves is redirected to the trap's all-port listener, which reads the original
/// port with SO_ORIGINAL_DST. A dedicated chain keeps the rules easy to inspect and remove.
public struct AllPortRules {
    public static let chain = "MITSU_TRAP"
    /// Ports never redirected: the operator's real sshd as T-Pot places it, and the dashboard.
    public static let alwaysExcluded = [64295, 64297]

    let config: MitsuConfig
    let portOffset: Int
    let interface: String?

    public init(config: MitsuConfig, portOffset: Int, interface: String? = nil) {
        self.config = config
        self.portOffset = portOffset
        self.interface = interface
    }

    /// Ports that keep their own listener, after the offset.
    public var servedPorts: [Int] {
        var ports = Set(AllPortRules.alwaysExcluded)
        for family in MitsuConfig.familyNames {
            guard let h = config.family(family), h.enabled else { continue }
            for p in h.tcpPorts { ports.insert(p + portOffset) }
        }
        ports.insert(config.trap.allPortsListenPort + portOffset)
        return ports.filter { (1...65535).contains($0) }.sorted()
    }

    public func script() -> String {
        let target = config.trap.allPortsListenPort + portOffset
        var lines = ["# Mitsu all-port trap: redirect unserved TCP ports to port \(target)."]
        lines.append("# Remove with: iptables -t nat -D PREROUTING -j \(AllPortRules.chain) && iptables -t nat -F \(AllPortRules.chain) && iptables -t nat -X \(AllPortRules.chain)")
        let match = interface.map { " -i \($0)" } ?? ""
        for tool in ["iptables", "ip6tables"] {
            lines.append("\(tool) -t nat -N \(AllPortRules.chain)")
            for port in servedPorts {
                lines.append("\(tool) -t nat -A \(AllPortRules.chain) -p tcp --dport \(port) -j RETURN")
            }
            lines.append("\(tool) -t nat -A \(AllPortRules.chain) -p tcp -j REDIRECT --to-ports \(target)")
            lines.append("\(tool) -t nat -A PREROUTING\(match) -p tcp -m addrtype --dst-type LOCAL -j \(AllPortRules.chain)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
