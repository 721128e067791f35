import XCTest
@testable import MitsuFetch

/// The FTP client's reply parser against well-formed, split, malformed, truncated and oversized input.
final class FTPReplyParserTests: XCTestCase {
    func testSingleAndMultiLineRepliesSplitAcrossChunks() throws {
        var p = FTPReplyParser()
        XCTAssertEqual(try p.feed(Array("220 (vsFTPd 3.0.3)\r\n230-Welcome\r".utf8)), [FTPReply(code: 220, lines: ["(vsFTPd 3.0.3)"])])
        XCTAssertEqual(try p.feed(Array("\n 230 is not the end\r\n230-neither\r\n2".utf8)), [])
        XCTAssertEqual(try p.feed(Array("30 Login successful.\r\n200 x\n".utf8)), [
            FTPReply(code: 230, lines: ["Welcome", " 230 is not the end", "230-neither", "Login successful."]),
            FTPReply(code: 200, lines: ["x"]),
        ])
    }

    func testMalformedRepliesAreErrors() {
        for bad in ["hello\r\n", "22\r\n", "620 nope\r\n", "220x\r\n", "\r\n", "02 0\r\n"] {
            var p = FTPReplyParser()
            XCTAssertThrowsError(try p.feed(Array(bad.utf8)), bad)
        }
        var bare = FTPReplyParser()
        XCTAssertEqual(try bare.feed(Array("220\r\n".utf8)), [FTPReply(code: 220, lines: [""])])
    }

    func testOversizedLineAndEndlessMultiLineReplyAreRefused() {
        var p = FTPReplyParser()
        XCTAssertThrowsError(try p.feed(Array(repeating: 0x41, count: 5_000))) { XCTAssertEqual($0 as? FTPReplyParser.Failure, .tooLong) }
        var q = FTPReplyParser()
        XCTAssertThrowsError(try q.feed(Array(("220-x\r\n" + String(repeating: "more\r\n", count: 300)).utf8))) {
            XCTAssertEqual($0 as? FTPReplyParser.Failure, .tooLong)
        }
        var truncated = FTPReplyParser()
        XCTAssertEqual(try truncated.feed(Array("220 no line end".utf8)), [])
    }

    func testPassiveReplies() {
        XCTAssertTrue(FTPPassive.pasv(FTPReply(code: 227, lines: ["Entering Passive Mode (127,0,0,1,195,80)."]))! == ("127.0.0.1", 50_000))
        XCTAssertTrue(FTPPassive.pasv(FTPReply(code: 227, lines: ["=10,1,2,3,0,21"]))! == ("10.1.2.3", 21))
        XCTAssertNil(FTPPassive.pasv(FTPReply(code: 227, lines: ["Entering Passive Mode (256,0,0,1,1,1)"])))
        XCTAssertNil(FTPPassive.pasv(FTPReply(code: 227, lines: ["(1,2,3,4,5)"])))
        XCTAssertNil(FTPPassive.pasv(FTPReply(code: 227, lines: ["(1,2,3,4,0,0)"])))
        XCTAssertNil(FTPPassive.pasv(FTPReply(code: 227, lines: ["(1111,2,3,4,5,6)"])))
        XCTAssertNil(FTPPassive.pasv(FTPReply(code: 200, lines: ["(1,2,3,4,5,6)"])))
        XCTAssertEqual(FTPPassive.epsv(FTPReply(code: 229, lines: ["Entering Extended Passive Mode (|||50000|)"])), 50_000)
        XCTAssertEqual(FTPPassive.epsv(FTPReply(code: 229, lines: ["(!!!21!)"])), 21)
        for bad in ["(|||0|)", "(|||70000|)", "(|||5x|)", "(||50000|)", "(|||123456|)", "()", ")(", "(1112)", "no parens"] {
            XCTAssertNil(FTPPassive.epsv(FTPReply(code: 229, lines: [bad])), bad)
        }
    }

    func testPassiveAddressOtherThanTheControlHostIsRefused() {
        let pasvSame = FTPReply(code: 227, lines: ["Entering Passive Mode (127,0,0,1,4,1)"])
        let pasvOther = FTPReply(code: 227, lines: ["Entering Passive Mode (10,0,0,5,4,1)"])
        XCTAssertTrue(FTPPassive.dataTarget(pasvSame, controlHost: "127.0.0.1")! == ("127.0.0.1", 1025))
        XCTAssertNil(FTPPassive.dataTarget(pasvOther, controlHost: "127.0.0.1"))
        XCTAssertTrue(FTPPassive.dataTarget(FTPReply(code: 229, lines: ["(|||2121|)"]), controlHost: "::1")! == ("::1", 2121))
        XCTAssertNil(FTPPassive.dataTarget(FTPReply(code: 500, lines: ["EPSV not understood"]), controlHost: "127.0.0.1"))
    }

    func testURLLoginAndPath() {
        let anonymous = FTPURL.login("ftp://198.51.100.9/bins/x")
        XCTAssertEqual([anonymous.user, anonymous.password], ["anonymous", "anonymous@"])
        let named = FTPURL.login("ftp://bot:p%40ss%3Aw@198.51.100.9:2121/x")
        XCTAssertEqual([named.user, named.password], ["bot", "p@ss:w"])
        XCTAssertEqual(FTPURL.path("/bins/mirai%2Earm7"), "bins/mirai.arm7")
        XCTAssertEqual(FTPURL.path("//etc/x?y=1"), "/etc/x")
        XCTAssertEqual(FTPURL.path("/a%0d%0aDELE%20x"), "a\r\nDELE x", "decoded here, refused by FTPGet")
        XCTAssertEqual(FTPURL.path("/bad%zz%4"), "bad%zz%4")
    }
}
