/// What the server says about itself that is the same on every connection of a persona: its
/// identification line, its KEXINIT apart from the cookie, and its EXT_INFO.
///
/// Encoded once per persona instead of once per connection: joining and writing the ten name-lists, and
/// parsing our own KEXINIT back for the negotiation, were ~3 % of the worker's CPU per login (bench/ssh
/// profile). The cookie is the only part of a KEXINIT that changes (RFC 4253 §7.1), and kex-strict stays
/// advertised after the first exchange, as OpenSSH does.
struct ServerAnnouncements: Sendable {
    /// The identification string without CR LF, as it enters the exchange hash.
    let banner: [UInt8]
    /// The identification line as sent.
    let bannerLine: [UInt8]
    /// Our KEXINIT's name-lists (the cookie is zero here; negotiation never reads it).
    let kexInit: KexInit
    /// The KEXINIT payload after the message number and cookie.
    private let kexInitTail: [UInt8]
    /// SSH_MSG_EXT_INFO (RFC 8308): server-sig-algs and publickey-hostbound, as OpenSSH 9.2 sends them.
    let extInfo: [UInt8]

    init(_ persona: SSHPersona) {
        banner = Array(persona.banner.utf8)
        bannerLine = banner + [0x0D, 0x0A]
        let cookieLength = 16
        kexInit = KexInit(cookie: [UInt8](repeating: 0, count: cookieLength), kex: persona.kex, hostKey: persona.hostKeys,
                          ciphers: persona.ciphers, macs: persona.macs, compression: persona.compression)
        kexInitTail = Array(kexInit.payload().dropFirst(1 + cookieLength))
        var w = SSHWriter(message: SSHMessage.extInfo)
        w.uint32(2)
        w.string("server-sig-algs")
        w.string(persona.serverSigAlgs.joined(separator: ","))
        w.string("publickey-hostbound@openssh.com")
        w.string("0")
        extInfo = w.bytes
    }

    /// A KEXINIT payload with this `cookie` (16 random bytes).
    func kexInitPayload(cookie: [UInt8]) -> [UInt8] {
        precondition(cookie.count == 16, "a KEXINIT cookie is 16 bytes")
        var payload: [UInt8] = []
        payload.reserveCapacity(1 + cookie.count + kexInitTail.count)
        payload.append(SSHMessage.kexInit)
        payload += cookie
        payload += kexInitTail
        return payload
    }
}
