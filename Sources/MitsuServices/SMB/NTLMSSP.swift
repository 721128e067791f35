/// NTLM authentication as a server sees it (MS-NLMP): read the client's NEGOTIATE flags, write a
/// CHALLENGE with the persona's names in its AV pairs, and turn the AUTHENTICATE message into the
/// line hashcat cracks. The server never learns the password, so it never verifies one.
enum NTLMSSP {
    enum MessageType: UInt32 { case negotiate = 1, challenge = 2, authenticate = 3 }

    // NegotiateFlags bits (MS-NLMP 2.2.2.5) the challenge uses.
    static let unicode: UInt32 = 0x0000_0001
    static let oem: UInt32 = 0x0000_0002
    static let requestTarget: UInt32 = 0x0000_0004
    static let sign: UInt32 = 0x0000_0010
    static let seal: UInt32 = 0x0000_0020
    static let ntlm: UInt32 = 0x0000_0200
    static let alwaysSign: UInt32 = 0x0000_8000
    static let targetTypeDomain: UInt32 = 0x0001_0000
    static let targetTypeServer: UInt32 = 0x0002_0000
    static let extendedSessionSecurity: UInt32 = 0x0008_0000
    static let targetInfo: UInt32 = 0x0080_0000
    static let version: UInt32 = 0x0200_0000
    static let bits128: UInt32 = 0x2000_0000
    static let keyExchange: UInt32 = 0x4000_0000
    static let bits56: UInt32 = 0x8000_0000

    /// The type of an NTLMSSP message, nil when the signature or type is wrong.
    static func type(of message: [UInt8]) -> MessageType? {
        var r = ByteReader(message)
        guard r.read(8) == SPNEGO.ntlmsspSignature, let t = r.u32le() else { return nil }
        return MessageType(rawValue: t)
    }

    /// The client's flags from a NEGOTIATE message (nil when it is not one).
    static func negotiateFlags(_ message: [UInt8]) -> UInt32? {
        var r = ByteReader(message, offset: 8)
        guard type(of: message) == .negotiate, r.u32le() != nil, let flags = r.u32le() else { return nil }
        return flags
    }

    /// What a Windows server sets in its CHALLENGE: the options it supports that the client asked for,
    /// plus the ones it always sets (target info, version, NTLM, a workgroup server's target type).
    static func challengeFlags(client: UInt32) -> UInt32 {
        let echoed: UInt32 = unicode | sign | seal | alwaysSign | extendedSessionSecurity | bits128 | keyExchange | bits56
        var f = (client & echoed) | requestTarget | ntlm | targetInfo | version | targetTypeServer
        if client & unicode == 0 { f |= oem }
        if client & alwaysSign != 0 || client & sign != 0 { f |= alwaysSign }
        return f
    }

    struct Identity: Sendable, Equatable {
        var netbiosComputer: String
        var netbiosDomain: String
        var dnsComputer: String
        var dnsDomain: String
        /// Windows version in the VERSION field (major, minor, build): 10.0.17763 for Server 2019.
        var major: UInt8 = 10, minor: UInt8 = 0, build: UInt16 = 17763
    }

    /// The CHALLENGE message (MS-NLMP 2.2.1.2).
    static func challenge(_ id: Identity, serverChallenge: [UInt8], clientFlags: UInt32, fileTime: UInt64) -> [UInt8] {
        let flags = challengeFlags(client: clientFlags)
        let target = flags & unicode != 0 ? UTF16LE.encode(id.netbiosComputer) : Array(id.netbiosComputer.utf8)
        var info: [UInt8] = []
        func av(_ id: Int, _ value: [UInt8]) {
            info.appendLE16(id)
            info.appendLE16(value.count)
            info += value
        }
        av(2, UTF16LE.encode(id.netbiosDomain))
        av(1, UTF16LE.encode(id.netbiosComputer))
        // A workgroup host names itself where a domain member names its DNS domain, and has no forest.
        av(4, UTF16LE.encode(id.dnsDomain.isEmpty ? id.dnsComputer : id.dnsDomain))
        av(3, UTF16LE.encode(id.dnsComputer))
        if !id.dnsDomain.isEmpty { av(5, UTF16LE.encode(id.dnsDomain)) }
        var ts: [UInt8] = []
        ts.appendLE64(Int(truncatingIfNeeded: fileTime))
        av(7, ts)
        av(0, [])
        let headerLength = 56
        var m = SPNEGO.ntlmsspSignature
        m.appendLE32(2)
        m.appendLE16(target.count); m.appendLE16(target.count); m.appendLE32(headerLength)
        m.appendLE32(Int(flags))
        m += serverChallenge.prefix(8)
        m += [UInt8](repeating: 0, count: 8)
        m.appendLE16(info.count); m.appendLE16(info.count); m.appendLE32(headerLength + target.count)
        m += [id.major, id.minor, UInt8(id.build & 0xff), UInt8(id.build >> 8), 0, 0, 0, 0x0f]
        return m + target + info
    }

    /// What the AUTHENTICATE message (MS-NLMP 2.2.1.3) says about the client.
    struct Authenticate: Sendable, Equatable {
        var lmResponse: [UInt8]
        var ntResponse: [UInt8]
        var domain: String
        var user: String
        var workstation: String
        var flags: UInt32

        /// No user and no NT response: an anonymous (null) session.
        var isAnonymous: Bool { user.isEmpty && ntResponse.isEmpty }
    }

    static let maxField = 4096

    static func parseAuthenticate(_ message: [UInt8]) -> Authenticate? {
        guard type(of: message) == .authenticate else { return nil }
        var r = ByteReader(message, offset: 12)
        func field() -> [UInt8]? {
            guard let len = r.u16le(), r.u16le() != nil, let off = r.u32le() else { return nil }
            let (o, n) = (Int(off), Int(len))
            guard n <= maxField else { return nil }
            if n == 0 { return [] }
            guard o >= 0, o <= message.count, n <= message.count - o else { return nil }
            return Array(message[o..<(o + n)])
        }
        guard let lm = field(), let nt = field(), let dom = field(), let usr = field(), let ws = field(),
              field() != nil else { return nil }
        let flags = r.u32le() ?? unicode
        func text(_ b: [UInt8]) -> String {
            flags & unicode != 0 ? UTF16LE.decode(b, max: 256) : String(decoding: b.prefix(256), as: UTF8.self)
        }
        return Authenticate(lmResponse: lm, ntResponse: nt, domain: text(dom), user: text(usr), workstation: text(ws), flags: flags)
    }
}

/// A captured NTLM response in the form hashcat (and john) read.
struct NTLMHash: Sendable, Equatable {
    /// `netntlmv2` or `netntlmv1`.
    var type: String
    var mode: Int
    var line: String

    /// NetNTLMv2 (-m 5600) when the NT response carries a client blob (longer than 24 bytes),
    /// NetNTLMv1 (-m 5500) for 24-byte responses; nil when there is nothing to crack.
    init?(user: String, domain: String, serverChallenge: [UInt8], lm: [UInt8], nt: [UInt8]) {
        // hashcat splits on ':'; a colon in a name would shift the fields.
        let u = user.replacingColons, d = domain.replacingColons
        if nt.count > 24 {
            type = "netntlmv2"; mode = 5600
            line = "\(u)::\(d):\(Hex.string(serverChallenge)):\(Hex.string(nt.prefix(16))):\(Hex.string(nt.dropFirst(16)))"
        } else if nt.count == 24 {
            type = "netntlmv1"; mode = 5500
            let lmPart = lm.count == 24 ? lm : [UInt8](repeating: 0, count: 24)
            line = "\(u)::\(d):\(Hex.string(lmPart)):\(Hex.string(nt)):\(Hex.string(serverChallenge))"
        } else {
            return nil
        }
    }
}

extension String {
    fileprivate var replacingColons: String { String(map { $0 == ":" ? "_" : $0 }) }
}
