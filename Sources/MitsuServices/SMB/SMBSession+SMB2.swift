#if canImport(MitsuCore)
import MitsuCore
#endif

/// The SMB2/3 dialogue: compound chains answered as compound responses, each command handled alone.
extension SMBSession {
    struct SMB2Answer {
        var status: UInt32 = NTStatus.success
        var body: [UInt8] = SMB2Reply.error
        var treeID: UInt32?
        var sessionID: UInt64?
        var credits: UInt16?
        var events: [ServiceOutput] = []
        /// Send the response, then close (a real server drops the connection after these).
        var thenClose = false
        /// CANCEL gets no response.
        var silent = false

        static func error(_ status: UInt32) -> SMB2Answer { SMB2Answer(status: status) }
    }

    mutating func smb2(_ m: [UInt8]) -> [ServiceOutput] {
        var out: [ServiceOutput] = []
        var responses: [[UInt8]] = []
        var offset = 0
        var close = false
        var count = 0
        while true {
            count += 1
            let rest = Array(m[offset...])
            guard count <= 32, let h = SMB2Header.parse(rest) else {
                return out + fail("malformed SMB2 header (\(rest.count) bytes at offset \(offset))")
            }
            let next = Int(h.nextCommand)
            guard next == 0 || (next >= SMB2Header.length && next % 8 == 0 && next <= rest.count) else {
                return out + fail("SMB2 NextCommand \(next) outside the message")
            }
            let one = next == 0 ? rest : Array(rest[..<next])
            guard let command = SMB2Command(rawValue: h.command) else {
                return out + fail("unknown SMB2 command \(h.command)")
            }
            guard let a = smb2(command, h, one) else {
                return out + fail("malformed SMB2 \(command) request")
            }
            out += a.events
            if !a.silent {
                var rh = SMB2Header(command: h.command)
                rh.creditCharge = h.creditCharge
                rh.status = a.status
                rh.credits = a.credits ?? max(1, min(h.credits, 64))
                rh.flags = SMB2Header.flagResponse | (h.flags & SMB2Header.flagRelated)
                rh.messageID = h.messageID
                rh.treeID = a.treeID ?? h.treeID
                rh.sessionID = a.sessionID ?? h.sessionID
                responses.append(rh.bytes() + a.body)
            }
            if a.thenClose { close = true; break }
            if next == 0 { break }
            offset += next
        }
        if !responses.isEmpty { out.append(.send(NetBIOSFrame.frame(SMBSession.compound(responses)))) }
        if close {
            closed = true
            out.append(.close)
        }
        return out
    }

    /// Chains responses: each padded to 8 bytes and pointing at the next (MS-SMB2 3.3.4.1.3).
    static func compound(_ responses: [[UInt8]]) -> [UInt8] {
        guard responses.count > 1 else { return responses.first ?? [] }
        var out: [UInt8] = []
        for (i, var r) in responses.enumerated() {
            if i < responses.count - 1 {
                while r.count % 8 != 0 { r.append(0) }
                let n = r.count
                r[20] = UInt8(n & 0xff); r[21] = UInt8(n >> 8 & 0xff); r[22] = UInt8(n >> 16 & 0xff); r[23] = UInt8(n >> 24 & 0xff)
            }
            out += r
        }
        return out
    }

    /// One command; nil when its body does not parse (the connection is then closed).
    mutating func smb2(_ command: SMB2Command, _ h: SMB2Header, _ m: [UInt8]) -> SMB2Answer? {
        if command != .negotiate, dialect == nil || dialect == SMB2Dialect.wildcard {
            return SMB2Answer(status: NTStatus.invalidParameter, events: [.event(context.protocolError("SMB2 \(command) before NEGOTIATE"))],
                              thenClose: true)
        }
        switch command {
        case .negotiate: return negotiate2(m)
        case .sessionSetup: return sessionSetup2(h, m)
        case .logoff:
            authenticated = false
            return SMB2Answer(body: SMB2Reply.empty)
        case .echo, .flush:
            return SMB2Answer(body: SMB2Reply.empty)
        case .cancel:
            return SMB2Answer(silent: true)
        default:
            break
        }
        guard authenticated, h.sessionID == sessionID else { return .error(NTStatus.userSessionDeleted) }
        switch command {
        case .treeConnect:
            guard let t = SMB2TreeConnectRequest.parse(m) else { return nil }
            guard let share = settings.persona.share(named: t.path), trees.count < 64 else { return .error(NTStatus.badNetworkName) }
            guard share.isPipe || !anonymous else { return .error(NTStatus.accessDenied) }
            let id = nextTree
            nextTree += 4
            trees[id] = share
            return SMB2Answer(body: SMB2Reply.treeConnect(isPipe: share.isPipe), treeID: id)
        case .treeDisconnect:
            trees[h.treeID] = nil
            return SMB2Answer(body: SMB2Reply.empty)
        case .create:
            guard let c = SMB2CreateRequest.parse(m) else { return nil }
            return create2(h, c)
        case .write:
            guard let w = SMB2WriteRequest.parse(m, cap: settings.maxMessageBytes) else { return nil }
            let id = resolve(w.fileID, h)
            guard files.write(id, offset: w.offset, bytes: w.data) else { return .error(NTStatus.fileClosed) }
            return SMB2Answer(body: SMB2Reply.write(count: w.data.count))
        case .close:
            guard let raw = smb2FileID(m, bodyOffset: 8) else { return nil }
            let flags = UInt16(m.count > SMB2Header.length + 2 ? m[SMB2Header.length + 2] : 0)
            let id = resolve(raw, h)
            guard let f = files.close(id) else { return .error(NTStatus.fileClosed) }
            return SMB2Answer(body: SMB2Reply.close(flags: flags, time: now, size: f.data.count), events: upload(f))
        case .read:
            return .error(0xC000_0011)  // STATUS_END_OF_FILE: every file here is new and empty to read
        case .queryDirectory:
            return .error(NTStatus.noMoreFiles)
        case .ioctl:
            return .error(NTStatus.notSupported)
        case .queryInfo, .setInfo, .lock, .changeNotify, .oplockBreak:
            return .error(NTStatus.accessDenied)
        default:
            return .error(NTStatus.notSupported)
        }
    }

    /// All-ones FileId in a related compound request means "the file the previous CREATE opened".
    func resolve(_ id: [UInt8], _ h: SMB2Header) -> [UInt8] {
        if h.flags & SMB2Header.flagRelated != 0, id.allSatisfy({ $0 == 0xff }), let last = lastFileID { return last }
        return id
    }

    mutating func negotiate2(_ m: [UInt8]) -> SMB2Answer? {
        guard let n = SMB2NegotiateRequest.parse(m) else { return nil }
        var events: [ServiceOutput] = []
        if let x = SMBExploitDetector.negotiate(n) { events += exploitOnce(x) }
        let offered = SMB2Dialect.all.filter { $0 <= settings.persona.maxDialect && n.dialects.contains($0) }
        guard let chosen = offered.max() else {
            return SMB2Answer(status: NTStatus.notSupported, events: events, thenClose: true)
        }
        dialect = chosen
        clientCapabilities = n.capabilities
        var contexts: [(type: UInt16, data: [UInt8])] = []
        if chosen == 0x0311 {
            var preauth: [UInt8] = []
            preauth.appendLE16(1); preauth.appendLE16(32); preauth.appendLE16(1)  // SHA-512
            contexts.append((1, preauth + SMBSession.random(32)))
            if n.context(2) != nil {
                // Cipher 0, "no common cipher": encryption keys come from the session key, which only the
                // password yields, and the honeypot never knows it. impacket encrypts whenever a cipher is
                // chosen, so offering one would lose every impacket session after login.
                contexts.append((2, [1, 0, 0, 0]))
            }
        }
        let body = SMB2Reply.negotiate(dialect: chosen, persona: settings.persona, systemTime: now,
                                       clientCapabilities: n.capabilities, contexts: contexts)
        return SMB2Answer(body: body, events: events)
    }

    mutating func sessionSetup2(_ h: SMB2Header, _ m: [UInt8]) -> SMB2Answer? {
        guard let s = SMB2SessionSetupRequest.parse(m) else { return nil }
        let wrapped = SPNEGO.isWrapped(s.securityBuffer)
        guard let token = SPNEGO.ntlmssp(in: s.securityBuffer) else { return .error(NTStatus.logonFailure) }
        switch NTLMSSP.type(of: token) {
        case .negotiate?:
            if sessionID == 0 || h.sessionID != sessionID {
                // Windows' session ids: a small counter in the high half, the low bits varying.
                let r = SMBSession.random(4)
                sessionID = 0x0000_1000_0000_0000 | UInt64(r[0]) << 8 | UInt64(r[1]) | UInt64(r[2]) << 16 | 0x41
            }
            let challenge = ntlmChallenge(for: token)
            let blob = wrapped ? SPNEGO.response(.acceptIncomplete, token: challenge, withMech: true) : challenge
            return SMB2Answer(status: NTStatus.moreProcessingRequired, body: SMB2Reply.sessionSetup(flags: 0, blob: blob), sessionID: sessionID)
        case .authenticate?:
            guard !serverChallenge.isEmpty, let a = NTLMSSP.parseAuthenticate(token) else { return nil }
            let (ok, events) = login(user: a.user, domain: a.domain, workstation: a.workstation, lm: a.lmResponse, nt: a.ntResponse)
            serverChallenge = []
            guard ok else { return SMB2Answer(status: NTStatus.logonFailure, events: events) }
            let blob = wrapped ? SPNEGO.response(.acceptCompleted, token: nil, withMech: false) : []
            let flags: UInt16 = a.isAnonymous ? 0x2 : 0
            return SMB2Answer(body: SMB2Reply.sessionSetup(flags: flags, blob: blob), sessionID: sessionID, events: events)
        default:
            return nil
        }
    }

    mutating func create2(_ h: SMB2Header, _ c: SMB2CreateRequest) -> SMB2Answer {
        guard let tree = trees[h.treeID] else { return .error(0xC000_00C9) }  // STATUS_NETWORK_NAME_DELETED
        if tree.isPipe { return .error(NTStatus.objectNameNotFound) }
        let name = c.name
        let isDirectory = name.isEmpty || c.options & 0x1 != 0
        let key = tree.name + "\\" + name.lowercased()
        var action: UInt32 = 1  // FILE_OPENED
        if !isDirectory {
            switch c.disposition {
            case 1, 4:  // FILE_OPEN, FILE_OVERWRITE: only what this session created exists
                guard createdNames.contains(key) else { return .error(NTStatus.objectNameNotFound) }
                action = c.disposition == 4 ? 3 : 1
            case 2:  // FILE_CREATE
                guard !createdNames.contains(key) else { return .error(0xC000_0035) }  // OBJECT_NAME_COLLISION
                action = 2
            default:  // SUPERSEDE, OPEN_IF, OVERWRITE_IF
                action = createdNames.contains(key) ? (c.disposition == 3 ? 1 : 3) : 2
            }
            if createdNames.count < 1024 { createdNames.insert(key) }
        }
        guard let id = files.open(share: tree.name, name: name, isPipe: false) else { return .error(NTStatus.insuffServerResources) }
        lastFileID = id
        return SMB2Answer(body: SMB2Reply.create(fileID: id, action: action, time: now, size: 0, directory: isDirectory))
    }
}
