@testable import MitsuCore
import XCTest

/// JA3/JA4 against published values: FoxIO's worked example (technical_details/JA4.md) and a Chrome
/// ClientHello as browserleaks.com reports it (JA3 string and hash, JA4). The hellos are built here from
/// those lists; GREASE is sprinkled in the way Chrome does, and must not change anything.
final class TLSFingerprintTests: XCTestCase {
    struct Ext { var type: UInt16; var data: [UInt8] = [] }

    static func u16(_ v: UInt16) -> [UInt8] { [UInt8(v >> 8), UInt8(v & 0xff)] }
    static func list16(_ vs: [UInt16]) -> [UInt8] { u16(UInt16(vs.count * 2)) + vs.flatMap(u16) }

    static func hello(version: UInt16 = 0x0303, ciphers: [UInt16], extensions: [Ext], recordSplit: Int? = nil) -> [UInt8] {
        var body = u16(version) + [UInt8](repeating: 7, count: 32) + [32] + [UInt8](repeating: 9, count: 32)
        body += list16(ciphers) + [1, 0]
        let exts = extensions.flatMap { u16($0.type) + u16(UInt16($0.data.count)) + $0.data }
        body += u16(UInt16(exts.count)) + exts
        let handshake: [UInt8] = [1, 0, UInt8(body.count >> 8), UInt8(body.count & 0xff)] + body
        let chunks = recordSplit.map { [Array(handshake.prefix($0)), Array(handshake.dropFirst($0))] } ?? [handshake]
        return chunks.flatMap { [22, 3, 1] + u16(UInt16($0.count)) + $0 }
    }

    static func sni(_ host: String) -> Ext {
        let name = Array(host.utf8)
        return Ext(type: 0, data: u16(UInt16(name.count + 3)) + [0] + u16(UInt16(name.count)) + name)
    }
    static func alpn(_ protos: [String]) -> Ext {
        let list = protos.flatMap { [UInt8($0.utf8.count)] + Array($0.utf8) }
        return Ext(type: 0x10, data: u16(UInt16(list.count)) + list)
    }
    static func versions(_ vs: [UInt16]) -> Ext { Ext(type: 0x2b, data: [UInt8(vs.count * 2)] + vs.flatMap(u16)) }
    static let sigalgs: [UInt16] = [0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601]

    func parse(_ bytes: [UInt8]) throws -> TLSClientHello {
        guard case .hello(let h) = TLSClientHello.parse(bytes) else { throw XCTSkip("not parsed: \(TLSClientHello.parse(bytes))") }
        return h
    }

    func testFoxIOWorkedExample() throws {
        let ciphers: [UInt16] = [0x0a0a, 0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc013, 0xc014,
                                 0x009c, 0x009d, 0x002f, 0x0035]
        var exts: [Ext] = [Ext(type: 0x2a2a), Ext(type: 0x001b), Self.sni("example.com"), Ext(type: 0x0033), Self.alpn(["h2", "http/1.1"]),
                           Ext(type: 0x4469), Ext(type: 0x0017), Ext(type: 0x002d),
                           Ext(type: 0x000d, data: Self.list16(Self.sigalgs)), Ext(type: 0x0005), Ext(type: 0x0023), Ext(type: 0x0012),
                           Self.versions([0x5a5a, 0x0304, 0x0303]), Ext(type: 0xff01), Ext(type: 0x000b, data: [1, 0]),
                           Ext(type: 0x000a, data: Self.list16([0x3a3a, 0x001d, 0x0017, 0x0018])), Ext(type: 0x0015)]
        let h = try parse(Self.hello(ciphers: ciphers, extensions: exts))
        XCTAssertEqual(h.serverName, "example.com")
        XCTAssertEqual(TLSFingerprint(h).ja4, "t13d1516h2_8daaf6152771_e5627efa2ab1")
        let info = TLSInfo(h)
        XCTAssertEqual(info.version, "1.3")
        XCTAssertEqual(info.alpn, "h2")
        // Without signature algorithms the extension hash is over the sorted list alone (FoxIO: 6d807ffa2a79).
        exts[8] = Ext(type: 0x000d, data: Self.list16([]))
        XCTAssertEqual(TLSFingerprint(try parse(Self.hello(ciphers: ciphers, extensions: exts))).ja4, "t13d1516h2_8daaf6152771_6d807ffa2a79")
    }

    func testChromeAsBrowserleaksReportsIt() throws {
        let ciphers: [UInt16] = [0x1a1a, 4865, 4866, 4867, 49195, 49199, 49196, 49200, 52393, 52392, 49171, 49172, 156, 157, 47, 53]
        let exts: [Ext] = [Ext(type: 0xdada), Ext(type: 45), Ext(type: 51), Self.alpn(["h2", "http/1.1"]), Ext(type: 65037), Ext(type: 23),
                           Ext(type: 17613), Self.sni("tls.browserleaks.com"), Ext(type: 11, data: [1, 0]),
                           Ext(type: 10, data: Self.list16([0x4a4a, 4588, 29, 23, 24])), Self.versions([0x0304, 0x0303]),
                           Ext(type: 65281), Ext(type: 35), Ext(type: 18), Ext(type: 5), Ext(type: 13, data: Self.list16(Self.sigalgs)),
                           Ext(type: 27), Ext(type: 0xfafa)]
        // Split over two records, as a large hello may be.
        let fp = TLSFingerprint(try parse(Self.hello(ciphers: ciphers, extensions: exts, recordSplit: 100)))
        XCTAssertEqual(fp.ja3, "771,4865-4866-4867-49195-49199-49196-49200-52393-52392-49171-49172-156-157-47-53,"
                       + "45-51-16-65037-23-17613-0-11-10-43-65281-35-18-5-13-27,4588-29-23-24,0")
        XCTAssertEqual(fp.ja3Hash, "98487aa16281980e7d1120d399efb6a4")
        XCTAssertEqual(fp.ja4, "t13d1516h2_8daaf6152771_d8a2da3f94cd")
    }

    func testOldClientWithoutExtensions() throws {
        var bytes = Self.hello(version: 0x0300, ciphers: [0x000a, 0x0005], extensions: [])
        // An SSL 3.0 hello ends after the compression methods: drop the empty extensions block.
        bytes.removeLast(2)
        bytes[4] -= 2
        bytes[8] -= 2
        let h = try parse(bytes)
        let fp = TLSFingerprint(h)
        XCTAssertEqual(fp.ja3, "768,10-5,,,")
        XCTAssertEqual(fp.ja4, "ts3i020000_" + String(Digests.sha256(Array("0005,000a".utf8)).prefix(12)) + "_000000000000")
        XCTAssertEqual(TLSInfo(h).version, "ssl3")
    }

    func testNonAlphanumericALPNUsesHex() {
        XCTAssertEqual(TLSFingerprint.alpnCode(Array("http/1.1".utf8)), "h1")
        XCTAssertEqual(TLSFingerprint.alpnCode([0xab, 0x01, 0xcd]), "ad")
        XCTAssertEqual(TLSFingerprint.alpnCode(nil), "00")
    }

    func testTruncatedAndHostileInput() {
        let full = Self.hello(ciphers: [0x1301], extensions: [Self.sni("a.b")])
        for n in 0..<full.count {
            let r = TLSClientHello.parse(Array(full.prefix(n)))
            XCTAssertEqual(r, .needMore, "prefix \(n)")
        }
        XCTAssertEqual(TLSClientHello.parse(Array("GET / HTTP/1.1\r\n".utf8)), .invalid("not a TLS handshake record"))
        // An extension claiming more bytes than the hello holds.
        var broken = full
        broken[broken.count - 9] = 0xff
        if case .invalid = TLSClientHello.parse(broken) {} else { XCTFail("broken length accepted") }
        // A handshake length far beyond the cap is refused at once, not waited for.
        XCTAssertEqual(TLSClientHello.parse([22, 3, 1, 0, 4, 1, 0xff, 0xff, 0xff]), .invalid("ClientHello length 16777215"))
        // Endless small records never make a hello: bounded by maxBytes.
        let records = [UInt8](repeating: 0, count: 0) + (0..<5000).flatMap { _ in [22, 3, 1, 0, 1, 1] as [UInt8] }
        if case .hello = TLSClientHello.parse(records) { XCTFail() }
    }
}
