/// Address and port groups (`$HOME_NET`, `$HTTP_PORTS`) as suricata.yaml's `vars` defines them.
///
/// A honeypot has no protected network: everything that reaches it is hostile, so the defaults make
/// HOME_NET and EXTERNAL_NET `any` (T-Pot does the same) and the server groups follow HOME_NET. Port groups
/// keep Suricata's defaults, except HTTP_PORTS, which lists the ports web honeypots and IoT exploits use
/// (rules on the `http` protocol match by the event's protocol, not by port, anyway).
public struct RuleVariables: Sendable {
    public var addresses: [String: String]
    public var ports: [String: String]

    public init(addresses: [String: String] = RuleVariables.defaultAddresses, ports: [String: String] = RuleVariables.defaultPorts) {
        self.addresses = addresses
        self.ports = ports
    }

    public static let defaultAddresses: [String: String] = {
        var m = ["HOME_NET": "any", "EXTERNAL_NET": "any"]
        for name in ["HTTP_SERVERS", "SMTP_SERVERS", "SQL_SERVERS", "DNS_SERVERS", "TELNET_SERVERS", "AIM_SERVERS",
                     "DC_SERVERS", "DNP3_SERVER", "DNP3_CLIENT", "MODBUS_CLIENT", "MODBUS_SERVER", "ENIP_CLIENT",
                     "ENIP_SERVER", "SSH_SERVERS", "FTP_SERVERS", "SIP_SERVERS"] {
            m[name] = "$HOME_NET"
        }
        return m
    }()

    public static let defaultPorts: [String: String] = [
        "HTTP_PORTS": "[80,81,443,591,2375,2376,3000,5000,7001,7547,8000,8008,8080,8081,8088,8443,8888,9000,9090,37215,52869,60001]", "SHELLCODE_PORTS": "!80", "ORACLE_PORTS": "1521", "SSH_PORTS": "22",
        "DNP3_PORTS": "20000", "MODBUS_PORTS": "502", "FILE_DATA_PORTS": "[$HTTP_PORTS,110,143]",
        "FTP_PORTS": "21", "GENEVE_PORTS": "6081", "VXLAN_PORTS": "4789", "TEREDO_PORTS": "3544",
        "SIP_PORTS": "[5060,5061]", "SMB_PORTS": "[139,445]",
    ]
}
