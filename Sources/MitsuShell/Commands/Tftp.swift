extension Commands {
    /// tftp: tftp-hpa's `tftp HOST -c get FILE` and busybox's `tftp -g -r FILE HOST` forms.
    static let tftp = CommandSpec(["tftp"], in: "/usr/bin", fakeSize: 43_344) { c in
        var remote: String?
        var local: String?
        var host: String?
        var busyboxStyle = false
        var port: Int?
        var args = c.args[...]
        while let a = args.first {
            args = args.dropFirst()
            switch a {
            case "-r": remote = args.first; args = args.dropFirst(); busyboxStyle = true
            case "-l": local = args.first; args = args.dropFirst(); busyboxStyle = true
            case "-g", "-p": busyboxStyle = true
            case "-c":
                if args.first == "get" || args.first == "put" { args = args.dropFirst() }
                remote = args.first
                args = args.dropFirst()
                if let l = args.first { local = l; args = args.dropFirst() }
            default:
                if !a.hasPrefix("-") {
                    if host == nil { host = a } else if port == nil, let p = Int(a), (1...65535).contains(p) { port = p }
                }
            }
        }
        guard let host, let remote else {
            if !busyboxStyle, host != nil { return 0 }  // interactive tftp prompt: nothing to fetch
            c.error("usage: tftp [-4][-6][-v][-V][-l][-m mode][-R port:port] [host [port]] [-c command]\n")
            return 1
        }
        let name = local ?? FSPath.basename(remote)
        let authority = port.map { "\(host):\($0)" } ?? host
        switch await c.session.download("tftp://\(authority)/\(remote)", tool: "tftp", savePath: c.path(name)) {
        case .fetched: return 0
        case .failed:
            await c.pause(3000)
            c.error(busyboxStyle ? "tftp: timeout\n" : "Transfer timed out.\n\n")
            return 1
        }
    }

    /// busybox ftpget [-v] [-u USER] [-p PASS] [-P PORT] HOST LOCAL REMOTE
    static let ftpget = CommandSpec(["ftpget"], in: "/usr/bin", fakeSize: 43_344) { c in
        var operands: [String] = []
        var port = "21"
        var user: String?
        var password: String?
        var args = c.args[...]
        while let a = args.first {
            args = args.dropFirst()
            if a == "-u" { user = args.first; args = args.dropFirst(); continue }
            if a == "-p" { password = args.first; args = args.dropFirst(); continue }
            if a == "-P" { port = args.first ?? "21"; args = args.dropFirst(); continue }
            if a.hasPrefix("-") { continue }
            operands.append(a)
        }
        guard operands.count >= 2 else {
            c.error("BusyBox v1.35.0 (Debian 1:1.35.0-4+b3) multi-call binary.\n\nUsage: ftpget [OPTIONS] HOST [LOCAL_FILE] REMOTE_FILE\n")
            return 1
        }
        let host = operands[0]
        let remote = operands.count > 2 ? operands[2] : operands[1]
        let local = operands[1]
        // The login rides in the URL (percent-encoded), as `ftp://user:pass@host/` would carry it.
        let login = user.map { u in percentEncoded(u) + (password.map { ":" + percentEncoded($0) } ?? "") + "@" } ?? ""
        let url = "ftp://\(login)\(host):\(port)/\(percentEncoded(remote, keepSlash: true))"
        switch await c.session.download(url, tool: "ftpget", savePath: c.path(local)) {
        case .fetched: return 0
        case .failed(let why):
            c.error(why == .unresolved ? "ftpget: bad address '\(host)'\n" : "ftpget: can't connect to remote host (\(host)): Connection refused\n")
            return 1
        }
    }

    /// RFC 3986 unreserved characters kept, everything else `%XX` (attacker text inside a URL).
    static func percentEncoded(_ text: String, keepSlash: Bool = false) -> String {
        var out = ""
        for b in text.utf8 {
            let keep = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                || b == 0x2D || b == 0x2E || b == 0x5F || b == 0x7E || (keepSlash && b == 0x2F)
            if keep {
                out.unicodeScalars.append(Unicode.Scalar(b))
            } else {
                let digits = Array("0123456789ABCDEF".unicodeScalars)
                out += "%"
                out.unicodeScalars.append(digits[Int(b >> 4)])
                out.unicodeScalars.append(digits[Int(b & 0x0F)])
            }
        }
        return out
    }
}
