import Foundation

/// classification.config: `config classification: name,description,priority`, one a line.
public struct ClassificationTable: Sendable {
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var description: String
        public var priority: Int
    }

    public private(set) var entries: [String: Entry] = [:]

    public init(entries: [Entry] = []) {
        for e in entries { self.entries[e.name] = e }
    }

    public subscript(name: String) -> Entry? { entries[name] }

    /// Parses the file's text; malformed lines are returned, not fatal.
    public static func parse(_ text: String) -> (table: ClassificationTable, errors: [String]) {
        var t = ClassificationTable()
        var errors: [String] = []
        for raw in text.split(separator: "\n").prefix(10_000) {
            let line = RuleText.trim(raw.hasSuffix("\r") ? raw.dropLast() : raw)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let prefix = "config classification:"
            guard line.hasPrefix(prefix) else { errors.append(String(line.prefix(120))); continue }
            let parts = line.dropFirst(prefix.count).split(separator: ",", omittingEmptySubsequences: false).map { RuleText.trim($0) }
            guard parts.count == 3, !parts[0].isEmpty, let p = Int(parts[2]), p >= 1, p <= 255 else {
                errors.append(String(line.prefix(120)))
                continue
            }
            t.entries[parts[0]] = Entry(name: parts[0], description: parts[1], priority: p)
        }
        return (t, errors)
    }

    public static func load(path: String) throws -> ClassificationTable {
        guard let data = FileManager.default.contents(atPath: path), data.count < 4 << 20 else {
            throw RuleError.syntax("cannot read \(path)")
        }
        return parse(String(decoding: data, as: UTF8.self)).table
    }

    /// Suricata's standard class types: the same names, descriptions and priorities as the
    /// classification.config Suricata and ET Open ship (Sources/MitsuIDS/Ruleset/classification.config holds this text).
    public static let suricataDefaults: ClassificationTable = parse(defaultText).table

    public static let defaultText = """
    # Mitsu's classification.config: Suricata's class types (name, description, priority 1 = highest).
    config classification: not-suspicious,Not Suspicious Traffic,3
    config classification: unknown,Unknown Traffic,3
    config classification: bad-unknown,Potentially Bad Traffic,2
    config classification: attempted-recon,Attempted Information Leak,2
    config classification: successful-recon-limited,Information Leak,2
    config classification: successful-recon-largescale,Large Scale Information Leak,2
    config classification: attempted-dos,Attempted Denial of Service,2
    config classification: successful-dos,Denial of Service,2
    config classification: attempted-user,Attempted User Privilege Gain,1
    config classification: unsuccessful-user,Unsuccessful User Privilege Gain,1
    config classification: successful-user,Successful User Privilege Gain,1
    config classification: attempted-admin,Attempted Administrator Privilege Gain,1
    config classification: successful-admin,Successful Administrator Privilege Gain,1
    config classification: rpc-portmap-decode,Decode of an RPC Query,2
    config classification: shellcode-detect,Executable code was detected,1
    config classification: string-detect,A suspicious string was detected,3
    config classification: suspicious-filename-detect,A suspicious filename was detected,2
    config classification: suspicious-login,An attempted login using a suspicious username was detected,2
    config classification: system-call-detect,A system call was detected,2
    config classification: tcp-connection,A TCP connection was detected,4
    config classification: trojan-activity,A Network Trojan was detected,1
    config classification: unusual-client-port-connection,A client was using an unusual port,2
    config classification: network-scan,Detection of a Network Scan,3
    config classification: denial-of-service,Detection of a Denial of Service Attack,2
    config classification: non-standard-protocol,Detection of a non-standard protocol or event,2
    config classification: protocol-command-decode,Generic Protocol Command Decode,3
    config classification: web-application-activity,access to a potentially vulnerable web application,2
    config classification: web-application-attack,Web Application Attack,1
    config classification: misc-activity,Misc activity,3
    config classification: misc-attack,Misc Attack,2
    config classification: icmp-event,Generic ICMP event,3
    config classification: inappropriate-content,Inappropriate Content was Detected,1
    config classification: policy-violation,Potential Corporate Privacy Violation,1
    config classification: default-login-attempt,Attempt to login by a default username and password,2
    config classification: targeted-activity,Targeted Malicious Activity was Detected,1
    config classification: exploit-kit,Exploit Kit Activity Detected,1
    config classification: external-ip-check,Device Retrieving External IP Address Detected,2
    config classification: domain-c2,Domain Observed Used for C2 Detected,1
    config classification: pup-activity,Possibly Unwanted Program Detected,2
    config classification: credential-theft,Successful Credential Theft Detected,1
    config classification: social-engineering,Possible Social Engineering Attempted,2
    config classification: coin-mining,Crypto Currency Mining Activity Detected,2
    config classification: command-and-control,Malware Command and Control Activity Detected,1

    """
}
