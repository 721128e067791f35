/// Who the SMB server claims to be: a Windows Server 2019 in a workgroup by default, with SMBv1 still
/// enabled (which is what makes the MS17-010 check meaningful). Every name a scanner reads (NTLM AV
/// pairs, SMB1 native OS strings, the negotiate response's GUID and boot time) comes from here.
public struct SMBPersona: Sendable, Equatable {
    public var netbiosName = "FILESRV01"
    public var netbiosDomain = "WORKGROUP"
    public var dnsName = "filesrv01"
    public var dnsDomain = ""
    /// SMB1 session setup's NativeOS / NativeLanMan, as smb-os-discovery prints them.
    public var nativeOS = "Windows Server 2019 Standard 17763"
    public var nativeLanMan = "Windows Server 2019 Standard 6.3"
    /// NTLM VERSION: major, minor, build.
    public var windowsVersion: (major: UInt8, minor: UInt8, build: UInt16) = (10, 0, 17763)
    /// Highest SMB2 dialect offered (0x0311 for Server 2016 and later).
    public var maxDialect: UInt16 = 0x0311
    /// Whether SMB1 is answered (off: SMB1-only clients get the dialect-not-supported index).
    public var smb1 = true
    /// Answer nmap's/Metasploit's MS17-010 check as an unpatched host would.
    public var ms17010Vulnerable = true
    /// Per-install identity: the server GUID (kept under the data directory).
    public var serverGUID: [UInt8] = [UInt8](repeating: 0x11, count: 16)
    /// Disk shares besides IPC$ (ADMIN$ and C$ exist on every Windows host).
    public var shares: [String] = ["ADMIN$", "C$", "Public"]

    public init() {}

    public static func == (a: SMBPersona, b: SMBPersona) -> Bool {
        a.netbiosName == b.netbiosName && a.netbiosDomain == b.netbiosDomain && a.dnsName == b.dnsName
            && a.dnsDomain == b.dnsDomain && a.nativeOS == b.nativeOS && a.nativeLanMan == b.nativeLanMan
            && a.windowsVersion == b.windowsVersion && a.maxDialect == b.maxDialect && a.smb1 == b.smb1
            && a.ms17010Vulnerable == b.ms17010Vulnerable && a.serverGUID == b.serverGUID
            && a.shares == b.shares
    }

    var identity: NTLMSSP.Identity {
        let fqdn = dnsDomain.isEmpty ? dnsName : dnsName + "." + dnsDomain
        return NTLMSSP.Identity(netbiosComputer: netbiosName, netbiosDomain: netbiosDomain, dnsComputer: fqdn,
                                dnsDomain: dnsDomain, major: windowsVersion.major, minor: windowsVersion.minor,
                                build: windowsVersion.build)
    }

    /// The share a tree connect path (`\\server\share`) names, case-insensitively; nil when unknown.
    func share(named path: String) -> (name: String, isPipe: Bool)? {
        let name = path.split(whereSeparator: { $0 == "\\" || $0 == "/" }).last.map(String.init) ?? ""
        if name.uppercased() == "IPC$" { return ("IPC$", true) }
        guard let s = shares.first(where: { $0.uppercased() == name.uppercased() }) else { return nil }
        return (s, false)
    }
}
