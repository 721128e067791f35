extension Commands {
    /// head/tail [-n N | -N | -c N] [FILE…]
    static let head = CommandSpec(["head"], in: "/usr/bin", fakeSize: 47_480) { c in await headTail(c, head: true) }
    static let tail = CommandSpec(["tail"], in: "/usr/bin", fakeSize: 64_448) { c in await headTail(c, head: false) }

    static func headTail(_ c: Invocation, head: Bool) async -> Int {
        var count = 10
        var bytesMode = false
        var files: [String] = []
        var args = c.args[...]
        while let a = args.first {
            args = args.dropFirst()
            if a == "-n" || a == "-c" {
                bytesMode = a == "-c"
                count = Int((args.first ?? "10").trimmingCharacters(in: "+-")) ?? 10
                args = args.dropFirst()
            } else if a.hasPrefix("-n") || a.hasPrefix("-c") {
                bytesMode = a.hasPrefix("-c")
                count = Int(a.dropFirst(2).trimmingCharacters(in: "+-")) ?? 10
            } else if a.hasPrefix("-"), let n = Int(a.dropFirst()) {
                count = n
            } else if a == "-f" || a == "-q" {
                continue
            } else {
                files.append(a)
            }
        }
        var status = 0
        for f in files.isEmpty ? ["-"] : files {
            guard let bytes = c.readInput(f) else { status = 1; continue }
            if files.count > 1 { c.print("==> \(f) <==\n") }
            if bytesMode {
                c.write(head ? Array(bytes.prefix(count)) : Array(bytes.suffix(count)))
                continue
            }
            var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
            if bytes.last == 0x0A { lines.removeLast() }
            let chosen = head ? lines.prefix(count) : lines.suffix(count)
            for l in chosen { c.write(Array(l) + [0x0A]) }
        }
        return status
    }
}

extension StringProtocol {
    func trimmingCharacters(in set: String) -> String {
        String(self.drop(while: { set.contains($0) }))
    }
}
