#if canImport(MitsuCore)
import MitsuCore
#endif

/// The SMB1 dialogue: the multi-protocol NEGOTIATE (which may hand over to SMB2), NT LM 0.12 with or
/// without extended security, session setup, tree connect, and the transaction requests that MS17-010
/// checks, EternalBlue and DoublePulsar use.
extension SMBSession {
    /// What Windows Server 2008 R2 and later answer (no raw mode), less extended security.
    static let smb1Capabilities: UInt32 = 0x0001_f3fc
    static let smb1MaxBuffer = 16644

    mutating func smb1(_ m: SMB1Message, raw: [UInt8] = []) -> [ServiceOutput] {
        if m.command != SMB1Command.negotiate {
            guard smb1Negotiated else { return fail("SMB1 command 0x\(Hex.string([m.command])) before NEGOTIATE") }
        }
        switch m.command {
        case SMB1Command.negotiate: return negotiate1(m)
        case SMB1Command.sessionSetupAndX: return sessionSetup1(m)
        case SMB1Command.treeConnectAndX: return treeConnect1(m)
        case SMB1Command.treeDisconnect:
            trees[UInt32(m.tid)] = nil
            return send1(m.reply())
        case SMB1Command.logoffAndX:
            authenticated = false
            return send1(m.reply(words: [0xff, 0, 0, 0]))
        case SMB1Command.echo:
            return send1(m.reply(words: [1, 0], data: Array(m.data.prefix(4096))))
        case SMB1Command.transaction:
            guard let t = SMB1Transaction.parse(m) else { return fail("malformed SMB1 TRANSACTION") }
            guard let x = SMBExploitDetector.transaction(t) else { return send1(m.reply(status: NTStatus.notSupported)) }
            // Unpatched Windows answers PeekNamedPipe on FID 0 with INSUFF_SERVER_RESOURCES, patched
            // with INVALID_HANDLE: the persona decides which host it is.
            let status = settings.persona.ms17010Vulnerable ? NTStatus.insuffServerResources : NTStatus.invalidHandle
            return exploitOnce(x) + send1(m.reply(status: status))
        case SMB1Command.transaction2:
            guard let t = SMB1Transaction.parse(m) else { return fail("malformed SMB1 TRANSACTION2") }
            guard let x = SMBExploitDetector.transaction2(t) else { return send1(m.reply(status: NTStatus.notSupported)) }
            // No implant: NOT_IMPLEMENTED with the multiplex id unchanged (an infected host adds 0x10).
            return [exploit(x)] + send1(m.reply(status: NTStatus.notImplemented))
        case SMB1Command.ntTransact:
            guard let (t, function) = SMB1Transaction.parseNT(m) else { return fail("malformed SMB1 NT_TRANSACT") }
            guard let x = SMBExploitDetector.ntTransact(t, function: function) else { return send1(m.reply(status: NTStatus.notSupported)) }
            // The interim response a vulnerable server gives, so the exploit sends its secondaries.
            return exploitOnce(x) + send1(m.reply())
        case SMB1Command.ntCreateAndX: return create1(m)
        case SMB1Command.writeAndX:
            guard let w = SMB1Write.parse(m, raw: raw, cap: settings.maxMessageBytes) else { return fail("malformed SMB1 WRITE_ANDX") }
            guard let id = smb1Files[w.fid], files.write(id, offset: w.offset, bytes: w.data) else {
                return send1(m.reply(status: NTStatus.invalidHandle))
            }
            var words: [UInt8] = [0xff, 0, 0, 0]
            words.appendLE16(w.data.count & 0xffff); words.appendLE16(0xffff); words.appendLE16(w.data.count >> 16); words.appendLE16(0)
            return send1(m.reply(words: words))
        case SMB1Command.close:
            guard let fid = m.word(0) else { return fail("malformed SMB1 CLOSE") }
            guard let id = smb1Files.removeValue(forKey: fid), let f = files.close(id) else { return send1(m.reply(status: NTStatus.invalidHandle)) }
            return upload(f) + send1(m.reply())
        case SMB1Command.delete:
            // BufferFormat 0x04, then the name: only files this session created exist to be deleted.
            guard let tree = trees[UInt32(m.tid)], m.data.first == 0x04, let (raw, _) = m.string(at: 1, unicode: m.unicode) else {
                return send1(m.reply(status: NTStatus.objectNameNotFound))
            }
            let name = raw.hasPrefix("\\") ? String(raw.dropFirst()) : raw
            guard createdNames.remove(tree.name + "\\" + name.lowercased()) != nil else { return send1(m.reply(status: NTStatus.objectNameNotFound)) }
            return send1(m.reply())
        case SMB1Command.transaction2Secondary, SMB1Command.ntTransactSecondary:
            // Secondaries are never answered; in the wild they are EternalBlue's FEA list.
            return exploitOnce(.eternalBlue("TRANSACTION2_SECONDARY / NT_TRANSACT_SECONDARY stream"))
        default:
            return send1(m.reply(status: NTStatus.notSupported))
        }
    }

    func send1(_ reply: [UInt8]) -> [ServiceOutput] { [.send(NetBIOSFrame.frame(reply))] }

    /// Dialect strings are 0x02 followed by a NUL-terminated name.
    static func dialects(_ data: [UInt8]) -> [String] {
        var out: [String] = []
        var r = ByteReader(data)
        while out.count < 64, r.u8() == 0x02, let name = r.cString(max: 64) {
            out.append(String(decoding: name, as: UTF8.self))
        }
        return out
    }

    mutating func negotiate1(_ m: SMB1Message) -> [ServiceOutput] {
        let names = SMBSession.dialects(m.data)
        guard !names.isEmpty else { return fail("SMB1 NEGOTIATE without dialects") }
        let persona = settings.persona
        // MS-SMB2 3.3.5.3.1: "SMB 2.???" gets the wildcard response and a second, SMB2 negotiate;
        // "SMB 2.002" alone settles on 2.0.2.
        if names.contains("SMB 2.???") || names.contains("SMB 2.002") {
            let d: UInt16 = names.contains("SMB 2.???") ? SMB2Dialect.wildcard : 0x0202
            dialect = d
            var h = SMB2Header(command: SMB2Command.negotiate.rawValue)
            h.flags = SMB2Header.flagResponse
            let body = SMB2Reply.negotiate(dialect: d, persona: persona, systemTime: now, clientCapabilities: 0, contexts: [])
            return [.send(NetBIOSFrame.frame(h.bytes() + body))]
        }
        guard persona.smb1, let index = names.firstIndex(of: "NT LM 0.12") else {
            // Windows with SMBv1 off resets the connection; with it on, "none of these" is index 0xffff.
            guard persona.smb1 else { return fail("SMB1 negotiate for \(names.prefix(4).joined(separator: ", ")) (SMBv1 off)") }
            return send1(m.reply(words: [0xff, 0xff]))
        }
        smb1Negotiated = true
        smb1Extended = m.flags2 & SMB1Message.flags2ExtendedSecurity != 0
        var w: [UInt8] = []
        w.appendLE16(index)
        w.append(0x03)  // user-level security, challenge/response; signing neither enabled nor required (a non-DC default)
        w.appendLE16(50); w.appendLE16(1)
        w.appendLE32(SMBSession.smb1MaxBuffer); w.appendLE32(65536); w.appendLE32(0)
        w.appendLE32(Int(SMBSession.smb1Capabilities | (smb1Extended ? 0x8000_0000 : 0)))
        w.appendLE64(Int(truncatingIfNeeded: now))
        w.appendLE16(0)
        var data: [UInt8]
        if smb1Extended {
            w.append(0)
            data = Array(persona.serverGUID.prefix(16)) + SPNEGO.negotiateToken
        } else {
            serverChallenge = SMBSession.random(8)
            w.append(8)
            data = serverChallenge
            // Windows writes these two in UTF-16 whatever the client's Unicode flag (nmap reads them so).
            data += UTF16LE.encode(persona.netbiosDomain) + [0, 0] + UTF16LE.encode(persona.netbiosName) + [0, 0]
        }
        return send1(m.reply(words: w, data: data))
    }

    /// NativeOS and NativeLanMan in the client's string encoding (nmap asks for ASCII), aligned after `prefix`.
    func nativeStrings(_ m: SMB1Message, prefix: [UInt8], wordCount: Int, extra: [String] = []) -> [UInt8] {
        let persona = settings.persona
        var data = prefix
        let strings = [persona.nativeOS, persona.nativeLanMan] + extra
        if m.unicode {
            // Data starts after the 32-byte header, the word count byte, the words and the byte count.
            if (32 + 1 + wordCount * 2 + 2 + data.count) % 2 == 1 { data.append(0) }
            for s in strings { data += UTF16LE.encode(s) + [0, 0] }
        } else {
            for s in strings { data += Array(s.utf8) + [0] }
        }
        return data
    }

    mutating func sessionSetup1(_ m: SMB1Message) -> [ServiceOutput] {
        guard let setup = SMB1SessionSetup.parse(m) else { return fail("malformed SMB1 SESSION_SETUP_ANDX (\(m.words.count / 2) words)") }
        if m.uid == 0 || m.uid != UInt16(truncatingIfNeeded: sessionID) {
            sessionID = 0x0800 | UInt64(SMBSession.random(1)[0])
        }
        let uid = UInt16(truncatingIfNeeded: sessionID)
        switch setup {
        case .extended(let blob, let nativeOS):
            let wrapped = SPNEGO.isWrapped(blob)
            guard let token = SPNEGO.ntlmssp(in: blob) else { return send1(m.reply(status: NTStatus.logonFailure)) }
            switch NTLMSSP.type(of: token) {
            case .negotiate?:
                let challenge = ntlmChallenge(for: token)
                let out = wrapped ? SPNEGO.response(.acceptIncomplete, token: challenge, withMech: true) : challenge
                return send1(m.reply(status: NTStatus.moreProcessingRequired, words: setupWords(action: 0, blob: out.count),
                                     data: nativeStrings(m, prefix: out, wordCount: 4), uid: uid))
            case .authenticate?:
                guard !serverChallenge.isEmpty, let a = NTLMSSP.parseAuthenticate(token) else {
                    return fail("SMB1 NTLM AUTHENTICATE without a challenge or malformed")
                }
                let (ok, events) = login(user: a.user, domain: a.domain, workstation: a.workstation, lm: a.lmResponse,
                                         nt: a.ntResponse, nativeOS: nativeOS)
                serverChallenge = []
                guard ok else { return events + send1(m.reply(status: NTStatus.logonFailure)) }
                let out = wrapped ? SPNEGO.response(.acceptCompleted, token: nil, withMech: false) : []
                return events + send1(m.reply(words: setupWords(action: a.isAnonymous ? 1 : 0, blob: out.count),
                                              data: nativeStrings(m, prefix: out, wordCount: 4), uid: uid))
            default:
                return fail("SMB1 security blob with an unexpected NTLMSSP message")
            }
        case .basic(let lm, let nt, let user, let domain, let nativeOS):
            let (ok, events) = login(user: user, domain: domain, workstation: "", lm: lm, nt: nt, nativeOS: nativeOS)
            guard ok else { return events + send1(m.reply(status: NTStatus.logonFailure)) }
            var w: [UInt8] = [0xff, 0, 0, 0]
            w.appendLE16(user.isEmpty ? 1 : 0)
            return events + send1(m.reply(words: w, data: nativeStrings(m, prefix: [], wordCount: 3, extra: [settings.persona.netbiosDomain]), uid: uid))
        }
    }

    mutating func create1(_ m: SMB1Message) -> [ServiceOutput] {
        guard let c = SMB1NTCreate.parse(m) else { return fail("malformed SMB1 NT_CREATE_ANDX") }
        guard let tree = trees[UInt32(m.tid)] else { return send1(m.reply(status: 0xC000_00C9)) }  // NETWORK_NAME_DELETED
        if tree.isPipe { return send1(m.reply(status: NTStatus.objectNameNotFound)) }
        let name = c.name.hasPrefix("\\") ? String(c.name.dropFirst()) : c.name
        let isDirectory = name.isEmpty || c.options & 0x1 != 0
        let key = tree.name + "\\" + name.lowercased()
        var action: UInt32 = 1
        if !isDirectory {
            switch c.disposition {
            case 1, 4:
                guard createdNames.contains(key) else { return send1(m.reply(status: NTStatus.objectNameNotFound)) }
                action = c.disposition == 4 ? 3 : 1
            case 2:
                guard !createdNames.contains(key) else { return send1(m.reply(status: 0xC000_0035)) }
                action = 2
            default:
                action = createdNames.contains(key) ? (c.disposition == 3 ? 1 : 3) : 2
            }
            if createdNames.count < 1024 { createdNames.insert(key) }
        }
        guard smb1Files.count < 256, let id = files.open(share: tree.name, name: name, isPipe: false) else {
            return send1(m.reply(status: NTStatus.insuffServerResources))
        }
        let fid = nextFID
        nextFID = nextFID == 0xfffe ? 0x4000 : nextFID + 1
        smb1Files[fid] = id
        var w: [UInt8] = [0xff, 0, 0, 0, 0]  // AndX, oplock none
        w.appendLE16(Int(fid)); w.appendLE32(Int(action))
        for _ in 0..<4 { w.appendLE64(Int(truncatingIfNeeded: now)) }
        w.appendLE32(isDirectory ? 0x10 : 0x20)
        w.appendLE64(0); w.appendLE64(0)
        w.appendLE16(0); w.appendLE16(0); w.append(isDirectory ? 1 : 0)
        return send1(m.reply(words: w))
    }

    func setupWords(action: Int, blob: Int) -> [UInt8] {
        var w: [UInt8] = [0xff, 0, 0, 0]
        w.appendLE16(action); w.appendLE16(blob)
        return w
    }

    mutating func treeConnect1(_ m: SMB1Message) -> [ServiceOutput] {
        guard authenticated else { return send1(m.reply(status: NTStatus.accessDenied)) }
        guard let flags = m.word(2), let passwordLength = m.word(3), Int(passwordLength) <= m.data.count,
              let (path, _) = m.string(at: Int(passwordLength), unicode: m.unicode) else {
            return fail("malformed SMB1 TREE_CONNECT_ANDX")
        }
        guard let share = settings.persona.share(named: path), trees.count < 64 else {
            return send1(m.reply(status: NTStatus.badNetworkName))
        }
        guard share.isPipe || !anonymous else { return send1(m.reply(status: NTStatus.accessDenied)) }
        let tid = UInt16(truncatingIfNeeded: 0x0800 + nextTree)
        nextTree += 1
        trees[UInt32(tid)] = share
        var w: [UInt8] = [0xff, 0, 0, 0]
        w.appendLE16(0x0001)  // SMB_SUPPORT_SEARCH_BITS
        if flags & 0x0008 != 0 {  // TREE_CONNECT_ANDX_EXTENDED_RESPONSE
            w.appendLE32(0x001f01ff); w.appendLE32(0)
        }
        var data = Array((share.isPipe ? "IPC" : "A:").utf8) + [0]
        let fs = share.isPipe ? "" : "NTFS"
        if m.unicode {
            if (32 + 1 + w.count + 2 + data.count) % 2 == 1 { data.append(0) }
            data += UTF16LE.encode(fs) + [0, 0]
        } else {
            data += Array(fs.utf8) + [0]
        }
        return send1(m.reply(words: w, data: data, tid: tid))
    }
}
