extension Commands {
    /// ping (iputils): names do not resolve and addresses do not answer, as on a host whose outbound
    /// traffic is dropped.
    static let ping = CommandSpec(["ping"], in: "/usr/bin", fakeSize: 89_768) { c in
        var count = 4
        var host: String?
        var args = c.args[...]
        while let a = args.first {
            args = args.dropFirst()
            if a == "-c" { count = min(max(1, Int(args.first ?? "") ?? 4), 10); args = args.dropFirst(); continue }
            if ["-i", "-W", "-w", "-s", "-I", "-t"].contains(a) { args = args.dropFirst(); continue }
            if !a.hasPrefix("-") { host = a }
        }
        guard let host else {
            c.error("ping: usage error: Destination address required\n")
            return 1
        }
        guard URLParts.isIPv4(host) else {
            await c.pause(40)
            c.error("ping: \(host): Temporary failure in name resolution\n")
            return 2
        }
        c.print("PING \(host) (\(host)) 56(84) bytes of data.\n")
        await c.pause(1000 * count)
        c.print("\n--- \(host) ping statistics ---\n\(count) packets transmitted, 0 received, 100% packet loss, time \(count * 1000 - 1000 + 31)ms\n\n")
        return 1
    }
}
