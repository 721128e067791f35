extension Commands {
    /// nc HOST PORT (netcat-openbsd wording); a listening `nc -l` just waits briefly and ends.
    static let nc = CommandSpec(["nc", "netcat", "ncat"], in: "/usr/bin", fakeSize: 39_288) { c in
        var operands: [String] = []
        var listen = false
        var args = c.args[...]
        while let a = args.first {
            args = args.dropFirst()
            if a.hasPrefix("-") {
                if a.contains("l") { listen = true }
                if ["-p", "-w", "-s", "-e", "-c", "-q", "-i", "-x", "-X"].contains(a) { args = args.dropFirst() }
                continue
            }
            operands.append(a)
        }
        if listen { await c.pause(1000); return 1 }
        guard operands.count >= 2 else {
            c.error("usage: nc [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl]\n\t  [-m minttl] [-O length] [-P proxy_username] [-p source_port]\n\t  [-q seconds] [-s sourceaddr] [-T keyword] [-V rtable] [-W recvlimit]\n\t  [-w timeout] [-X proxy_protocol] [-x proxy_address[:port]]\n\t  [destination] [port]\n")
            return 1
        }
        let host = operands[0], port = operands[1]
        switch await c.session.download("tcp://\(host):\(port)/", tool: "nc", savePath: nil) {
        case .fetched(let bytes):
            c.write(bytes)
            return 0
        case .failed(let why):
            if why == .unresolved { c.error("nc: getaddrinfo for host \"\(host)\" port \(port): Name or service not known\n") }
            else { c.error("nc: connect to \(host) port \(port) (tcp) failed: Connection refused\n") }
            return 1
        }
    }
}
