/// The FTP parts of a URL `URLParts` leaves out: the login (`ftp://user:pass@host/…`, percent-encoded as
/// busybox ftpget's `-u`/`-p` are passed) and the path to RETR (relative to the login directory, as
/// `ftp://host/bins/x` means; `ftp://host//abs` is absolute).
enum FTPURL {
    static func login(_ url: String) -> FTPGet.Login {
        var rest = Substring(url)
        if let r = rest.range(of: "://") { rest = rest[r.upperBound...] }
        let authority = rest.prefix { $0 != "/" }
        guard let at = authority.lastIndex(of: "@") else { return FTPGet.Login() }
        let info = authority[authority.startIndex..<at]
        let user = info.prefix { $0 != ":" }
        let password = user.endIndex < info.endIndex ? info[info.index(after: user.endIndex)...] : ""
        var login = FTPGet.Login()
        if !user.isEmpty { login.user = decode(user) }
        if !password.isEmpty || info.contains(":") { login.password = decode(password) }
        return login
    }

    static func path(_ urlPath: String) -> String {
        let withoutQuery = urlPath.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return decode(withoutQuery.hasPrefix("/") ? withoutQuery.dropFirst() : withoutQuery)
    }

    /// `%XX` decoded; a malformed escape stays as typed. (CR/LF decoded here are refused by FTPGet.)
    static func decode(_ text: Substring) -> String {
        var out: [UInt8] = []
        let bytes = Array(text.utf8)
        var k = 0
        while k < bytes.count {
            if bytes[k] == 0x25, k + 2 < bytes.count, let h = hex(bytes[k + 1]), let l = hex(bytes[k + 2]) {
                out.append(h << 4 | l)
                k += 3
            } else {
                out.append(bytes[k])
                k += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hex(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: return b - 0x30
        case 0x41...0x46: return b - 0x37
        case 0x61...0x66: return b - 0x57
        default: return nil
        }
    }
}
