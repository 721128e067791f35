/// The data-connection addresses of FTP: `PORT h1,h2,h3,h4,p1,p2`, `EPRT |1|ip|port|` and the
/// PASV/EPSV replies. Parsers return nil on anything malformed or out of range.
public enum FTPDataAddress {
    /// `PORT` argument → (IPv4 text, port).
    public static func parsePORT(_ arg: String) -> (host: String, port: Int)? {
        let parts = arg.ftpTrimmed.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 6 else { return nil }
        var n: [Int] = []
        for p in parts {
            guard p.count <= 3, let v = Int(p), (0...255).contains(v) else { return nil }
            n.append(v)
        }
        return ("\(n[0]).\(n[1]).\(n[2]).\(n[3])", n[4] << 8 | n[5])
    }

    /// `EPRT` argument (RFC 2428): the first character is the delimiter; protocol 1 is IPv4, 2 IPv6.
    public static func parseEPRT(_ arg: String) -> (host: String, port: Int)? {
        guard let delimiter = arg.first, arg.utf8.count <= 128 else { return nil }
        let fields = arg.split(separator: delimiter, omittingEmptySubsequences: false)
        // "|1|1.2.3.4|5|" splits into ["", "1", "1.2.3.4", "5", ""].
        guard fields.count == 5, fields[0].isEmpty, fields[4].isEmpty,
              let port = Int(fields[3]), (1...65535).contains(port) else { return nil }
        let host = String(fields[2])
        switch fields[1] {
        case "1":
            guard parsePORT(String(host.map { $0 == "." ? "," : $0 }) + ",0,0") != nil else { return nil }
        case "2":
            guard !host.isEmpty, host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { return nil }
        default:
            return nil
        }
        return (host, port)
    }

    /// `227 Entering Passive Mode (127,0,0,1,195,80).`; IPv6 control connections get `0,0,0,0`
    /// (clients that speak IPv6 use EPSV).
    public static func pasvReply(ip: String, port: Int) -> String {
        let octets = ip.split(separator: ".")
        let host = octets.count == 4 ? octets.joined(separator: ",") : "0,0,0,0"
        return "227 Entering Passive Mode (\(host),\(port >> 8),\(port & 0xff))."
    }

    public static func epsvReply(port: Int) -> String {
        "229 Entering Extended Passive Mode (|||\(port)|)"
    }
}

extension String {
    /// Without surrounding spaces and tabs (kept free of Foundation for the fuzzers).
    var ftpTrimmed: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
