import Foundation
import MitsuCore

/// Chooses the answer to a request: the persona's default page, a lure picked by the path and what the
/// classifier saw, or the persona's own 404/405. Pure: the same request gives the same response bytes
/// (but for the Date header), so tests can pin them.
public struct WebResponder: Sendable {
    public let persona: WebPersona
    public let canaries: CanaryValues
    /// Last-Modified of the static pages: fixed per install, as a file's mtime would be.
    public let installDate: String
    public let etag: String

    public init(persona: WebPersona, canaries: CanaryValues, installedAt: Date) {
        self.persona = persona
        self.canaries = canaries
        self.installDate = WebPersona.httpDate(installedAt)
        let length = String(persona.defaultPage.utf8.count, radix: 16)
        switch persona.flavor {
        case .nginx:
            // nginx's ETag: hex mtime - hex length.
            self.etag = "\"\(String(Int(installedAt.timeIntervalSince1970), radix: 16))-\(length)\""
        case .apache:
            // Apache's: hex length - hex mtime in microseconds.
            self.etag = "\"\(length)-\(String(Int64(installedAt.timeIntervalSince1970 * 1_000_000), radix: 16))\""
        }
    }

    /// `port`: the scheme's default port (80, 443), which Apache names in its error pages when the Host
    /// header gives none.
    public func respond(to r: HTTPRequest, view: RequestView, classification c: WebClassification, port defaultPort: Int) -> HTTPResponse {
        let method = view.method
        let hostHeader = r.header("host").map { String($0.prefix(100)) }
        let host = hostHeader ?? persona.hostname
        // Apache's address line: the Host header's name and port, else ServerName and the default port.
        let (addressHost, hostPort) = hostHeader.map(Self.splitHostPort) ?? (persona.hostname, nil)
        let port = hostPort ?? defaultPort
        let rawMethod = r.method
        func error(_ status: Int, close: Bool = false) -> HTTPResponse {
            var e = self.error(status, host: addressHost, port: port, close: close, method: rawMethod)
            if persona.flavor == .apache, status == 405 || status == 501 { e.extraHeaders.append(("Allow", WebPersona.apacheAllow)) }
            return e
        }
        let post = method == "POST"
        let readable = method == "GET" || method == "HEAD"
        // Routed like nginx: decoded once, slashes merged, dot segments resolved, case-sensitive. A path
        // that climbs above the root is nginx's 400.
        // nginx refuses CONNECT and targets it cannot map to a path (`*`, `host:port`) with 400.
        guard method != "CONNECT", r.hasUsableTarget, let path = Self.normalisedPath(r.rawPath) else {
            return error(400, close: true)
        }
        if persona.flavor == .apache {
            // Apache decides on the method before any handler: OPTIONS lists what is allowed, TRACE is off
            // (Debian's TraceEnable Off: 405 with an empty Allow), other known methods are 405, unknown
            // ones 501. Debian's config denies `.ht*` files with 403.
            switch rawMethod {
            case "GET", "HEAD", "POST": break
            case "OPTIONS": return HTTPResponse(status: 200, body: "", extraHeaders: [("Allow", WebPersona.apacheAllow)])
            case "TRACE":
                var e = self.error(405, host: addressHost, port: port, method: rawMethod)
                e.extraHeaders.append(("Allow", ""))
                return e
            default: return error(WebPersona.apacheKnownMethods.contains(rawMethod) ? 405 : 501)
            }
            if path.split(separator: "/").last?.hasPrefix(".ht") == true { return error(403) }
        }

        // Vulnerable-looking answers first: these are what keeps an exploit chain going. Only for
        // parameters, as a vulnerable include() would see them; a bare /etc/passwd is a 404.
        if c.categories.contains("lfi"), view.args.contains("etc/passwd") {
            return HTTPResponse(status: 200, body: Lures.passwd)
        }
        if c.categories.contains("sqli"), readable || post {
            return HTTPResponse(status: 200, body: Lures.mysqlError(near: Self.sqlNear(view)))
        }
        switch path {
        case "/", "/index.html", "/index.nginx-debian.html":
            // nginx refuses POST to a static file; Apache serves it.
            guard readable || (post && persona.flavor == .apache) else { return error(405) }
            return HTTPResponse(status: 200, body: persona.defaultPage, extraHeaders: [("ETag", etag), ("Accept-Ranges", "bytes")],
                                lastModified: installDate)
        case "/robots.txt":
            return HTTPResponse(status: 200, contentType: "text/plain", body: Lures.robots, lastModified: installDate)
        case "/wp-login.php":
            var err: String?
            if post, let cred = c.credentials.first {
                err = "<strong>Error:</strong> The password you entered for the username <strong>\(HTML.escape(String(cred.username.prefix(60))))</strong> is incorrect. <a href=\"http://\(HTML.escape(host))/wp-login.php?action=lostpassword\">Lost your password?</a>"
            }
            return HTTPResponse(status: 200, contentType: "text/html; charset=UTF-8", body: Lures.wordpressLogin(host: host, error: err), extraHeaders: wpHeaders)
        case "/wp-admin", "/wp-admin/":
            return HTTPResponse(status: 302, contentType: "text/html; charset=UTF-8", body: "",
                                extraHeaders: [("Location", "http://\(Self.headerSafe(host))/wp-login.php?redirect_to=http%3A%2F%2F\(Self.headerSafe(host))%2Fwp-admin%2F&reauth=1")])
        case "/xmlrpc.php":
            if post {
                return HTTPResponse(status: 200, contentType: "text/xml; charset=UTF-8", body: Self.xmlrpcFault)
            }
            return HTTPResponse(status: 405, contentType: "text/plain;charset=UTF-8", body: "XML-RPC server accepts POST requests only.")
        case "/phpmyadmin":
            // nginx's redirect for a directory requested without its slash.
            let location = "http://\(Self.headerSafe(host))/phpmyadmin/"
            return HTTPResponse(status: 301, contentType: persona.errorContentType,
                                body: persona.errorPage(301, detail: persona.flavor == .apache ? location : nil, host: addressHost, port: port),
                                extraHeaders: [("Location", location)])
        case "/phpmyadmin/", "/phpmyadmin/index.php":
            let err = post ? "mysqli::real_connect(): (HY000/1045): Access denied for user '\(HTML.escape(String((c.credentials.first?.username ?? "").prefix(60))))'@'localhost' (using password: YES)" : nil
            return HTTPResponse(status: 200, contentType: "text/html; charset=utf-8", body: Lures.phpMyAdminLogin(error: err),
                                extraHeaders: [("Set-Cookie", "phpMyAdmin=\(Self.sessionToken(view)); path=/phpmyadmin/; HttpOnly")])
        case "/.env":
            var r = HTTPResponse(status: 200, contentType: "application/octet-stream", body: Lures.env(canaries), lastModified: installDate)
            r.leakedCanaries = CanaryValues.envNames
            return r
        case "/.git/config":
            var r = HTTPResponse(status: 200, contentType: "application/octet-stream", body: Lures.gitConfig(canaries), lastModified: installDate)
            r.leakedCanaries = CanaryValues.gitConfigNames
            return r
        case "/boaform/admin/formLogin", "/cgi-bin/luci", "/login.htm":
            return HTTPResponse(status: 200, body: Lures.routerLogin(host: host))
        case "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php":
            // What a vulnerable PHPUnit prints for a payload it ran without output.
            return HTTPResponse(status: 200, contentType: "text/html; charset=UTF-8", body: "")
        default:
            // nginx looks for the file first (try_files … =404): DELETE or PUT on a missing path is 404, as
            // Debian's nginx answers (Apache's method answers were given above).
            return error(404)
        }
    }

    /// `name:port` (or `[v6]:port`) of a Host header; the port only when it is a number.
    static func splitHostPort(_ h: String) -> (String, Int?) {
        if h.hasPrefix("["), let close = h.firstIndex(of: "]") {
            let rest = h[h.index(after: close)...]
            return (String(h[...close]), rest.hasPrefix(":") ? Int(rest.dropFirst()) : nil)
        }
        guard let colon = h.lastIndex(of: ":") else { return (h, nil) }
        return (String(h[..<colon]), Int(h[h.index(after: colon)...]))
    }

    /// The path as nginx resolves it for routing; nil when `..` climbs above the root (nginx: 400).
    static func normalisedPath(_ raw: Substring) -> String? {
        let decoded = String(decoding: Decoding.percentDecode(Array(raw.utf8), plusAsSpace: false), as: UTF8.self)
        var parts: [Substring] = []
        let segments = decoded.split(separator: "/", omittingEmptySubsequences: true)
        for seg in segments {
            if seg == "." { continue }
            if seg == ".." {
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
                continue
            }
            parts.append(seg)
        }
        let trailing = decoded.hasSuffix("/") || segments.last == "." || segments.last == ".."
        let joined = "/" + parts.joined(separator: "/")
        return trailing && !parts.isEmpty ? joined + "/" : joined
    }

    var wpHeaders: [(String, String)] {
        [("Expires", "Wed, 11 Jan 1984 05:00:00 GMT"), ("Cache-Control", "no-cache, must-revalidate, max-age=0, no-store, private"),
         ("Set-Cookie", "wordpress_test_cookie=WP%20Cookie%20check; path=/"), ("X-Frame-Options", "SAMEORIGIN")]
    }

    /// The persona's own error page (for a parser failure `detail` is nginx's second line).
    public func error(_ status: Int, detail: String? = nil, host: String? = nil, port: Int = 80, close: Bool = false,
                      method: String = "GET") -> HTTPResponse {
        HTTPResponse(status: status, contentType: persona.errorContentType,
                     body: persona.errorPage(status, detail: detail, host: host, port: port, method: method), close: close)
    }

    /// The part of the input MySQL would quote in its syntax error: from the first quote on.
    static func sqlNear(_ v: RequestView) -> String {
        let source = v.args.isEmpty ? v.uri : v.args
        if let q = source.firstIndex(where: { $0 == "'" || $0 == "\"" }) { return String(source[q...].dropFirst()) }
        return String(source.suffix(40))
    }

    static func sessionToken(_ v: RequestView) -> String {
        Digests.sha256(Array((v.userAgent + v.uri).utf8)).prefix(26).description
    }

    /// Host header text allowed into a response header: no CR/LF, no spaces (response splitting).
    static func headerSafe(_ s: String) -> String {
        String(s.unicodeScalars.filter { $0.value > 0x20 && $0.value < 0x7F && $0 != "%" }.map(Character.init).prefix(100))
    }

    static let xmlrpcFault = """
    <?xml version="1.0" encoding="UTF-8"?>
    <methodResponse>
      <fault>
        <value>
          <struct>
            <member>
              <name>faultCode</name>
              <value><int>403</int></value>
            </member>
            <member>
              <name>faultString</name>
              <value><string>Incorrect username or password.</string></value>
            </member>
          </struct>
        </value>
      </fault>
    </methodResponse>

    """
}
