extension Commands {
    /// wget [-q] [-O FILE] URL…: GNU Wget 1.21.3's progress lines; fetching goes through the `Fetcher`.
    static let wget = CommandSpec(["wget"], in: "/usr/bin", fakeSize: 523_544) { c in
        var quiet = false
        var output: String?
        var urls: [String] = []
        var args = c.args[...]
        while let a = args.first {
            args = args.dropFirst()
            switch a {
            case "-q", "--quiet", "-nv", "-qO-": quiet = true; if a == "-qO-" { output = "-" }
            case "-O", "--output-document": output = args.first; args = args.dropFirst()
            case "-P", "-t", "-T", "--tries", "--timeout", "-U", "--user-agent", "--header": args = args.dropFirst()
            default:
                if a.hasPrefix("-O"), a.count > 2 { output = String(a.dropFirst(2)) }
                else if a.hasPrefix("--output-document=") { output = String(a.dropFirst(18)) }
                else if a.hasPrefix("-q"), a.hasSuffix("O") { quiet = true; if let o = args.first { output = o; args = args.dropFirst() } }
                else if !a.hasPrefix("-") { urls.append(a) }
            }
        }
        guard !urls.isEmpty else {
            c.error("wget: missing URL\nUsage: wget [OPTION]... [URL]...\n\nTry `wget --help' for more options.\n")
            return 1
        }
        var status = 0
        for raw in urls {
            let url = raw.contains("://") ? raw : "http://" + raw
            let parts = URLParts(url)
            let stamp = Clock.format(c.now, "%Y-%m-%d %H:%M:%S")
            if !quiet { c.error("--\(stamp)--  \(url)\n") }
            let target = output == "-" ? nil : c.path(output ?? parts.fileName)
            // wget -O creates (truncates) its file before connecting; a failed fetch leaves it empty.
            if let target, output != nil { _ = c.fs.write(target, [], mtime: c.now) }
            let isIP = URLParts.isIPv4(parts.host)
            if !quiet, !isIP { c.error("Resolving \(parts.host) (\(parts.host))... ") }
            switch await c.session.download(url, tool: "wget", savePath: target) {
            case .fetched(let bytes):
                if !quiet, parts.scheme == "ftp" {
                    c.error(ftpTranscript(parts, name: output ?? parts.fileName, size: bytes.count, stamp: stamp))
                } else if !quiet {
                    c.error((isIP ? "" : "\(parts.host)\n") + "Connecting to \(parts.host) (\(parts.host))|\(parts.host)|:\(parts.port)... connected.\nHTTP request sent, awaiting response... 200 OK\nLength: \(bytes.count) [application/octet-stream]\nSaving to: ‘\(output ?? parts.fileName)’\n\n")
                    c.error("\(output ?? parts.fileName)".rightPadded(20) + "100%[===================>] \(bytes.count)  --.-KB/s    in 0s      \n\n\(stamp) (\(Int.random(in: 2...40)) MB/s) - ‘\(output ?? parts.fileName)’ saved [\(bytes.count)/\(bytes.count)]\n\n")
                }
                if output == "-" { c.write(bytes) }
            case .failed(let why):
                await c.pause(why == .timedOut ? 3000 : 30)
                status = 4
                guard !quiet else { continue }
                switch why {
                case .unresolved:
                    c.error("failed: Name or service not known.\nwget: unable to resolve host address ‘\(parts.host)’\n")
                case .refused:
                    c.error("Connecting to \(parts.host):\(parts.port)... failed: Connection refused.\n")
                case .timedOut:
                    c.error("Connecting to \(parts.host):\(parts.port)... failed: Connection timed out.\n")
                case .httpStatus(let code, let text):
                    c.error("Connecting to \(parts.host):\(parts.port)... connected.\nHTTP request sent, awaiting response... \(code) \(text)\n\(stamp) ERROR \(code): \(text).\n\n")
                    status = 8
                }
            }
        }
        return status
    }

    /// What Wget 1.21 prints for a successful ftp:// download (login, passive mode, RETR) instead of the HTTP lines.
    static func ftpTranscript(_ parts: URLParts, name: String, size: Int, stamp: String) -> String {
        let file = parts.fileName
        let directory = String(parts.path.dropLast(file.count))
        let cwd = directory.count > 1 ? "==> CWD (1) \(directory.dropLast()) ... done." : "==> CWD not needed."
        return """
                   => ‘\(name)’
        Connecting to \(parts.host):\(parts.port)... connected.
        Logging in as anonymous ... Logged in!
        ==> SYST ... done.    ==> PWD ... done.
        ==> TYPE I ... done.  \(cwd)
        ==> SIZE \(file) ... \(size)
        ==> PASV ... done.    ==> RETR \(file) ... done.
        Length: \(size) (unauthoritative)

        \(name.rightPadded(20))100%[===================>] \(size)  --.-KB/s    in 0s      

        \(stamp) (\(Int.random(in: 2...40)) MB/s) - ‘\(name)’ saved [\(size)]


        """
    }
}
