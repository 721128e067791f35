import XCTest
import MitsuCore
@testable import MitsuServices

// SMBSessionTests continued: port 139, SMB1 transactions (EternalBlue, ordinary ones), SMBv1 off, SMB1 uploads.

extension SMBSessionTests {
    func testPort139WantsASessionRequestFirst() {
        var s = session { $0.requireSessionRequest = true }
        let out = s.receive(NetBIOSFrame.frame(SMBClient.negotiate1(["NT LM 0.12"])))
        XCTAssertEqual(Fixture.sent(out), [0x83, 0, 0, 1, 0x8f], "Windows' negative session response")
        XCTAssertEqual(out.last, .close)
        var t = session { $0.requireSessionRequest = true }
        var req: [UInt8] = [0x81, 0, 0, 68, 32]
        req += Array("CKFDENECFDEFFCFGEFFCCACACACACACA".utf8) + [0, 32] + Array("CACACACACACACACACACACACACACACAAA".utf8) + [0]
        XCTAssertEqual(Fixture.sent(t.receive(req)), [0x82, 0, 0, 0])
        let reply = Array(Fixture.sent(t.receive(NetBIOSFrame.frame(SMBClient.negotiate1(["NT LM 0.12"], flags2: 0x4001)))).dropFirst(4))
        XCTAssertEqual(Array(reply.prefix(4)), SMB1Message.protocolID)
        XCTAssertEqual(reply[9], 0x88)
        XCTAssertEqual(reply.le16(10), 0x4001)
    }
}

extension SMBSessionTests {
    /// EternalBlue's first move: NT_TRANSACT announcing a huge FEA list, then TRANSACTION2_SECONDARY
    /// packets that are never answered. One event per session, an interim response so it goes on.
    func testEternalBlueNTTransactAndSecondariesFlaggedOnce() throws {
        var s = session()
        _ = exchange(&s, SMBClient.negotiate1(["NT LM 0.12"], flags2: 0x4001))
        var w: [UInt8] = [0x01, 0, 0]  // MaxSetupCount, Reserved
        w.appendLE32(30); w.appendLE32(66512)  // TotalParameterCount, TotalDataCount (the exploit's 0x103d0)
        w.appendLE32(30); w.appendLE32(0); w.appendLE32(30); w.appendLE32(0x4c); w.appendLE32(976); w.appendLE32(0x6a)
        w.append(1); w.appendLE16(0); w.appendLE16(0)  // SetupCount 1, Function 0, Setup[0]
        let nt = exchange(&s, SMBClient.smb1(0xa0, flags2: 0x4001, tid: 2048, uid: 2048, mid: 64, words: w, data: Array(repeating: 0, count: 1000)))
        XCTAssertEqual(nt.replies.count, 1)
        XCTAssertEqual(nt.replies[0].le32(5), 0, "interim response")
        let e = try XCTUnwrap(nt.events.first)
        XCTAssertEqual(e.attack?.categories, ["eternalblue"])
        XCTAssertEqual(e.attack?.cves, ["CVE-2017-0144"])
        var sw: [UInt8] = []
        for v in [30, 66512, 0, 0, 0, 4096, 0x35, 1000] { sw.appendLE16(v) }
        sw.appendLE16(0xffff)
        for _ in 0..<3 {
            let sec = exchange(&s, SMBClient.smb1(0x33, flags2: 0x4001, tid: 2048, uid: 2048, mid: 64, words: sw, data: Array(repeating: 0x41, count: 4096)))
            XCTAssertTrue(sec.replies.isEmpty, "secondaries are not answered")
            XCTAssertTrue(sec.events.isEmpty, "flagged once per session")
            XCTAssertFalse(sec.closed)
        }
    }

    func testOrdinaryTransactionsAreNotFlagged() {
        var s = session()
        _ = exchange(&s, SMBClient.negotiate1(["NT LM 0.12"], flags2: 0x4001))
        let r = exchange(&s, SMBClient.transaction(0x25, setup: [0x26, 0x4000], tid: 2048, uid: 2048))  // TransactNmPipe
        XCTAssertEqual(r.replies[0].le32(5), NTStatus.notSupported)
        XCTAssertTrue(r.events.isEmpty)
        let t2 = exchange(&s, SMBClient.transaction(0x32, setup: [0x01], tid: 2048, uid: 2048))  // FIND_FIRST2
        XCTAssertTrue(t2.events.isEmpty)
    }

    func testSMB1WithSMBv1OffIsDropped() {
        var s = session { $0.persona.smb1 = false }
        let r = exchange(&s, SMBClient.negotiate1(["NT LM 0.12"]))
        XCTAssertTrue(r.replies.isEmpty)
        XCTAssertTrue(r.closed)
        var t = session { $0.persona.smb1 = false }
        XCTAssertEqual(exchange(&t, SMBClient.negotiate1(["NT LM 0.12", "SMB 2.???"])).replies[0].le16(64 + 4), 0x02ff)
    }
}

extension SMBSessionTests {
    /// SMB1 NT_CREATE_ANDX + WRITE_ANDX + CLOSE (what SMB1-era worms and impacket's SMB1 putFile send).
    func testSMB1UploadAndAWriteOffsetOutsideTheMessage() throws {
        var s = session()
        _ = exchange(&s, SMBClient.negotiate1(["NT LM 0.12"], flags2: 0x4001))
        var sw: [UInt8] = [0xff, 0, 0, 0]
        sw.appendLE16(4356); sw.appendLE16(10); sw.appendLE16(0); sw.appendLE32(0); sw.appendLE16(0); sw.appendLE16(24); sw.appendLE32(0); sw.appendLE32(0)
        let ss = exchange(&s, SMBClient.smb1(0x73, flags2: 0x4001, words: sw, data: Array(repeating: 0, count: 24) + Array("bob\0WG\0Unix\0Samba\0".utf8)))
        XCTAssertEqual(ss.events.first?.hashType, "netntlmv1")
        let uid = UInt16(ss.replies[0].le16(28))
        var tw: [UInt8] = [0xff, 0, 0, 0]
        tw.appendLE16(0); tw.appendLE16(1)
        let tid = UInt16(exchange(&s, SMBClient.smb1(0x75, flags2: 0x4001, uid: uid, words: tw, data: [0] + Array("\\\\h\\C$\0?????\0".utf8))).replies[0].le16(24))
        var cw: [UInt8] = [0xff, 0, 0, 0, 0]
        cw.appendLE16(7); cw.appendLE32(0x16); cw.appendLE32(0); cw.appendLE32(0x2019f); cw.appendLE64(0); cw.appendLE32(0x80)
        cw.appendLE32(1); cw.appendLE32(5); cw.appendLE32(0x40); cw.appendLE32(2); cw.append(0)
        let cr = exchange(&s, SMBClient.smb1(0xa2, flags2: 0x4001, tid: tid, uid: uid, words: cw, data: Array("x\\a.exe\0".utf8))).replies[0]
        XCTAssertEqual(cr.le32(5), 0)
        XCTAssertEqual(cr[32], 34, "34 parameter words")
        let fid = UInt16(cr.le16(33 + 5))
        func write(_ data: [UInt8], offset: Int, dataOffset: Int? = nil) -> [UInt8] {
            var w: [UInt8] = [0xff, 0, 0, 0]
            w.appendLE16(Int(fid)); w.appendLE32(offset); w.appendLE32(0); w.appendLE16(8); w.appendLE16(data.count)
            w.appendLE16(0); w.appendLE16(data.count); w.appendLE16(dataOffset ?? (32 + 1 + 28 + 2)); w.appendLE32(0)
            return SMBClient.smb1(0x2f, flags2: 0x4001, tid: tid, uid: uid, words: w, data: data)
        }
        XCTAssertEqual(exchange(&s, write([1, 2, 3], offset: 0)).replies[0].le16(33 + 4), 3, "Count")
        _ = exchange(&s, write([4, 5], offset: 3))
        var cl: [UInt8] = []
        cl.appendLE16(Int(fid)); cl.appendLE32(0)
        let closed = exchange(&s, SMBClient.smb1(0x04, flags2: 0x4001, tid: tid, uid: uid, words: cl, data: []))
        XCTAssertEqual(closed.events.first?.kind, .fileUpload)
        XCTAssertEqual(closed.events.first?.filename, "C$\\x\\a.exe")
        XCTAssertEqual(memory.files, [[1, 2, 3, 4, 5]])
        // A DataOffset beyond the message ends the session.
        let bad = exchange(&s, write([9], offset: 0, dataOffset: 0xfff0))
        XCTAssertTrue(bad.closed)
        XCTAssertEqual(bad.events.map(\.kind), [.protocolError])
    }
}

extension SMBSessionTests {
    /// A null session reaches IPC$ only, as on Windows; disk shares answer ACCESS_DENIED.
    func testAnonymousSessionsGetIPCOnly() {
        var s = session()
        _ = exchange(&s, SMBClient.negotiate(dialects: [0x0302]))
        let r1 = exchange(&s, SMBClient.sessionSetup(SMBClient.ntlmNegotiate(), mid: 1)).replies[0]
        let sid = r1.le64(40)
        let auth = SMBClient.ntlmAuthenticate(user: "", domain: "", workstation: "", lm: [0], nt: [])
        let r2 = exchange(&s, SMBClient.sessionSetup(auth, mid: 2, session: sid))
        XCTAssertEqual(r2.replies[0].le32(8), 0)
        XCTAssertEqual(r2.replies[0].le16(64 + 2), 0x2, "null session flag")
        XCTAssertEqual(exchange(&s, SMBClient.treeConnect("\\\\h\\IPC$", mid: 3, session: sid)).replies[0].le32(8), 0)
        XCTAssertEqual(exchange(&s, SMBClient.treeConnect("\\\\h\\C$", mid: 4, session: sid)).replies[0].le32(8), NTStatus.accessDenied)
    }
}
