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
        WebPersona(flavor: .apache, server: "Apache/2.4.62 (Debian)", hostname: hostname)
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
    /// ("Request Header Or Cookie Too Large"); `port` and `host` feed Apache's address line.
    public func errorPage(_ status: Int, detail: String? = nil, host: String? = nil, port: Int = 80) -> String {
        switch flavor {
        case .nginx:
            let title = "\(status) \(detail ?? reason(status))"
            var page = "<html>\r\n<head><title>\(title)</title></head>\r\n<body>\r\n"
            page += "<center><h1>\(status) \(reason(status))</h1></center>\r\n"
            if let detail { page += "<center>\(detail)</center>\r\n" }
            page += "<hr><center>\(server)</center>\r\n</body>\r\n</html>\r\n"
            return page
        case .apache:
            let (heading, text) = Self.apacheText(status)
            let address = HTML.escape(host ?? hostname)
            return "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>\(status) \(reason(status))</title>\n</head><body>\n<h1>\(heading)</h1>\n<p>\(text)</p>\n<hr>\n<address>\(server) Server at \(address) Port \(port)</address>\n</body></html>\n"
        }
    }

    static func apacheText(_ status: Int) -> (String, String) {
        switch status {
        case 400: return ("Bad Request", "Your browser sent a request that this server could not understand.<br />\n")
        case 403: return ("Forbidden", "You don't have permission to access this resource.")
        case 404: return ("Not Found", "The requested URL was not found on this server.")
        case 405: return ("Method Not Allowed", "The requested method is not allowed for this URL.")
        case 413: return ("Request Entity Too Large", "The requested resource does not allow request data with the requested method or the amount of data provided in the request exceeds the capacity limit.")
        case 414: return ("Request-URI Too Long", "The requested URL's length exceeds the capacity\nlimit for this server.<br />\n")
        case 501: return ("Not Implemented", "The requested method is not supported.")
        default: return ("Internal Server Error", "The server encountered an internal error or\nmisconfiguration and was unable to complete\nyour request.")
        }
    }

    /// The page a fresh install serves at `/`.
    public var defaultPage: String {
        switch flavor {
        case .nginx: return Self.nginxWelcome
        case .apache: return "<!DOCTYPE html>\n<html>\n<head>\n<title>Apache2 Debian Default Page: It works</title>\n</head>\n<body>\n<h1>Apache2 Debian Default Page</h1>\n<p>It works!</p>\n<p>This is the default welcome page used to test the correct operation of the Apache2 server after installation on Debian systems.</p>\n</body>\n</html>\n"
        }
    }

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
