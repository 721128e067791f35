import Foundation

/// The web server a honeypot pretends to be: its exact `Server` header, error pages and default page.
/// nginx 1.22.1 (Debian 12's package) is the default; its pages here are byte-identical to the real
/// server's (the tests compare them with responses captured from Debian's nginx).
public struct WebPersona: Sendable, Equatable {
    public enum Flavor: String, Sendable, CaseIterable { case nginx, apache }

    public var flavor: Flavor
    /// The `Server` header value.
    public var server: String
    /// Host name shown in lures and the certificate's CN.
    public var hostname: String

    public static func nginx(hostname: String) -> WebPersona {
        WebPersona(flavor: .nginx, server: "nginx/1.22.1", hostname: hostname)
    }

    public static func apache(hostname: String) -> WebPersona {
        WebPersona(flavor: .apache, server: "Apache/2.4.71 (Debian)", hostname: hostname)
    }

    public static func named(_ name: String, hostname: String) -> WebPersona? {
        switch name {
        case "nginx": return .nginx(hostname: hostname)
        case "apache": return .apache(hostname: hostname)
        default: return nil
        }
    }

    /// Reason phrases as the persona prints them (nginx says "Not Allowed" for 405, Apache "Method Not Allowed").
    public func reason(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 204: return "No Content"
        case 301: return "Moved Permanently"
        case 302: return flavor == .nginx ? "Moved Temporarily" : "Found"
        case 304: return "Not Modified"
        case 400: return "Bad Request"
        case 401: return flavor == .nginx ? "Unauthorized" : "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return flavor == .nginx ? "Not Allowed" : "Method Not Allowed"
        case 408: return "Request Time-out"
        case 413: return flavor == .nginx ? "Request Entity Too Large" : "Request Entity Too Large"
        case 414: return flavor == .nginx ? "Request-URI Too Large" : "Request-URI Too Long"
        case 500: return "Internal Server Error"
        case 501: return "Not Implemented"
        case 502: return "Bad Gateway"
        case 503: return "Service Temporarily Unavailable"
        case 505: return "HTTP Version Not Supported"
        default: return "Unknown"
        }
    }

    /// The server's built-in error page. `detail` is nginx's second line for special 400s
    /// ("Request Header Or Cookie Too Large"); `port` and `host` feed Apache's address line, `method`
    /// its 405 and 501 texts.
    public func errorPage(_ status: Int, detail: String? = nil, host: String? = nil, port: Int = 80, method: String = "GET") -> String {
        switch flavor {
        case .nginx:
            let title = "\(status) \(detail ?? reason(status))"
            var page = "<html>\r\n<head><title>\(title)</title></head>\r\n<body>\r\n"
            page += "<center><h1>\(status) \(reason(status))</h1></center>\r\n"
            if let detail { page += "<center>\(detail)</center>\r\n" }
            page += "<hr><center>\(server)</center>\r\n</body>\r\n</html>\r\n"
            return page
        case .apache:
            let (heading, text) = Self.apacheText(status, detail: detail, method: HTML.escape(method))
            let address = HTML.escape(host ?? hostname)
            // The 413 text is Apache's one page without a paragraph around it.
            let paragraph = status == 413 ? text + "\n" : "<p>\(text)</p>\n"
            return "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\" \"http://www.w3.org/TR/html4/strict.dtd\">\n<html><head>\n<title>\(status) \(reason(status))</title>\n</head><body>\n<h1>\(heading)</h1>\n\(paragraph)<hr>\n<address>\(server) Server at \(address) Port \(port)</address>\n</body></html>\n"
        }
    }

    /// Apache 2.4's texts (modules/http/http_protocol.c), as Debian 12's apache2 prints them.
    static func apacheText(_ status: Int, detail: String?, method: String) -> (String, String) {
        switch status {
        case 400:
            var text = "Your browser sent a request that this server could not understand.<br />\n"
            if detail == "Request Header Or Cookie Too Large" {
                text += "Size of a request header field exceeds server limit."
            } else if detail == "The plain HTTP request was sent to HTTPS port" {
                text += "Reason: You're speaking plain HTTP to an SSL-enabled server port.<br />\n Instead use the HTTPS scheme to access this URL, please.<br />\n"
            }
            return ("Bad Request", text)
        case 301, 302:
            return (status == 301 ? "Moved Permanently" : "Found", "The document has moved <a href=\"\(HTML.escape(detail ?? "/"))\">here</a>.")
        case 403: return ("Forbidden", "You don't have permission to access this resource.")
        case 404: return ("Not Found", "The requested URL was not found on this server.")
        case 405: return ("Method Not Allowed", "The requested method \(method) is not allowed for this URL.")
        case 413: return ("Request Entity Too Large", "The requested resource does not allow request data with \(method) requests, or the amount of data provided in\nthe request exceeds the capacity limit.")
        case 414: return ("Request-URI Too Long", "The requested URL's length exceeds the capacity\nlimit for this server.<br />\n")
        case 501: return ("Not Implemented", "\(method) not supported for current URL.<br />\n")
        default: return ("Internal Server Error", "The server encountered an internal error or\nmisconfiguration and was unable to complete\nyour request.")
        }
    }

    /// Content-Type of the server's own error pages.
    public var errorContentType: String { flavor == .apache ? "text/html; charset=iso-8859-1" : "text/html" }

    /// The page a fresh install serves at `/`.
    public var defaultPage: String {
        switch flavor {
        case .nginx: return Self.nginxWelcome
        case .apache: return Self.apacheDefault
        }
    }

    /// Debian 12's /var/www/html/index.html from the apache2 package (10,701 bytes), shipped as a
    /// resource; a short stand-in only if the resource is missing.
    static let apacheDefault: String = {
        let candidates = [
            Bundle.main.bundleURL.appendingPathComponent("Mitsu_MitsuWeb.resources/Pages/apache2-debian-default.html").path,
            URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
                .appendingPathComponent("Mitsu_MitsuWeb.resources/Pages/apache2-debian-default.html").path,
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Pages/apache2-debian-default.html").path,
        ]
        for c in candidates { if let d = FileManager.default.contents(atPath: c) { return String(decoding: d, as: UTF8.self) } }
        return "<!DOCTYPE html>\n<html>\n<head>\n<title>Apache2 Debian Default Page: It works</title>\n</head>\n<body>\n<h1>Apache2 Debian Default Page</h1>\n<p>It works!</p>\n</body>\n</html>\n"
    }()

    /// Debian's MaxKeepAliveRequests: the connection closes after this many requests.
    static let apacheMaxKeepAliveRequests = 100

    /// Apache's answer to a method it knows but the URL does not allow, what OPTIONS lists.
    static let apacheAllow = "GET,POST,OPTIONS,HEAD"
    /// Methods Apache's core registers (a method outside them is 501 Not Implemented, not 405).
    static let apacheKnownMethods: Set<String> = [
        "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH", "PROPFIND", "PROPPATCH", "MKCOL",
        "COPY", "MOVE", "LOCK", "UNLOCK", "VERSION-CONTROL", "REPORT", "CHECKOUT", "CHECKIN", "UNCHECKOUT",
        "MKWORKSPACE", "UPDATE", "LABEL", "MERGE", "BASELINE-CONTROL", "MKACTIVITY", "ORDERPATCH", "ACL", "SEARCH",
    ]

    /// Debian 12's /var/www/html/index.nginx-debian.html, 615 bytes.
    static let nginxWelcome = """
    <!DOCTYPE html>
    <html>
    <head>
    <title>Welcome to nginx!</title>
    <style>
    html { color-scheme: light dark; }
    body { width: 35em; margin: 0 auto;
    font-family: Tahoma, Verdana, Arial, sans-serif; }
    </style>
    </head>
    <body>
    <h1>Welcome to nginx!</h1>
    <p>If you see this page, the nginx web server is successfully installed and
    working. Further configuration is required.</p>

    <p>For online documentation and support please refer to
    <a href="http://nginx.org/">nginx.org</a>.<br/>
    Commercial support is available at
    <a href="http://nginx.com/">nginx.com</a>.</p>

    <p><em>Thank you for using nginx.</em></p>
    </body>
    </html>

    """

    /// HTTP date (RFC 7231 IMF-fixdate), as both servers print it.
    public static func httpDate(_ date: Date) -> String {
        var t = time_t(date.timeIntervalSince1970)
        var tmv = tm()
        gmtime_r(&t, &tmv)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let wd = days[Int(tmv.tm_wday) % 7], mo = months[Int(tmv.tm_mon) % 12]
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(wd), \(two(tmv.tm_mday)) \(mo) \(tmv.tm_year + 1900) \(two(tmv.tm_hour)):\(two(tmv.tm_min)):\(two(tmv.tm_sec)) GMT"
    }
}

/// HTML escaping for anything that came from the client: the only way attacker text reaches a page.
public enum HTML {
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                if c.value < 0x20 && c != "\n" && c != "\t" { out += "&#\(c.value);" } else { out.unicodeScalars.append(c) }
            }
        }
        return out
    }
}
