extension Commands {
    /// curl [-s] [-o FILE | -O] URL (curl 7.88.1 wording).
    static let curl = CommandSpec(["curl"], in: "/usr/bin", fakeSize: 284_680) { c in
        var silent = false
        var showErrors = false
        var output: String?
        var remoteName = false
        var urls: [String] = []
        var args = c.args[...]
        while let a = args.first {
            args = args.dropFirst()
            if a == "-o" || a == "--output" { output = args.first; args = args.dropFirst(); continue }
            if ["-A", "-H", "-d", "-X", "-u", "-e", "--user-agent", "--header", "--data", "-m", "--max-time", "--connect-timeout", "-x"].contains(a) { args = args.dropFirst(); continue }
            if a.hasPrefix("--") { if a == "--silent" { silent = true }; if a == "--remote-name" { remoteName = true }; continue }
            if a.hasPrefix("-"), a.count > 1 {
                if a.contains("s") { silent = true }
                if a.contains("S") { showErrors = true }
                if a.contains("O") { remoteName = true }
                if a.hasSuffix("o") { output = args.first; args = args.dropFirst() }
                continue
            }
            urls.append(a)
        }
        guard let raw = urls.first else {
            c.error("curl: try 'curl --help' or 'curl --manual' for more information\n")
            return 2
        }
        let url = raw.contains("://") ? raw : "http://" + raw
        let parts = URLParts(url)
        let save = output.map { $0 == "-" ? nil : c.path($0) } ?? (remoteName ? c.path(parts.fileName) : nil)
        switch await c.session.download(url, tool: "curl", savePath: save) {
        case .fetched(let bytes):
            if save == nil { c.write(bytes) }
            return 0
        case .failed(let why):
            await c.pause(why == .timedOut ? 3000 : 20)
            let quiet = silent && !showErrors
            switch why {
            case .unresolved:
                if !quiet { c.error("curl: (6) Could not resolve host: \(parts.host)\n") }
                return 6
            case .refused, .timedOut:
                if !quiet { c.error("curl: (7) Failed to connect to \(parts.host) port \(parts.port) after \(why == .refused ? Int.random(in: 1...9) : 130_512) ms: Couldn't connect to server\n") }
                return 7
            case .httpStatus:
                return 0
            }
        }
    }
}
