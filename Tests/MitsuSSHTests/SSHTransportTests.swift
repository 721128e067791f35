import XCTest
import MitsuCore
@testable import MitsuSSH

final class SSHTransportTests: XCTestCase {
    static let keys: HostKeySet = {
        let dir = NSTemporaryDirectory() + "mitsu-ssh-keys-\(getpid())"
        return try! HostKeySet.loadOrCreate(directory: dir)
    }()

    func connection(persona: SSHPersona = SSHPersona.openSSH92Debian.implemented(), acceptAfter: Int = 0) -> SSHServerConnection {
        let ctx = SSHServerContext(
            persona: persona, hostKeys: Self.keys,
            policy: LoginPolicy(rules: [LoginPolicy.rule("root:secret")!], acceptAfter: acceptAfter), hostname: "web01",
            shell: MinimalShell(hostname: "web01"))
        return SSHServerConnection(context: ctx, session: .random(),
                                   endpoints: Endpoints(srcIP: "198.51.100.7", srcPort: 5555, destIP: "192.0.2.1", destPort: 22))
    }

    func sent(_ outputs: [SSHOutput]) -> [UInt8] {
        outputs.reduce(into: []) { acc, o in if case .send(let b) = o { acc += b } }
    }

    func testBannerIsDebianOpenSSH() {
        XCTAssertEqual(sent(connection().start()), Array("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10\r\n".utf8))
    }

    /// sshd's answers to the probes of detect-kippo-cowrie, Metasploit's detect_kippo and nuclei,
    /// as read off Debian's sshd 9.2p1.
    func testReplyToNonSSHIdentification() {
        let c = connection()
        let out = c.receive(Array("GET / HTTP/1.0\r\n\r\n".utf8))
        XCTAssertEqual(sent(out), Array("Invalid SSH identification string.".utf8))
        XCTAssertTrue(out.contains { if case .close = $0 { return true } else { return false } })
    }

    func testReplyToWrongProtocolMajor() {
        for banner in ["SSH-1.5-Foo\r\n", "SSH-3.0-Foo\r\n"] {
            let out = connection().receive(Array(banner.utf8))
            XCTAssertEqual(sent(out), Array("Protocol major versions differ.\r\n".utf8), banner)
        }
    }

    /// Dropbear 2022.83 as read off Debian's dropbear on loopback: banner and KEXINIT (532 bytes, 11 of
    /// them random padding) before the client says anything; a bad or SSH-1 identification line is met
    /// with a close and not a word.
    func testDropbearPersonaSendsKexInitWithBannerAndClosesQuietly() throws {
        let c = connection(persona: SSHPersona.dropbear202283)
        let first = sent(c.start())
        let banner = Array("SSH-2.0-dropbear_2022.83\r\n".utf8)
        XCTAssertEqual(Array(first.prefix(banner.count)), banner)
        let packet = Array(first.dropFirst(banner.count))
        XCTAssertEqual(Array(packet.prefix(5)), [0, 0, 0x02, 0x14, 11])
        XCTAssertEqual(packet.count, 536)
        XCTAssertEqual(packet[5], 20, "SSH_MSG_KEXINIT")
        XCTAssertNotEqual(Array(packet.suffix(11)), [UInt8](repeating: 0, count: 11), "Dropbear's padding is random")
        // The client's identification line does not bring a second KEXINIT.
        XCTAssertEqual(sent(c.receive(Array("SSH-2.0-OpenSSH_9.2p1\r\n".utf8))), [])
        for line in ["GET / HTTP/1.0\r\n\r\n", "SSH-1.5-Foo\r\n"] {
            let d = connection(persona: SSHPersona.dropbear202283)
            _ = d.start()
            let out = d.receive(Array(line.utf8))
            XCTAssertEqual(sent(out), [], line)
            XCTAssertTrue(out.contains { if case .close = $0 { return true } else { return false } }, line)
        }
    }

    func testBadPacketLengthClosesSilently() {
        let c = connection()
        _ = c.receive(Array("SSH-2.0-Foo\r\n".utf8))
        let out = c.receive([0x7F, 0xFF, 0xFF, 0xFF] + [UInt8](repeating: 0, count: 20))
        XCTAssertEqual(sent(out), [], "sshd says nothing on a bad packet length")
        XCTAssertTrue(out.contains { if case .close = $0 { return true } else { return false } })
    }

    func testKexInitLayoutMatchesOpenSSH() throws {
        let c = connection(persona: SSHPersona.openSSH92Debian)
        let out = c.receive(Array("SSH-2.0-OpenSSH_9.2p1\r\n".utf8))
        let packet = sent(out)
        // Unencrypted packet: length 1132, padding 11, as captured from Debian's sshd.
        XCTAssertEqual(Array(packet.prefix(5)), [0, 0, 0x04, 0x6C, 11])
        XCTAssertEqual(packet.count, 1136)
        XCTAssertEqual(Array(packet.suffix(16)), [UInt8](repeating: 0, count: 16), "lists end, first_kex_follows, reserved and zero padding")
        let kex = try XCTUnwrap(KexInit.parse(Array(packet[5..<(packet.count - 11)])))
        XCTAssertEqual(kex.kex.first, "sntrup761x25519-sha512")
        XCTAssertEqual(kex.kex.last, "kex-strict-s-v00@openssh.com")
        XCTAssertEqual(kex.hostKey, ["rsa-sha2-512", "rsa-sha2-256", "ecdsa-sha2-nistp256", "ssh-ed25519"])
        XCTAssertEqual(kex.compressionClientToServer, ["none", "zlib@openssh.com"])
    }

    /// The KEXINIT and EXT_INFO encoded once per persona are byte for byte what encoding them per
    /// connection gave, for either persona, and follow a persona changed after the context was made.
    func testAnnouncementsAreThePersonasOwnBytes() throws {
        for persona in [SSHPersona.openSSH92Debian, SSHPersona.dropbear202283] {
            let a = ServerAnnouncements(persona)
            let cookie = (0..<16).map { UInt8($0 * 7) }
            let direct = KexInit(cookie: cookie, kex: persona.kex, hostKey: persona.hostKeys, ciphers: persona.ciphers,
                                 macs: persona.macs, compression: persona.compression)
            XCTAssertEqual(a.kexInitPayload(cookie: cookie), direct.payload())
            var parsed = try XCTUnwrap(KexInit.parse(a.kexInitPayload(cookie: cookie)))
            XCTAssertEqual(parsed.cookie, cookie)
            parsed.cookie = a.kexInit.cookie
            XCTAssertEqual(parsed, a.kexInit, "negotiation reads the same lists that go on the wire")
            XCTAssertEqual(a.bannerLine, Array((persona.banner + "\r\n").utf8))
            var r = SSHReader(a.extInfo)
            XCTAssertEqual(r.readByte(), SSHMessage.extInfo)
            XCTAssertEqual(r.readUInt32(), 2)
            XCTAssertEqual(r.readUTF8(), "server-sig-algs")
            XCTAssertEqual(r.readUTF8(), persona.serverSigAlgs.joined(separator: ","))
            XCTAssertEqual(r.readUTF8(), "publickey-hostbound@openssh.com")
            XCTAssertEqual(r.readUTF8(), "0")
            XCTAssertTrue(r.isAtEnd)
        }
        var ctx = SSHServerContext(persona: .openSSH92Debian, hostKeys: Self.keys, policy: LoginPolicy(rules: [], acceptAfter: 0),
                                   hostname: "h", shell: MinimalShell(hostname: "h"))
        ctx.persona.banner = "SSH-2.0-OpenSSH_8.4p1 Debian-5"
        XCTAssertEqual(ctx.announcements.bannerLine, Array("SSH-2.0-OpenSSH_8.4p1 Debian-5\r\n".utf8))
        XCTAssertEqual(SSHServerConnection(context: ctx, session: .random(), endpoints: Endpoints(srcIP: "198.51.100.7", srcPort: 1, destIP: "192.0.2.1", destPort: 22)).start(),
                       [.send(Array("SSH-2.0-OpenSSH_8.4p1 Debian-5\r\n".utf8))])
    }

    /// Two connections' KEXINITs differ only in their cookies.
    func testEachKexInitHasItsOwnCookie() {
        let first = sent(connection().receive(Array("SSH-2.0-OpenSSH_9.2p1\r\n".utf8)))
        let second = sent(connection().receive(Array("SSH-2.0-OpenSSH_9.2p1\r\n".utf8)))
        XCTAssertEqual(first.count, second.count)
        // Unencrypted packet: 4 bytes length, 1 padding length, message number, then the cookie.
        XCTAssertNotEqual(first[6..<22], second[6..<22])
        XCTAssertEqual(first[22...].dropLast(11), second[22...].dropLast(11))
    }

    func testClientFingerprintEvents() {
        let c = connection()
        var out = c.receive(Array("SSH-2.0-libssh_0.9.6\r\n".utf8))
        let client = KexInit(cookie: [UInt8](repeating: 1, count: 16), kex: ["curve25519-sha256", "ext-info-c"], hostKey: ["ssh-ed25519"],
                             ciphers: ["aes128-ctr"], macs: ["hmac-sha2-256"], compression: ["none"])
        var plain = PlaintextProtection()
        out += c.receive(plain.seal(client.payload(), sequence: 0))
        let events = out.compactMap { if case .event(let e) = $0 { return e } else { return nil } }
        XCTAssertEqual(events.map(\.kind), [.sshClientVersion, .sshClientKex])
        XCTAssertEqual(events[0].clientVersion, "SSH-2.0-libssh_0.9.6")
        XCTAssertEqual(events[1].hasshAlgorithms, "curve25519-sha256,ext-info-c;aes128-ctr;hmac-sha2-256;none")
        XCTAssertEqual(events[1].hassh, Digests.md5(Array("curve25519-sha256,ext-info-c;aes128-ctr;hmac-sha2-256;none".utf8)))
    }

    func testStrictKexRejectsAnythingBeforeNewKeys() {
        let c = connection()
        _ = c.receive(Array("SSH-2.0-Foo\r\n".utf8))
        let client = KexInit(cookie: [UInt8](repeating: 1, count: 16), kex: ["curve25519-sha256", "kex-strict-c-v00@openssh.com"],
                             hostKey: ["ssh-ed25519"], ciphers: ["aes128-ctr"], macs: ["hmac-sha2-256"], compression: ["none"])
        var plain = PlaintextProtection()
        _ = c.receive(plain.seal(client.payload(), sequence: 0))
        let out = c.receive(plain.seal([SSHMessage.ignore, 0, 0, 0, 0], sequence: 1))
        XCTAssertTrue(c.isClosed, "an IGNORE during the initial strict kex is fatal (Terrapin)")
        XCTAssertTrue(out.contains { if case .close = $0 { return true } else { return false } })
    }

    func testNoCommonAlgorithmDisconnects() {
        let c = connection()
        _ = c.receive(Array("SSH-2.0-Foo\r\n".utf8))
        let client = KexInit(cookie: [UInt8](repeating: 1, count: 16), kex: ["diffie-hellman-group-exchange-sha1"], hostKey: ["ssh-dss"],
                             ciphers: ["3des-cbc"], macs: ["hmac-md5"], compression: ["none"])
        var plain = PlaintextProtection()
        let out = c.receive(plain.seal(client.payload(), sequence: 0))
        XCTAssertTrue(c.isClosed)
        XCTAssertTrue(out.contains { if case .event(let e) = $0 { return e.kind == .protocolError } else { return false } })
    }

    func testMalformedPacketsNeverTrap() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let c = connection()
            _ = c.receive(Array("SSH-2.0-Fuzz\r\n".utf8))
            let junk = (0..<Int.random(in: 0...300, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            _ = c.receive(junk)
            var plain = PlaintextProtection()
            _ = c.receive(plain.seal([SSHMessage.kexInit] + junk, sequence: 0))
        }
    }
}

final class SSHPrimitiveTests: XCTestCase {
    func testMPIntEncoding() {
        var w = SSHWriter()
        w.mpint(unsigned: [0x00, 0x00, 0x80, 0x01])
        w.mpint(unsigned: [0x7F])
        w.mpint(unsigned: [])
        // RFC 4251 §5 examples: 0x80 gets a leading zero, zero is the empty string.
        XCTAssertEqual(w.bytes, [0, 0, 0, 3, 0, 0x80, 0x01, 0, 0, 0, 1, 0x7F, 0, 0, 0, 0])
    }

    func testReaderRejectsLengthsBeyondTheData() {
        var r = SSHReader([0, 0, 0, 9, 1, 2])
        XCTAssertNil(r.readString())
        XCTAssertEqual(r.offset, 0)
        var r2 = SSHReader([0xFF, 0xFF, 0xFF, 0xFF])
        XCTAssertNil(r2.readNameList())
    }

    /// RFC 4253 §7.2 with fixed inputs, checked against an independent computation (Python hashlib).
    func testKeyDerivation() {
        let k: [UInt8] = [0, 0, 0, 1, 0x2A]
        let h = [UInt8](repeating: 0x11, count: 32)
        let sid = [UInt8](repeating: 0x22, count: 32)
        let key = KeyDerivation.derive(letter: "C", length: 48, sharedSecret: k, exchangeHash: h, sessionID: sid, hash: .sha256)
        // hashlib: k1 = sha256(K‖H‖"C"‖sid), k2 = sha256(K‖H‖k1), key = (k1‖k2)[:48]
        XCTAssertEqual(Digests.hex(key), "9690bb2a46e06cd8d33c5f7b3a8c92962dd7c76f9e430dfd465b4b3c2d2f3d5c59563a7664236051b23a7f461cffe295")
    }

    /// RFC 2202 / RFC 4231 test case 2 (key "Jefe", "what do ya want for nothing?"). The MAC input starts
    /// with the packet's sequence number, so "what" goes in as the sequence and the rest as the packet.
    /// Each MAC runs twice: the keyed state kept per direction must not be used up by a packet.
    func testHMACKnownAnswers() {
        let vectors = [
            ("hmac-md5", "750c783e6ab0b503eaa86e310a5db738"),
            ("hmac-md5-96", "750c783e6ab0b503eaa86e31"),
            ("hmac-sha1", "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"),
            ("hmac-sha1-96", "effcdf6ae5eb2fa2d27416d5"),
            ("hmac-sha2-256", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
            ("hmac-sha2-512", "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"),
        ]
        let packet = Array(" do ya want for nothing?".utf8)
        for (name, expected) in vectors {
            guard let mac = MACAlgorithm.named(name)?.keyed(Array("Jefe".utf8)) else { return XCTFail(name) }
            for _ in 0..<2 {
                XCTAssertEqual(CryptoHex.string(mac.tag(sequence: 0x7768_6174, data: packet[...])), expected, name)
            }
            XCTAssertNotEqual(CryptoHex.string(mac.tag(sequence: 0x7768_6175, data: packet[...])), expected, name)
        }
    }

    func testPacketProtectionsRoundTrip() {
        let payload = Array("hello, world: a payload that spans blocks".utf8)
        let key16 = [UInt8](repeating: 7, count: 16), key32 = [UInt8](repeating: 9, count: 32)
        let iv16 = [UInt8](repeating: 3, count: 16), iv12 = [UInt8](repeating: 4, count: 12)
        func roundTrip(_ make: () -> (any InboundPacketProtection, any OutboundPacketProtection), _ name: String) {
            var (inbound, outbound) = make()
            for seq in UInt32(0)..<3 {
                let wire = outbound.seal(payload + [UInt8(seq)], sequence: seq)
                var open = inbound
                let total = try? open.wireLength(prefix: wire[0..<open.lengthPrefixBytes], sequence: seq)
                XCTAssertEqual(total, wire.count, name)
                XCTAssertEqual(try? open.open(wire[...], sequence: seq), payload + [UInt8(seq)], name)
                inbound = open
                var tampered = wire
                tampered[tampered.count - 1] ^= 1
                var bad = inbound
                if (try? bad.wireLength(prefix: tampered[0..<bad.lengthPrefixBytes], sequence: seq + 1)) != nil {
                    XCTAssertThrowsError(try bad.open(tampered[...], sequence: seq + 1), name)
                }
            }
        }
        for mac in MACAlgorithm.supportedNames {
            guard let m = MACAlgorithm.named(mac) else { return XCTFail(mac) }
            let mk = [UInt8](repeating: 5, count: m.keyLength)
            roundTrip({ (BlockCipherProtection.ctr(key: key16, iv: iv16, mac: m, macKey: mk), BlockCipherProtection.ctr(key: key16, iv: iv16, mac: m, macKey: mk)) }, mac)
            roundTrip({ (BlockCipherProtection.cbc(key: key16, iv: iv16, mac: m, macKey: mk), BlockCipherProtection.cbc(key: key16, iv: iv16, mac: m, macKey: mk)) }, mac + " cbc")
            let key24 = [UInt8](repeating: 3, count: 24), iv8 = [UInt8](repeating: 4, count: 8)
            roundTrip({ (BlockCipherProtection(mode: TripleDESCBCMode(key: key24, iv: iv8), mac: m, macKey: mk),
                         BlockCipherProtection(mode: TripleDESCBCMode(key: key24, iv: iv8), mac: m, macKey: mk)) }, mac + " 3des-cbc")
        }
        roundTrip({ (AESGCMProtection(key: key32, iv: iv12), AESGCMProtection(key: key32, iv: iv12)) }, "gcm")
    }
}

final class LoginPolicyTests: XCTestCase {
    func testRulesFirstMatchWins() {
        let p = LoginPolicy(rules: ["root:!root", "root:*", "*:!/honeypot/i", "admin:/^adm.n$/"].compactMap(LoginPolicy.rule), acceptAfter: 0)
        XCTAssertFalse(p.allows(ip: "a", user: "root", password: "root"))
        XCTAssertTrue(p.allows(ip: "a", user: "root", password: "x"))
        XCTAssertFalse(p.allows(ip: "a", user: "bob", password: "HoneyPot1"))
        XCTAssertTrue(p.allows(ip: "a", user: "admin", password: "admin"))
        XCTAssertFalse(p.allows(ip: "a", user: "admin", password: "administrator"))
    }

    func testAcceptAfterNDistinctAttemptsThenKeepsThePair() {
        let p = LoginPolicy(rules: [], acceptAfter: 3)
        XCTAssertFalse(p.allows(ip: "1", user: "u", password: "a"))
        XCTAssertFalse(p.allows(ip: "1", user: "u", password: "a"), "a repeat is not a new attempt")
        XCTAssertFalse(p.allows(ip: "1", user: "u", password: "b"))
        XCTAssertTrue(p.allows(ip: "1", user: "u", password: "c"))
        XCTAssertTrue(p.allows(ip: "1", user: "u", password: "c"), "the granted pair stays valid")
        XCTAssertFalse(p.allows(ip: "1", user: "u", password: "d"), "others do not")
        XCTAssertFalse(p.allows(ip: "2", user: "u", password: "c"), "per address")
    }

    func testDefaultPolicyLetsCommonPairsInAndRefusesProbes() {
        var c = SSHConfig()
        c.acceptAfter = 4
        let p = c.loginPolicy()
        XCTAssertTrue(p.allows(ip: "x", user: "root", password: "123456"))
        XCTAssertTrue(p.allows(ip: "x", user: "pi", password: "raspberry"))
        XCTAssertFalse(p.allows(ip: "y", user: "root", password: "honeypot"))
        XCTAssertFalse(p.allows(ip: "z", user: "root", password: "Xk9#q2LmP0"))
    }
}

final class StartupGateTests: XCTestCase {
    func testMaxStartups10_30_100() {
        let g = StartupGate()
        for _ in 0..<10 { XCTAssertTrue(g.admit(roll: 0), "the first 10 unauthenticated connections always pass") }
        XCTAssertFalse(g.admit(roll: 29), "at 10 pending, 30 % are dropped")
        XCTAssertTrue(g.admit(roll: 30))
        for _ in 0..<89 { _ = g.admit(roll: 99) }
        XCTAssertEqual(g.pending, 100)
        XCTAssertFalse(g.admit(roll: 99), "at 100 pending, every new one is dropped")
        g.release()
        XCTAssertEqual(g.pending, 99)
        XCTAssertTrue(g.admit(roll: 99))
        XCTAssertEqual(g.droppedTotal, 2, "every drop is counted for /metrics")
    }

    func testRollIsUniformOverAHundred() {
        let rolls = (0..<5000).map { _ in StartupGate.roll() }
        XCTAssertEqual(rolls.min(), 0)
        XCTAssertEqual(rolls.max(), 99)
        XCTAssertGreaterThan(Set(rolls).count, 95)
    }
}
