import XCTest
import MitsuCore
@testable import MitsuServices

/// The SMB state machine with byte fixtures: negotiation as Windows Server answers it, NTLM capture,
/// uploads, exploit checks, and hostile framing.
final class SMBSessionTests: XCTestCase {
    let memory = Fixture.MemoryStorage()

    func session(_ configure: (inout SMBSession.Settings) -> Void = { _ in }) -> SMBSession {
        var s = SMBSession.Settings()
        s.persona.serverGUID = Array(1...16)
        s.clock = { 1_700_000_000 }
        configure(&s)
        return SMBSession(context: Fixture.context("smb"), settings: s, storage: memory.storage)
    }

    /// Sends one message framed; returns the unframed replies (one per frame), the events, and whether it closed.
    func exchange(_ s: inout SMBSession, _ message: [UInt8]) -> (replies: [[UInt8]], events: [Event], closed: Bool) {
        let out = s.receive(NetBIOSFrame.frame(message))
        var replies: [[UInt8]] = []
        var closed = false
        for o in out {
            if case .send(let b) = o { replies.append(Array(b.dropFirst(4))) }
            if case .close = o { closed = true }
        }
        return (replies, Fixture.events(out), closed)
    }

    func login(_ s: inout SMBSession, user: String = "administrator", nt: [UInt8]) -> (session: UInt64, events: [Event]) {
        _ = exchange(&s, SMBClient.negotiate(dialects: [0x0202, 0x0210, 0x0300, 0x0302]))
        let r1 = exchange(&s, SMBClient.sessionSetup(SMBClient.ntlmNegotiate(), mid: 1)).replies[0]
        let sid = r1.le64(40)
        let auth = SMBClient.ntlmAuthenticate(user: user, domain: "CORP", workstation: "KALI", lm: [UInt8](repeating: 0, count: 24), nt: nt)
        let r2 = exchange(&s, SMBClient.sessionSetup(SMBClient.spnegoResp(auth), mid: 2, session: sid))
        XCTAssertEqual(r2.replies.first?.le32(8), 0, "STATUS_SUCCESS")
        return (sid, r2.events)
    }

    func testSMB311NegotiateAsWindowsServer2019() {
        var s = session()
        var preauth: [UInt8] = [1, 0, 32, 0, 1, 0] + [UInt8](repeating: 7, count: 32)
        preauth += []
        let enc: [UInt8] = [2, 0, 1, 0, 2, 0]
        let r = exchange(&s, SMBClient.negotiate(dialects: [0x0202, 0x0210, 0x0300, 0x0302, 0x0311], contexts: [(1, preauth), (2, enc)]))
        XCTAssertFalse(r.closed)
        let m = r.replies[0]
        XCTAssertEqual(Array(m.prefix(4)), [0xfe, 0x53, 0x4d, 0x42])
        XCTAssertEqual(m.le32(8), 0)
        XCTAssertEqual(m.le32(16) & 1, 1, "response flag")
        let b = Array(m.dropFirst(64))
        XCTAssertEqual(b.le16(0), 65)
        XCTAssertEqual(b.le16(2), 0x01, "signing enabled, not required")
        XCTAssertEqual(b.le16(4), 0x0311)
        XCTAssertEqual(b.le16(6), 2, "two negotiate contexts")
        XCTAssertEqual(Array(b[8..<24]), Array(1...16), "the persona's server GUID")
        XCTAssertEqual(b.le32(24), 0x2f)
        XCTAssertEqual(b.le32(28), 8 << 20)
        XCTAssertEqual(b.le64(40), FileTime.from(unixSeconds: 1_700_000_000))
        let blobOffset = b.le16(56), blobLength = b.le16(58)
        XCTAssertEqual(blobOffset, 128)
        let blob = Array(m[blobOffset..<(blobOffset + blobLength)])
        XCTAssertEqual(blob.first, 0x60)
        XCTAssertNotNil(blob.firstRange(of: SPNEGO.ntlmsspOID))
        let ctx = Int(b.le32(60))
        XCTAssertEqual(ctx % 8, 0)
        XCTAssertEqual(m.le16(ctx), 1, "PREAUTH_INTEGRITY first")
        XCTAssertEqual(m.le16(ctx + 8), 1); XCTAssertEqual(m.le16(ctx + 10), 32); XCTAssertEqual(m.le16(ctx + 12), 1, "SHA-512")
        let ctx2 = (ctx + 8 + 38 + 7) & ~7
        XCTAssertEqual(m.le16(ctx2), 2, "ENCRYPTION")
        XCTAssertEqual(m.le16(ctx2 + 8), 1)
        XCTAssertEqual(m.le16(ctx2 + 10), 0, "no cipher: the keys would need the password")
        XCTAssertTrue(r.events.isEmpty)
    }

    func testEachDialectAloneIsAcceptedAndMaxDialectIsHonoured() {
        for d in SMB2Dialect.all {
            var s = session()
            let m = exchange(&s, SMBClient.negotiate(dialects: [d])).replies[0]
            XCTAssertEqual(m.le16(64 + 4), Int(d))
        }
        var s = session { $0.persona.maxDialect = 0x0210 }
        XCTAssertEqual(exchange(&s, SMBClient.negotiate(dialects: [0x0202, 0x0210, 0x0300, 0x0311])).replies[0].le16(64 + 4), 0x0210)
        var none = session()
        let r = exchange(&none, SMBClient.negotiate(dialects: [0x0222]))
        XCTAssertEqual(r.replies[0].le32(8), NTStatus.notSupported)
        XCTAssertTrue(r.closed)
    }

    func testMultiProtocolNegotiateHandsOverToSMB2() {
        var s = session()
        let m = exchange(&s, SMBClient.negotiate1(["PC NETWORK PROGRAM 1.0", "NT LM 0.12", "SMB 2.002", "SMB 2.???"])).replies[0]
        XCTAssertEqual(Array(m.prefix(4)), SMB2Header.protocolID)
        XCTAssertEqual(m.le16(64 + 4), 0x02ff, "wildcard dialect")
        let second = exchange(&s, SMBClient.negotiate(dialects: [0x0202, 0x0311], mid: 1)).replies[0]
        XCTAssertEqual(second.le16(64 + 4), 0x0311)
    }

    func testNTLMv2CaptureIsAHashcat5600Line() throws {
        var s = session()
        _ = exchange(&s, SMBClient.negotiate(dialects: [0x0302]))
        let r1 = exchange(&s, SMBClient.sessionSetup(SMBClient.ntlmNegotiate(), mid: 1)).replies[0]
        XCTAssertEqual(r1.le32(8), NTStatus.moreProcessingRequired)
        let sid = r1.le64(40)
        XCTAssertNotEqual(sid, 0)
        let challengeMessage = try XCTUnwrap(SPNEGO.ntlmssp(in: Array(r1.dropFirst(72))))
        XCTAssertEqual(challengeMessage.le32(8), 2)
        let serverChallenge = Array(challengeMessage[24..<32])
        let flags = challengeMessage.le32(20)
        XCTAssertNotEqual(flags & NTLMSSP.targetInfo, 0)
        XCTAssertEqual(Array(challengeMessage[48..<52]), [10, 0, 0x63, 0x45], "version 10.0 build 17763")
        // The target info names the persona.
        let infoLen = challengeMessage.le16(40), infoOff = Int(challengeMessage.le32(44))
        let info = Array(challengeMessage[infoOff..<(infoOff + infoLen)])
        XCTAssertNotNil(info.firstRange(of: UTF16LE.encode("FILESRV01")))
        XCTAssertNotNil(info.firstRange(of: UTF16LE.encode("WORKGROUP")))

        let proof: [UInt8] = Array(0xa0...0xaf)
        let blob: [UInt8] = [1, 1, 0, 0, 0, 0, 0, 0] + [UInt8](repeating: 0x42, count: 24)
        let auth = SMBClient.ntlmAuthenticate(user: "Administrator", domain: "CORP", workstation: "KALI",
                                              lm: [UInt8](repeating: 0, count: 24), nt: proof + blob)
        let r2 = exchange(&s, SMBClient.sessionSetup(SMBClient.spnegoResp(auth), mid: 2, session: sid))
        XCTAssertEqual(r2.replies[0].le32(8), 0)
        let e = try XCTUnwrap(r2.events.first)
        XCTAssertEqual(e.kind, .loginSuccess)
        XCTAssertEqual(e.username, "Administrator")
        XCTAssertEqual(e.domain, "CORP")
        XCTAssertEqual(e.clientHostname, "KALI")
        XCTAssertEqual(e.hashType, "netntlmv2")
        XCTAssertEqual(e.hashcatMode, 5600)
        XCTAssertEqual(e.hashcat, "Administrator::CORP:\(Hex.string(serverChallenge)):\(Hex.string(proof)):\(Hex.string(blob))")
        XCTAssertEqual(e.protocol, "smb")
    }

    func testNTLMv1CaptureAndRefusedLogin() throws {
        var s = session { $0.acceptLogins = false }
        _ = exchange(&s, SMBClient.negotiate(dialects: [0x0210]))
        let r1 = exchange(&s, SMBClient.sessionSetup(SMBClient.ntlmNegotiate(), mid: 1)).replies[0]
        let challenge = Array(try XCTUnwrap(SPNEGO.ntlmssp(in: Array(r1.dropFirst(72))))[24..<32])
        let lm: [UInt8] = Array(repeating: 0x11, count: 24), nt: [UInt8] = Array(repeating: 0x22, count: 24)
        let auth = SMBClient.ntlmAuthenticate(user: "bob", domain: "", workstation: "", lm: lm, nt: nt)
        let r2 = exchange(&s, SMBClient.sessionSetup(auth, mid: 2, session: r1.le64(40)))
        XCTAssertEqual(r2.replies[0].le32(8), NTStatus.logonFailure)
        let e = try XCTUnwrap(r2.events.first)
        XCTAssertEqual(e.kind, .loginFailed)
        XCTAssertEqual(e.hashcatMode, 5500)
        XCTAssertEqual(e.hashType, "netntlmv1")
        XCTAssertEqual(e.hashcat, "bob:::\(Hex.string(lm)):\(Hex.string(nt)):\(Hex.string(challenge))")
        // Refused: a tree connect is answered as for a session that does not exist.
        let t = exchange(&s, SMBClient.treeConnect("\\\\h\\C$", mid: 3, session: r1.le64(40))).replies[0]
        XCTAssertEqual(t.le32(8), NTStatus.userSessionDeleted)
    }

    func testUploadIsStoredByContentOnClose() throws {
        var s = session()
        let (sid, _) = login(&s, nt: Array(repeating: 1, count: 48))
        let tc = exchange(&s, SMBClient.treeConnect("\\\\10.0.0.1\\IPC$", mid: 3, session: sid)).replies[0]
        XCTAssertEqual(tc.le32(8), 0); XCTAssertEqual(tc[66], 2, "pipe share")
        let bad = exchange(&s, SMBClient.treeConnect("\\\\10.0.0.1\\nope", mid: 4, session: sid)).replies[0]
        XCTAssertEqual(bad.le32(8), NTStatus.badNetworkName)
        let c = exchange(&s, SMBClient.treeConnect("\\\\10.0.0.1\\c$", mid: 5, session: sid)).replies[0]
        XCTAssertEqual(c[66], 1, "disk share")
        let tree = c.le32(36)
        let cr = exchange(&s, SMBClient.create("Windows\\Temp\\evil.exe", mid: 6, session: sid, tree: tree)).replies[0]
        XCTAssertEqual(cr.le32(8), 0)
        XCTAssertEqual(cr.le32(64 + 4), 2, "FILE_CREATED")
        let fid = Array(cr[(64 + 64)..<(64 + 80)])
        let part1: [UInt8] = Array("MZ\u{90}\u{00}".utf8) + Array(repeating: 0x41, count: 5000)
        let part2: [UInt8] = Array(repeating: 0x42, count: 3000)
        XCTAssertEqual(exchange(&s, SMBClient.write(part1, offset: 0, fileID: fid, mid: 7, session: sid, tree: tree)).replies[0].le32(64 + 4), UInt32(part1.count))
        _ = exchange(&s, SMBClient.write(part2, offset: part1.count, fileID: fid, mid: 8, session: sid, tree: tree))
        let cl = exchange(&s, SMBClient.close(fileID: fid, mid: 9, session: sid, tree: tree))
        XCTAssertEqual(cl.replies[0].le32(8), 0)
        XCTAssertEqual(cl.replies[0].le64(64 + 48), UInt64(part1.count + part2.count), "EndOfFile")
        let up = try XCTUnwrap(cl.events.first)
        XCTAssertEqual(up.kind, .fileUpload)
        XCTAssertEqual(up.sha256, Digests.sha256(part1 + part2))
        XCTAssertEqual(up.size, Int64(part1.count + part2.count))
        XCTAssertEqual(up.filename, "C$\\Windows\\Temp\\evil.exe")
        XCTAssertEqual(memory.files, [part1 + part2])
        // Closing again: the handle is gone.
        XCTAssertEqual(exchange(&s, SMBClient.close(fileID: fid, mid: 10, session: sid, tree: tree)).replies[0].le32(8), NTStatus.fileClosed)
    }

    func testFileLeftOpenIsKeptWhenTheClientLeaves() {
        var s = session()
        let (sid, _) = login(&s, nt: Array(repeating: 1, count: 48))
        let tree = exchange(&s, SMBClient.treeConnect("\\\\h\\ADMIN$", mid: 3, session: sid)).replies[0].le32(36)
        let cr = exchange(&s, SMBClient.create("svc.exe", mid: 4, session: sid, tree: tree)).replies[0]
        let fid = Array(cr[(64 + 64)..<(64 + 80)])
        _ = exchange(&s, SMBClient.write([1, 2, 3], offset: 0, fileID: fid, mid: 5, session: sid, tree: tree))
        let events = Fixture.events(s.connectionClosed())
        XCTAssertEqual(events.map(\.kind), [.fileUpload])
        XCTAssertEqual(memory.files, [[1, 2, 3]])
    }

    func testUploadCapTruncates() {
        var s = session { $0.maxUploadBytes = 10 }
        let (sid, _) = login(&s, nt: Array(repeating: 1, count: 48))
        let tree = exchange(&s, SMBClient.treeConnect("\\\\h\\Public", mid: 3, session: sid)).replies[0].le32(36)
        let fid = Array(exchange(&s, SMBClient.create("a", mid: 4, session: sid, tree: tree)).replies[0][(64 + 64)..<(64 + 80)])
        _ = exchange(&s, SMBClient.write(Array(repeating: 9, count: 100), offset: 0, fileID: fid, mid: 5, session: sid, tree: tree))
        _ = exchange(&s, SMBClient.write([1], offset: 1 << 40, fileID: fid, mid: 6, session: sid, tree: tree))
        let e = exchange(&s, SMBClient.close(fileID: fid, mid: 7, session: sid, tree: tree)).events
        XCTAssertEqual(e.first?.size, 10)
        XCTAssertEqual(e.first?.message, "truncated at the upload cap")
    }

    func testSMB1NegotiateSessionSetupAndNativeOSForNmap() throws {
        var s = session()
        // nmap: NT LM 0.12 only, extended security, no Unicode.
        let n = exchange(&s, SMBClient.negotiate1(["NT LM 0.12"], flags2: 0x6841)).replies[0]
        XCTAssertEqual(Array(n.prefix(4)), SMB1Message.protocolID)
        XCTAssertEqual(n[32], 17, "17 parameter words")
        XCTAssertEqual(n.le16(33), 0, "dialect index of NT LM 0.12")
        XCTAssertEqual(n.le32(33 + 19) & 0x8000_0000, 0x8000_0000, "CAP_EXTENDED_SECURITY")
        let data = Array(n.dropFirst(32 + 1 + 34 + 2))
        XCTAssertEqual(Array(data.prefix(16)), Array(1...16))
        var w: [UInt8] = [0xff, 0, 0, 0]
        let token = SMBClient.ntlmNegotiate()
        w.appendLE16(4356); w.appendLE16(10); w.appendLE16(0); w.appendLE32(0); w.appendLE16(token.count); w.appendLE32(0); w.appendLE32(0x8000_0000)
        let r1 = exchange(&s, SMBClient.smb1(0x73, flags2: 0x6841, words: w, data: token + Array("Nmap\0Native Lanman\0".utf8))).replies[0]
        XCTAssertEqual(r1.le32(5), NTStatus.moreProcessingRequired)
        let uid = UInt16(r1.le16(28))
        let blobLen = r1.le16(33 + 6)
        let rdata = Array(r1.dropFirst(32 + 1 + 8 + 2))
        XCTAssertEqual(Array(rdata.prefix(8)), SPNEGO.ntlmsspSignature, "raw NTLMSSP answered raw")
        let strings = rdata.dropFirst(blobLen).split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        XCTAssertEqual(strings, ["Windows Server 2019 Standard 17763", "Windows Server 2019 Standard 6.3"])
        // Anonymous AUTHENTICATE.
        let auth = SMBClient.ntlmAuthenticate(user: "", domain: "", workstation: "", lm: [0], nt: [])
        var w2: [UInt8] = [0xff, 0, 0, 0]
        w2.appendLE16(4356); w2.appendLE16(10); w2.appendLE16(0); w2.appendLE32(0); w2.appendLE16(auth.count); w2.appendLE32(0); w2.appendLE32(0x8000_0000)
        let r2 = exchange(&s, SMBClient.smb1(0x73, flags2: 0x6841, uid: uid, mid: 3, words: w2, data: auth + [0, 0]))
        XCTAssertEqual(r2.replies[0].le32(5), 0)
        XCTAssertEqual(r2.events.first?.kind, .loginSuccess)
        XCTAssertEqual(r2.events.first?.message, "anonymous")
    }

    /// nmap smb-vuln-ms17-010: tree connect IPC$, then TRANSACTION PeekNamedPipe on FID 0.
    func ms17010(vulnerable: Bool) throws -> (status: UInt32, events: [Event]) {
        var s = session { $0.persona.ms17010Vulnerable = vulnerable }
        _ = exchange(&s, SMBClient.negotiate1(["NT LM 0.12"], flags2: 0x4001))
        var w: [UInt8] = [0xff, 0, 0, 0]
        w.appendLE16(4356); w.appendLE16(10); w.appendLE16(0); w.appendLE32(0); w.appendLE16(0); w.appendLE16(0); w.appendLE32(0); w.appendLE32(0)
        let ss = exchange(&s, SMBClient.smb1(0x73, flags2: 0x4001, words: w, data: Array("\0\0\0\0".utf8)))
        XCTAssertEqual(ss.replies[0].le32(5), 0, "null session")
        let uid = UInt16(ss.replies[0].le16(28))
        var tw: [UInt8] = [0xff, 0, 0, 0]
        tw.appendLE16(0x0008); tw.appendLE16(1)
        let tc = try XCTUnwrap(exchange(&s, SMBClient.smb1(0x75, flags2: 0x4001, uid: uid, words: tw, data: [0] + Array("\\\\127.0.0.1\\IPC$\0?????\0".utf8))).replies.first)
        XCTAssertEqual(tc.le32(5), 0)
        let tid = UInt16(tc.le16(24))
        let r = exchange(&s, SMBClient.transaction(0x25, setup: [0x23, 0], tid: tid, uid: uid))
        let reply = try XCTUnwrap(r.replies.first)
        XCTAssertEqual(reply[4], 0x25)
        return (reply.le32(5), r.events)
    }

    func testMS17010CheckAnsweredAsConfiguredAndAlwaysFlagged() throws {
        let vulnerable = try ms17010(vulnerable: true)
        XCTAssertEqual(vulnerable.status, 0xC000_0205)
        let e = try XCTUnwrap(vulnerable.events.first)
        XCTAssertEqual(e.kind, .smbExploit)
        XCTAssertEqual(e.attack?.cves, ["CVE-2017-0144"])
        XCTAssertEqual(e.attack?.categories, ["ms17-010-check"])
        let patched = try ms17010(vulnerable: false)
        XCTAssertEqual(patched.status, 0xC000_0008)
        XCTAssertEqual(patched.events.first?.attack?.cves, ["CVE-2017-0144"])
    }

    func testDoublePulsarPingAnsweredAsNotInfected() throws {
        var s = session()
        _ = exchange(&s, SMBClient.negotiate1(["NT LM 0.12"]))
        let r = exchange(&s, SMBClient.transaction(0x32, setup: [0x0e], timeout: 0x00ee_3401, tid: 2048, uid: 2048, mid: 65))
        XCTAssertEqual(r.replies[0].le32(5), NTStatus.notImplemented)
        XCTAssertEqual(r.replies[0].le16(30), 65, "multiplex id unchanged: no implant")
        let e = try XCTUnwrap(r.events.first)
        XCTAssertEqual(e.attack?.categories, ["doublepulsar"])
        XCTAssertEqual(e.message, "DoublePulsar ping (TRANSACTION2 SESSION_SETUP)")
    }

    func testSMBGhostCompressionProbeAndTransformHeader() throws {
        var s = session()
        let compression: [UInt8] = [1, 0, 0, 0, 0, 0, 0, 0, 1, 0]
        let r = exchange(&s, SMBClient.negotiate(dialects: [0x0311], contexts: [(1, [1, 0, 32, 0, 1, 0] + Array(repeating: 0, count: 32)), (3, compression)]))
        XCTAssertEqual(r.events.first?.attack?.cves, ["CVE-2020-0796"])
        XCTAssertEqual(r.events.first?.attack?.categories, ["smbghost-check"])
        XCTAssertEqual(r.replies[0].le16(64 + 6), 1, "Server 2019 does not answer compression")
        var transform: [UInt8] = [0xfc, 0x53, 0x4d, 0x42]
        transform.appendLE32(0xffff_ffff); transform += [1, 0, 0, 0]; transform.appendLE32(0x10)
        let g = exchange(&s, transform + Array(repeating: 0, count: 32))
        XCTAssertEqual(g.events.map(\.kind), [.smbExploit, .protocolError])
        XCTAssertEqual(g.events[0].attack?.categories, ["smbghost"])
        XCTAssertTrue(g.closed)
    }

    func testNetBIOSSessionRequestOn139() {
        var s = session()
        var req: [UInt8] = [0x81, 0, 0, 68, 32]
        req += Array("CKFDENECFDEFFCFGEFFCCACACACACACA".utf8) + [0, 32] + Array("CACACACACACACACACACACACACACACAAA".utf8) + [0]
        let out = s.receive(req)
        XCTAssertEqual(Fixture.sent(out), [0x82, 0, 0, 0])
        XCTAssertEqual(NetBIOSFrame.decodeName(Array(req.dropFirst(4))), "*SMBSERVER")
    }

    func testCompoundRequestGetsCompoundResponse() {
        var s = session()
        let (sid, _) = login(&s, nt: Array(repeating: 1, count: 48))
        let tree = exchange(&s, SMBClient.treeConnect("\\\\h\\C$", mid: 3, session: sid)).replies[0].le32(36)
        var create = SMBClient.create("x.txt", mid: 4, session: sid, tree: tree)
        while create.count % 8 != 0 { create.append(0) }
        let n = create.count
        create[20] = UInt8(n & 0xff); create[21] = UInt8(n >> 8)
        let close = SMBClient.close(fileID: Array(repeating: 0xff, count: 16), mid: 5, session: sid, tree: tree, related: true)
        let r = exchange(&s, create + close)
        XCTAssertEqual(r.replies.count, 1)
        let m = r.replies[0]
        let next = Int(m.le32(20))
        XCTAssertGreaterThan(next, 0)
        XCTAssertEqual(m.le16(next + 12), 6, "CLOSE response chained")
        XCTAssertEqual(m.le32(next + 8), 0, "related close found the created file")
    }

    // MARK: hostile input

    func testMalformedInputIsAnErrorEventAndClose() {
        let cases: [(String, [UInt8])] = [
            ("bad NetBIOS type", [0x42, 0, 0, 1, 0]),
            ("oversized frame", [0x00, 0xff, 0xff, 0xff]),
            ("not SMB", NetBIOSFrame.frame(Array("GET / HTTP/1.1\r\n\r\n".utf8))),
            ("truncated SMB2 header", NetBIOSFrame.frame(Array(SMBClient.negotiate(dialects: [0x0202]).prefix(40)))),
            ("truncated SMB1 header", NetBIOSFrame.frame(Array(SMBClient.negotiate1(["NT LM 0.12"]).prefix(20)))),
            ("negotiate with no dialects", NetBIOSFrame.frame(SMBClient.negotiate(dialects: []))),
            ("SMB2 before negotiate", NetBIOSFrame.frame(SMBClient.sessionSetup(SMBClient.ntlmNegotiate(), mid: 0))),
            ("unknown command", NetBIOSFrame.frame(SMBClient.smb2(0x99, mid: 0, body: [0, 0]))),
            ("SMB1 before negotiate", NetBIOSFrame.frame(SMBClient.transaction(0x25, setup: [0x23, 0], tid: 1, uid: 1))),
        ]
        for (name, bytes) in cases {
            var s = session { $0.maxMessageBytes = 1 << 20 }
            let out = s.receive(bytes)
            let events = Fixture.events(out)
            XCTAssertTrue(events.contains { $0.kind == .protocolError }, name)
            XCTAssertEqual(out.last, .close, name)
            XCTAssertTrue(s.receive(bytes).isEmpty, "closed sessions ignore input: \(name)")
        }
    }

    func testNegotiateContextOffsetsOutsideTheMessage() {
        var s = session()
        var m = SMBClient.negotiate(dialects: [0x0311], contexts: [(1, [1, 0, 32, 0, 1, 0] + Array(repeating: 0, count: 32))])
        m[64 + 28] = 0xf0; m[64 + 29] = 0xff  // NegotiateContextOffset far beyond the end
        let r = exchange(&s, m)
        XCTAssertTrue(r.closed)
        XCTAssertEqual(r.events.first?.kind, .protocolError)
    }

    func testSessionSetupBufferOffsetsOutsideTheMessage() {
        var s = session()
        _ = exchange(&s, SMBClient.negotiate(dialects: [0x0202]))
        var m = SMBClient.sessionSetup(SMBClient.ntlmNegotiate(), mid: 1)
        m[64 + 14] = 0xff; m[64 + 15] = 0x7f
        let r = exchange(&s, m)
        XCTAssertTrue(r.closed)
        var t = session()
        _ = exchange(&t, SMBClient.negotiate(dialects: [0x0202]))
        let r1 = exchange(&t, SMBClient.sessionSetup(SMBClient.ntlmNegotiate(), mid: 1)).replies[0]
        var auth = SMBClient.ntlmAuthenticate(user: "a", domain: "b", workstation: "c", lm: [], nt: Array(repeating: 1, count: 40))
        auth[24] = 0xff; auth[25] = 0xff; auth[26] = 0xff; auth[27] = 0x7f  // NT response offset
        let r2 = exchange(&t, SMBClient.sessionSetup(auth, mid: 2, session: r1.le64(40)))
        XCTAssertTrue(r2.closed)
        XCTAssertEqual(r2.events.map(\.kind), [.protocolError])
    }

    func testByteAtATimeAndRandomInputNeverTrap() {
        var s = session()
        var stream = NetBIOSFrame.frame(SMBClient.negotiate(dialects: [0x0202, 0x0311]))
        stream += NetBIOSFrame.frame(SMBClient.sessionSetup(SMBClient.ntlmNegotiate(), mid: 1))
        var replies = 0
        for b in stream { for o in s.receive([b]) { if case .send = o { replies += 1 } } }
        XCTAssertEqual(replies, 2)
        var g = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            var t = session()
            let n = Int.random(in: 0..<400, using: &g)
            var junk = (0..<n).map { _ in UInt8.random(in: 0...255, using: &g) }
            if Bool.random(using: &g) { junk = NetBIOSFrame.frame((Bool.random(using: &g) ? SMB2Header.protocolID : SMB1Message.protocolID) + junk) }
            _ = t.receive(junk)
            _ = t.connectionClosed()
        }
    }
}

extension SMBClient {
    static func close(fileID: [UInt8], mid: UInt64, session: UInt64, tree: UInt32, related: Bool) -> [UInt8] {
        var body: [UInt8] = [24, 0, 1, 0, 0, 0, 0, 0]
        body += fileID
        return smb2(6, mid: mid, session: session, tree: tree, flags: related ? SMB2Header.flagRelated : 0, body: body)
    }
}

