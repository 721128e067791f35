import Foundation
#if canImport(MitsuCore)
import MitsuCore
#endif

/// One SMB connection (ports 445 and 139) as a pure state machine: NetBIOS framing, SMB1 or SMB2/3
/// negotiation as a Windows Server persona, NTLM session setup with the response captured as a hashcat
/// line, tree connects, files dropped on shares kept by SHA-256, and exploit traffic flagged.
/// The SMB1 and SMB2 dialogues live in their own extensions.
public struct SMBSession {
    public struct Settings: Sendable {
        public var persona = SMBPersona()
        /// Let every NTLM login in (after capturing it), so the tree connects and uploads that follow
        /// are seen; off: every login is refused with STATUS_LOGON_FAILURE.
        public var acceptLogins = true
        public var maxUploadBytes = 16 << 20
        /// Largest single SMB message (the negotiate response's MaxWriteSize plus headers).
        public var maxMessageBytes = SMB2Reply.maxTransact + 4096
        /// Seconds since 1970: the negotiate responses' SystemTime and NTLM's timestamp.
        public var clock: @Sendable () -> Double = { Date().timeIntervalSince1970 }
        /// The session service port (139): SMB only after a NetBIOS session request, as Windows demands.
        public var requireSessionRequest = false
        public init() {}
    }

    public let context: ServiceContext
    let settings: Settings
    let storage: UploadStorage?
    var inbox: [UInt8] = []
    var closed = false
    var netbiosSession = false

    // Negotiation.
    /// The SMB2 dialect chosen (0x02ff after a multi-protocol SMB1 negotiate), nil before one.
    var dialect: UInt16?
    var smb1Negotiated = false
    var smb1Extended = false
    var clientCapabilities: UInt32 = 0

    // Authentication: one NTLM exchange at a time.
    var serverChallenge: [UInt8] = []
    var clientFlags: UInt32 = 0
    var sessionID: UInt64 = 0
    var authenticated = false
    /// A null session: Windows lets it reach IPC$ and nothing else.
    var anonymous = false
    var user = ""

    // Shares and files.
    var trees: [UInt32: (name: String, isPipe: Bool)] = [:]
    var nextTree: UInt32 = 1
    var files: SMBOpenFiles
    var createdNames: Set<String> = []
    /// The FileId of the last CREATE, for related compound requests that refer to it by all-ones.
    var lastFileID: [UInt8]?
    /// SMB1's 16-bit FIDs for the same open files.
    var smb1Files: [UInt16: [UInt8]] = [:]
    var nextFID: UInt16 = 0x4000
    var reported: Set<String> = []

    public init(context: ServiceContext, settings: Settings, storage: UploadStorage?) {
        self.context = context
        self.settings = settings
        self.storage = storage
        self.files = SMBOpenFiles(maxFileBytes: settings.maxUploadBytes)
    }

    /// The client speaks first.
    public func start() -> [ServiceOutput] { [] }

    public mutating func receive(_ bytes: [UInt8]) -> [ServiceOutput] {
        guard !closed else { return [] }
        inbox += bytes
        var out: [ServiceOutput] = []
        while !closed, let frame = NetBIOSFrame.next(&inbox, maxLength: settings.maxMessageBytes) {
            switch frame {
            case .message(let m):
                guard netbiosSession || !settings.requireSessionRequest else {
                    // Windows on 139: NEGATIVE SESSION RESPONSE, "unspecified error" (what nmap -sV knows it by).
                    closed = true
                    return out + [.event(context.protocolError("SMB message before a NetBIOS session request")),
                                  .send(NetBIOSFrame.negativeResponse), .close]
                }
                out += message(m)
            case .sessionRequest:
                netbiosSession = true
                out.append(.send(NetBIOSFrame.positiveResponse))
            case .keepAlive: continue
            case .invalid(let why): out += fail(why)
            }
        }
        return out
    }

    mutating func message(_ m: [UInt8]) -> [ServiceOutput] {
        switch Array(m.prefix(4)) {
        case SMB1Message.protocolID:
            guard let msg = SMB1Message.parse(m) else { return fail("truncated SMB1 message (\(m.count) bytes)") }
            return smb1(msg, raw: m)
        case SMB2Header.protocolID:
            return smb2(m)
        case SMBExploitDetector.compressionTransformID:
            // Never negotiated: a real server drops the connection, a vulnerable one crashed here.
            guard let x = SMBExploitDetector.compressed(m) else { return fail("compression transform header") }
            return [exploit(x)] + fail("compressed SMB2 message without negotiated compression")
        default:
            return fail("not an SMB message (starts \(Hex.string(m.prefix(4))))")
        }
    }

    mutating func fail(_ why: String) -> [ServiceOutput] {
        closed = true
        return [.event(context.protocolError(why)), .close]
    }

    /// One `smb.exploit` event per kind and session: EternalBlue sends hundreds of secondaries.
    mutating func exploit(_ x: SMBExploit) -> ServiceOutput {
        var e = context.event(.smbExploit)
        e.attack = AttackInfo(categories: [x.category], cves: [x.cve])
        e.message = x.message
        reported.insert(x.category)
        return .event(e)
    }

    mutating func exploitOnce(_ x: SMBExploit) -> [ServiceOutput] {
        reported.contains(x.category) ? [] : [exploit(x)]
    }

    var now: UInt64 { FileTime.from(unixSeconds: settings.clock()) }

    static func random(_ n: Int) -> [UInt8] {
        var g = SystemRandomNumberGenerator()
        return g.bytes(n)
    }

    // MARK: NTLM, shared by SMB1 extended security and SMB2

    /// A CHALLENGE for the client's NEGOTIATE; remembers the challenge for the AUTHENTICATE that follows.
    mutating func ntlmChallenge(for negotiate: [UInt8]) -> [UInt8] {
        clientFlags = NTLMSSP.negotiateFlags(negotiate) ?? NTLMSSP.unicode
        serverChallenge = SMBSession.random(8)
        return NTLMSSP.challenge(settings.persona.identity, serverChallenge: serverChallenge, clientFlags: clientFlags, fileTime: now)
    }

    /// The login event for an NTLM (or SMB1 plain LM/NT) response; true when the login is let in.
    mutating func login(user: String, domain: String, workstation: String, lm: [UInt8], nt: [UInt8],
                        nativeOS: String? = nil) -> (accepted: Bool, events: [ServiceOutput]) {
        let anonymous = user.isEmpty && nt.isEmpty
        let accepted = anonymous || settings.acceptLogins
        var e = context.event(accepted ? .loginSuccess : .loginFailed)
        e.username = String(user.prefix(256))
        if !domain.isEmpty { e.domain = String(domain.prefix(256)) }
        if !workstation.isEmpty { e.clientHostname = String(workstation.prefix(256)) }
        if let os = nativeOS, !os.isEmpty { e.clientVersion = String(os.prefix(256)) }
        if anonymous {
            e.message = "anonymous"
        } else if let h = NTLMHash(user: String(user.prefix(256)), domain: String(domain.prefix(256)),
                                   serverChallenge: serverChallenge, lm: lm, nt: nt) {
            e.hashcat = h.line
            e.hashcatMode = h.mode
            e.hashType = h.type
        } else {
            e.message = "no NTLM response (\(nt.count) bytes)"
        }
        if accepted {
            authenticated = true
            self.anonymous = anonymous
            self.user = user
        }
        return (accepted, [.event(e)])
    }

    // MARK: files

    /// Stores what a closed file received and reports it.
    func upload(_ f: SMBOpenFiles.OpenFile) -> [ServiceOutput] {
        guard f.written, !f.isPipe, !f.data.isEmpty, let storage, let stored = storage(f.data) else { return [] }
        return [.event(context.uploadEvent(stored, filename: SMBOpenFiles.displayName(share: f.share, path: f.name), truncated: f.truncated))]
    }

    /// Files still open when the client goes away are kept too.
    public mutating func connectionClosed() -> [ServiceOutput] {
        files.closeAll().flatMap { upload($0) }
    }
}

extension SMBSession: ServiceSession {}
