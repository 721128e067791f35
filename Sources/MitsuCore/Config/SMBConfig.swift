import Yams

/// SMB on 445 (direct TCP) and 139 (NetBIOS session service): a Windows Server persona that captures
/// NTLM logins as hashcat lines, keeps files dropped on its shares and flags SMB exploits.
public struct SMBConfig: Sendable, Equatable {
    public var common: HoneypotConfig
    /// NetBIOS computer name and domain/workgroup (NTLM AV pairs, SMB1 negotiate).
    public var netbiosName = "FILESRV01"
    public var netbiosDomain = "WORKGROUP"
    /// DNS host name and domain (empty: a workgroup host).
    public var dnsName = "filesrv01"
    public var dnsDomain = ""
    /// SMB1 session setup's NativeOS / NativeLanMan (what nmap smb-os-discovery prints).
    public var nativeOS = "Windows Server 2019 Standard 17763"
    public var nativeLanMan = "Windows Server 2019 Standard 6.3"
    /// The Windows build in NTLM's VERSION field (10.0.BUILD): 17763 Server 2019, 20348 Server 2022, 14393 Server 2016.
    public var windowsBuild = 17763
    /// Highest SMB2 dialect: 2.0.2, 2.1, 3.0, 3.0.2 or 3.1.1.
    public var maxDialect = "3.1.1"
    /// Answer SMB1 (NT LM 0.12); Windows Server 2019 has it off by default, but the hosts worth
    /// attacking with EternalBlue have it on.
    public var smb1 = true
    /// Answer the MS17-010 check (nmap, Metasploit) as an unpatched host: attracts EternalBlue.
    public var ms17010Vulnerable = true
    /// Disk shares besides IPC$.
    public var shares = ["ADMIN$", "C$", "Public"]
    /// Let NTLM logins in after capturing them (off: every login fails).
    public var acceptLogins = true
    /// Largest file kept from one upload, and largest SMB message accepted.
    public var maxUploadBytes = 16 << 20
    public var maxMessageBytes = (8 << 20) + 4096

    public init() { common = HoneypotConfig(enabled: true, tcpPorts: [445, 139], udpPorts: []) }

    public static let dialects: [String: UInt16] = ["2.0.2": 0x0202, "2.1": 0x0210, "3.0": 0x0300, "3.0.2": 0x0302, "3.1.1": 0x0311]

    func node() -> Yams.Node {
        .map(common.commonNodes() + [
            ("netbios_name", .str(netbiosName)), ("netbios_domain", .str(netbiosDomain)), ("dns_name", .str(dnsName)),
            ("dns_domain", .str(dnsDomain)), ("native_os", .str(nativeOS)), ("native_lanman", .str(nativeLanMan)),
            ("windows_build", .int(windowsBuild)), ("max_dialect", .str(maxDialect)), ("smb1", .bool(smb1)),
            ("ms17_010_vulnerable", .bool(ms17010Vulnerable)), ("shares", .strings(shares)), ("accept_logins", .bool(acceptLogins)),
            ("max_upload_bytes", .int(maxUploadBytes)), ("max_message_bytes", .int(maxMessageBytes)),
        ])
    }

    mutating func apply(_ n: inout ConfigNode) throws {
        try common.applyCommon(&n)
        func name(_ key: String, max: Int, allowEmpty: Bool = false) throws -> String? {
            guard let v = try n.string(key) else { return nil }
            guard (allowEmpty || !v.isEmpty), v.count <= max,
                  v.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") }) else {
                throw n.error(key, "must be \(allowEmpty ? 0 : 1)-\(max) ASCII letters, digits, '-', '_' or '.'")
            }
            return v
        }
        func text(_ key: String) throws -> String? {
            guard let v = try n.string(key) else { return nil }
            guard !v.isEmpty, v.count <= 100, v.allSatisfy({ $0.isASCII && !$0.isNewline }) else {
                throw n.error(key, "must be one line of 1-100 ASCII characters")
            }
            return v
        }
        if let v = try name("netbios_name", max: 15) { netbiosName = v.uppercased() }
        if let v = try name("netbios_domain", max: 15) { netbiosDomain = v.uppercased() }
        if let v = try name("dns_name", max: 63) { dnsName = v }
        if let v = try name("dns_domain", max: 200, allowEmpty: true) { dnsDomain = v }
        if let v = try text("native_os") { nativeOS = v }
        if let v = try text("native_lanman") { nativeLanMan = v }
        if let v = try n.int("windows_build", in: 1...65535) { windowsBuild = v }
        if let v = try n.string("max_dialect") {
            guard SMBConfig.dialects[v] != nil else { throw n.error("max_dialect", "expected 2.0.2, 2.1, 3.0, 3.0.2 or 3.1.1, got '\(v.prefix(20))'") }
            maxDialect = v
        }
        if let v = try n.bool("smb1") { smb1 = v }
        if let v = try n.bool("ms17_010_vulnerable") { ms17010Vulnerable = v }
        if let v = try n.strings("shares") {
            for (i, s) in v.enumerated() where s.isEmpty || s.count > 80 || s.contains("\\") || s.contains("/") || s.uppercased() == "IPC$" {
                throw n.error("shares[\(i)]", "a share name is 1-80 characters without slashes (IPC$ is always there)")
            }
            shares = v
        }
        if let v = try n.bool("accept_logins") { acceptLogins = v }
        if let v = try n.byteCount("max_upload_bytes", in: 1...(256 << 20)) { maxUploadBytes = v }
        if let v = try n.byteCount("max_message_bytes", in: 65536...(16 << 20)) { maxMessageBytes = v }
        try n.finish()
    }
}
